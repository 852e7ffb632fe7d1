/*
 * src/boot/fault.c - exception dispatch for the firmware: decode data and
 * prefetch aborts (DFSR/IFSR, DFAR/IFAR) and undefined instructions, print
 * them, and let tests declare a fault they expect and resume after it.
 *
 * Covers the ARMv7 fault status encodings (ARM ARM DDI 0406C B4.1.52 DFSR,
 * B4.1.96 IFSR; table B3-23 "Short-descriptor format FSR encodings" and,
 * when the CPU runs long-descriptor tables, table B3-24 "Long-descriptor
 * format FSR encodings"), ARM and Thumb faulting code. Does not cover
 * asynchronous aborts (reported as "other"), FIQ (reported
 * and fatal; so is an IRQ unless boot_irq_handler is set), exceptions
 * taken to Hyp mode (src/boot/hyp.c decodes those, and records the
 * expected ones through fault_record). Fault hooks and the retry of
 * transient faults (another CPU's break-before-make) are described in
 * boot.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include <vmsa/arch.h>

#include "boot.h"

/* The frame start.S builds on the exception mode's stack. */
struct exc_frame {
	uint32_t spsr;
	uint32_t r[13];
	uint32_t lr_mode;      /* LR of the interrupted mode */
	uint32_t ret;          /* LR of the exception mode: return address */
};

/* Expected-fault state, one per CPU (each CPU has its own abort stack). */
static volatile int expected_[BOOT_MAX_CPUS];   /* enum exc_kind, 0 = none */
static struct fault_info last_[BOOT_MAX_CPUS];
static volatile bool taken_[BOOT_MAX_CPUS];
#define expected expected_[boot_cpu_id()]
#define last last_[boot_cpu_id()]
#define taken taken_[boot_cpu_id()]

static struct {
	uint32_t lo, hi;
	boot_fault_fn fn;
	void *arg;
} hooks[BOOT_FAULT_HOOKS];
static volatile uint32_t transients[BOOT_MAX_CPUS];
struct vmsa_table *boot_fault_table = &boot_table;
boot_irq_fn volatile boot_irq_handler;

int boot_fault_hook(uint32_t va_lo, uint32_t va_hi, boot_fault_fn fn,
                    void *arg)
{
	for (int i = 0; i < BOOT_FAULT_HOOKS; i++) {
		if (hooks[i].fn == NULL) {
			hooks[i].lo = va_lo;
			hooks[i].hi = va_hi;
			hooks[i].arg = arg;
			__asm__ volatile("" : : : "memory");
			hooks[i].fn = fn;
			return i;
		}
	}
	return -1;
}

void boot_fault_unhook(int id)
{
	if (id >= 0 && id < BOOT_FAULT_HOOKS)
		hooks[id].fn = NULL;
}

unsigned boot_fault_transients(unsigned cpu)
{
	return transients[cpu & (BOOT_MAX_CPUS - 1u)];
}

/*
 * A translation fault on a VA that the live SMP table maps once the
 * engine's lock is free: the walk met the fault entry of another CPU's
 * break-before-make (B3.10.1), not a missing mapping. The lock makes the
 * software walk see a finished update; the walker of this CPU sees the
 * same table when the instruction runs again (TLBs hold no faults). A
 * table write that never reaches the walker would retry for ever: give up
 * after a bound and report the fault.
 */
static bool transient_fault(const struct fault_info *f)
{
	static uint32_t streak_far[BOOT_MAX_CPUS], streak[BOOT_MAX_CPUS];
	struct vmsa_table *t = boot_fault_table;
	unsigned cpu = boot_cpu_id();
	vmsa_pa_t pa;
	int rc;

	if (t == NULL || (t->flags & (VMSA_TF_LIVE | VMSA_TF_SMP)) !=
	                 (VMSA_TF_LIVE | VMSA_TF_SMP))
		return false;
	/* Taken inside a call that writes on this CPU: it cannot be the
	 * break-before-make window of another CPU. */
	if (!vmsa_arch_lock())
		return false;
	rc = vmsa_translate_pa(t, vmsa_va(f->far), &pa);
	vmsa_arch_unlock();
	if (rc != VMSA_OK)
		return false;
	if (streak_far[cpu] == f->far && ++streak[cpu] > 10000u)
		return false;
	if (streak_far[cpu] != f->far) {
		streak_far[cpu] = f->far;
		streak[cpu] = 1;
	}
	transients[cpu]++;
	return true;
}

static const char *const exc_names[] = {
	"none", "undefined instruction", "SVC", "prefetch abort",
	"data abort", "IRQ", "FIQ",
};

const char *fault_type_name(enum fault_type t)
{
	static const char *const n[] = {
		"other", "alignment", "translation", "access flag", "domain",
		"permission", "external abort", "debug event",
	};
	return (unsigned)t < sizeof n / sizeof n[0] ? n[t] : "?";
}

/* The long-descriptor format (TTBCR.EAE = 1; FSR bit 9, LPAE, says so):
 * STATUS in bits 5:0, table B3-24 "Long-descriptor format FSR
 * encodings". In the translation (0b0001LL), access flag (0b0010LL),
 * permission (0b0011LL) and walk external abort (0b0101LL) rows LL is
 * the level, 1 to 3 (there is no level 0 with 32-bit input addresses);
 * address size faults (0b0000LL) and the rest are "other". No domains. */
#define FSR_LPAE (1u << 9)

static void fault_decode_lpae(struct fault_info *f)
{
	static const enum fault_type row[16] = {
		[1] = FT_TRANSLATION, [2] = FT_ACCESS_FLAG, [3] = FT_PERMISSION,
		[5] = FT_EXTERNAL,
	};
	unsigned lvl = f->fs & 3u;

	f->domain = 0;
	f->type = row[f->fs >> 2];
	if (f->type != FT_OTHER && lvl != 0)
		f->level = (int)lvl;
	else if (f->fs == 0x21)
		f->type = FT_ALIGNMENT;
	else if (f->fs == 0x22)
		f->type = FT_DEBUG;
	else if (f->fs == 0x10)
		f->type = FT_EXTERNAL;  /* synchronous, not on a walk */
	else
		f->type = FT_OTHER;
}

/* Table B3-23. FS[4] is FSR bit 10, FS[3:0] bits 3:0. Level 1 is the
 * "section" row (first-level descriptor), level 2 the "page" row. With
 * the LPAE bit (9) set: fault_decode_lpae. */
void fault_decode(enum exc_kind exc, uint32_t fsr, struct fault_info *f)
{
	f->exc = exc;
	f->fsr = fsr;
	f->write = exc == EXC_DABT && (fsr & (1u << 11)) != 0; /* WnR */
	f->level = 0;
	f->lpae = (fsr & FSR_LPAE) != 0;
	if (f->lpae) {
		f->fs = fsr & 0x3fu;
		fault_decode_lpae(f);
		return;
	}
	f->fs = (fsr & 0xfu) | ((fsr >> 6) & 0x10u);
	f->domain = (fsr >> 4) & 0xfu;
	switch (f->fs) {
	case 0x01: f->type = FT_ALIGNMENT; break;
	case 0x05: f->type = FT_TRANSLATION; f->level = 1; break;
	case 0x07: f->type = FT_TRANSLATION; f->level = 2; break;
	case 0x03: f->type = FT_ACCESS_FLAG; f->level = 1; break;
	case 0x06: f->type = FT_ACCESS_FLAG; f->level = 2; break;
	case 0x09: f->type = FT_DOMAIN; f->level = 1; break;
	case 0x0b: f->type = FT_DOMAIN; f->level = 2; break;
	case 0x0d: f->type = FT_PERMISSION; f->level = 1; break;
	case 0x0f: f->type = FT_PERMISSION; f->level = 2; break;
	case 0x0c: f->type = FT_EXTERNAL; f->level = 1; break; /* on walk */
	case 0x0e: f->type = FT_EXTERNAL; f->level = 2; break;
	case 0x08: case 0x16: f->type = FT_EXTERNAL; break;
	case 0x02: f->type = FT_DEBUG; break;
	default:   f->type = FT_OTHER; break;
	}
}

static void print_fault(const char *what, const struct fault_info *f,
                        const struct exc_frame *fr)
{
	printf("# %s%s at pc 0x%08lx (mode 0x%02lx)", what, exc_names[f->exc],
	       (unsigned long)f->pc, (unsigned long)f->mode);
	if (f->exc == EXC_DABT || f->exc == EXC_PABT) {
		printf(": %s fault", fault_type_name(f->type));
		if (f->level && f->lpae)
			printf(", level %d (long descriptors)", f->level);
		else if (f->level)
			printf(", %s", f->level == 1 ? "section (L1)" : "page (L2)");
		if (f->exc == EXC_DABT)
			printf(", %s", f->write ? "write" : "read");
		printf(", address 0x%08lx, %s 0x%03lx",
		       (unsigned long)f->far, f->exc == EXC_DABT ? "DFSR" : "IFSR",
		       (unsigned long)f->fsr);
		if (!f->lpae)
			printf(", domain %u", f->domain);
	}
	printf("\n");
	if (fr)
		printf("# r0 %08lx r1 %08lx r2 %08lx r3 %08lx lr %08lx spsr %08lx\n",
		       (unsigned long)fr->r[0], (unsigned long)fr->r[1],
		       (unsigned long)fr->r[2], (unsigned long)fr->r[3],
		       (unsigned long)fr->lr_mode, (unsigned long)fr->spsr);
}

/* Length of the instruction at pc in the state SPSR says (A6.1: a Thumb
 * halfword 0b11101/0b11110/0b11111 in bits 15:11 starts a 32-bit one). */
static uint32_t insn_len(uint32_t pc, uint32_t spsr)
{
	if (!(spsr & (1u << 5)))
		return 4;
	uint16_t hw = *(const volatile uint16_t *)pc;
	return (hw >> 11) >= 0x1d ? 4 : 2;
}

bool fault_record(struct fault_info *f)
{
	if (expected != (int)f->exc)
		return false;
	f->count = last.count + 1;
	last = *f;
	taken = true;
	expected = EXC_NONE;
	return true;
}

void exc_dispatch(struct exc_frame *fr, int kind);

void exc_dispatch(struct exc_frame *fr, int kind)
{
	struct fault_info f = { 0 };
	bool thumb = (fr->spsr & (1u << 5)) != 0;
	boot_irq_fn irq = boot_irq_handler;

	if (kind == EXC_IRQ && irq != NULL) {
		irq();
		fr->ret -= 4;   /* preferred return: LR_irq - 4 (table B1-7) */
		return;
	}
	/* Preferred return addresses, table B1-7. */
	switch (kind) {
	case EXC_DABT:
		f.pc = fr->ret - 8;
		fault_decode(EXC_DABT, read_dfsr(), &f);
		f.far = read_dfar();
		break;
	case EXC_PABT:
		f.pc = fr->ret - 4;
		fault_decode(EXC_PABT, read_ifsr(), &f);
#if defined(__ARM_ARCH) && __ARM_ARCH >= 6
		f.far = read_ifar();
#else
		/* ARMv5 (ARM926EJ-S) has an IFSR but no IFAR (reading it is
		 * UNDEFINED): the aborted fetch is the instruction's own. */
		f.far = f.pc;
#endif
		f.write = false;
		break;
	case EXC_UNDEF:
		f.pc = fr->ret - (thumb ? 2 : 4);
		f.exc = EXC_UNDEF;
		break;
	default:
		f.pc = fr->ret;
		f.exc = (enum exc_kind)kind;
		break;
	}
	f.mode = fr->spsr & 0x1fu;

	/* Translation faults: another CPU's break-before-make window, then
	 * the hooks; a retry runs the faulting instruction again (DABT and
	 * PABT alike return to f.pc, in the state SPSR holds). */
	if ((kind == EXC_DABT || kind == EXC_PABT) &&
	    f.type == FT_TRANSLATION) {
		bool retry = transient_fault(&f);
		for (int i = 0; !retry && i < BOOT_FAULT_HOOKS; i++) {
			boot_fault_fn fn = hooks[i].fn;
			if (fn != NULL && f.far >= hooks[i].lo &&
			    f.far < hooks[i].hi)
				retry = fn(hooks[i].arg, &f) == BOOT_FAULT_RETRY;
		}
		if (retry) {
			fr->ret = f.pc;
			return;
		}
	}

	if (!fault_record(&f)) {
		print_fault("unexpected ", &f, fr);
		exit(3);
	}

	if (kind == EXC_PABT)
		/* The instruction cannot be fetched, so there is nothing to
		 * skip: return as the branched-to function would have. */
		fr->ret = fr->lr_mode;
	else
		fr->ret = f.pc + insn_len(f.pc, fr->spsr);
	/* Return into the state of the caller: LR bit 0 is the Thumb bit
	 * of a BLX return address. */
	if (kind == EXC_PABT) {
		if (fr->ret & 1u)
			fr->spsr |= 1u << 5;
		else
			fr->spsr &= ~(1u << 5);
		fr->ret &= ~1u;
	}
}

void expect_fault(enum exc_kind exc)
{
	taken = false;
	last.count = 0;
	__asm__ volatile("" : : : "memory");
	expected = exc;
}

bool fault_taken(struct fault_info *out)
{
	bool t = taken;
	__asm__ volatile("" : : : "memory");
	if (t && out)
		*out = last;
	taken = false;
	expected = EXC_NONE;
	return t;
}
