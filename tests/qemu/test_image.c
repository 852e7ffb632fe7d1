/*
 * tests/qemu/test_image.c - the firmware image as the boot stub maps it
 * (src/boot/image.c), judged by real faults on the ARMv7 boards, and the
 * W^X debug option (vmsa_set_wx_check) on the live boot table:
 *  - writing to the image's text and rodata is a permission data abort;
 *  - executing code placed in data, on the SVC stack and in the heap is a
 *    permission prefetch abort, while the same bytes run when mapped
 *    read-only and executable at another VA (so the fault is XN, not the
 *    code);
 *  - the guard page below each mode's stack is unmapped: a read and a
 *    write just below each stack take a translation fault at that
 *    address, and the stack's lowest word is mapped;
 *  - USR mode reading the translation tables (L1 and pool) is a
 *    permission data abort; PL1 reads them;
 *  - with vmsa_set_wx_check on boot_table, vmsa_protect making a data page
 *    writable and executable is reported once, naming vmsa_protect and
 *    its range; a clean change is not.
 *
 * Test memory: VAs 0xEA000000-0xEA300000 (unused by the boards and the
 * other test files), PAs from RAM base + 112MB.
 */
#include <stdio.h>
#include <stdlib.h>

#include <vmsa.h>
#include <vmsa/desc.h>

#include <boot.h>
#include "tap.h"
#include "test_image.h"

#define PG 0x1000u
#define MB 0x100000u

#define VA_UCODE  0xEA000000u  /* USR alias of .user_text */
#define VA_USTACK 0xEA100000u  /* USR stack page */
#define VA_RX     0xEA200000u  /* a data page's PA, read-only executable */

extern char __text_start[], __text_end[], __rodata_end[],
	__vmsa_tables_start[], __heap_end[];
extern char __stack_fiq_bottom[], __stack_irq_bottom[],
	__stack_abt_bottom[], __stack_und_bottom[], __stack_usr_bottom[],
	__stack_svc_bottom[];

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

/* The level the live table gives va (1 or 2; 0 if unmapped) and the
 * permission fault status that goes with it. */
static int level_of(const struct vmsa_table *t, uint32_t va)
{
	struct vmsa_xlat x = { 0 };
	int rc = vmsa_translate(t, vmsa_va(va), &x);
	return rc == VMSA_OK || rc == VMSA_ERR_NOTMAPPED ? x.level : 0;
}

static unsigned perm_fs(int level)
{
	return level == 2 ? 0x0f : 0x0d;
}

static bool fault_is(const struct fault_info *f, enum exc_kind exc,
                     enum fault_type type, int level, uint32_t far,
                     uint32_t mode, int write)
{
	bool ok = f->exc == exc && f->type == type && f->level == level &&
	          f->far == far && (!mode || f->mode == mode) &&
	          (write < 0 || f->write == (write != 0));
	if (!ok)
		tap_diag("got %s %s fault level %d FS 0x%02x address 0x%08lx "
		         "%s mode 0x%02lx", f->exc == EXC_PABT ? "prefetch" :
		         "data", fault_type_name(f->type), f->level, f->fs,
		         (unsigned long)f->far, f->write ? "write" : "read",
		         (unsigned long)f->mode);
	return ok;
}

/* mov r0, #42; bx lr */
static void put_code(volatile uint32_t *p)
{
	p[0] = 0xe3a0002au;
	p[1] = 0xe12fff1eu;
	boot_sync_icache((const void *)p, 8);
}

/* Call va, expecting a prefetch abort (the handler returns as if the
 * callee had); whether one was taken, in *f. */
static bool exec_faults(uint32_t va, struct fault_info *f)
{
	volatile uint32_t got;
	expect_fault(EXC_PABT);
	got = ((uint32_t (*)(void))(uintptr_t)va)();
	(void)got;
	return fault_taken(f);
}

/* ---- writes to text and rodata ------------------------------------------- */

static uint32_t __attribute__((noinline)) image_fn(uint32_t x)
{
	return x * 3u;
}

static const uint32_t image_const = 0xc0de0001u;

static void write_ro_tests(struct vmsa_table *t)
{
	static const char *const name[2] = { "text", "rodata" };
	uint32_t va[2] = { (uint32_t)(uintptr_t)image_fn & ~3u,
	                   (uint32_t)(uintptr_t)&image_const };
	for (int i = 0; i < 2; i++) {
		struct fault_info f = { 0 };
		uint32_t before = *ptr(va[i]);
		int lvl = level_of(t, va[i]);
		expect_fault(EXC_DABT);
		*ptr(va[i]) = 0xe7f000f0u;   /* an undefined instruction */
		bool ok = fault_taken(&f) && lvl != 0 &&
		          fault_is(&f, EXC_DABT, FT_PERMISSION, lvl, va[i], 0x13, 1) &&
		          f.fs == perm_fs(lvl) && *ptr(va[i]) == before;
		tap_ok(ok, "image: PL1 write to %s at 0x%08lx: data abort, "
		       "permission (FS 0x%02x), WnR, unchanged", name[i],
		       (unsigned long)va[i], perm_fs(lvl));
	}
	tap_ok(image_fn(14) == 42 && image_const == 0xc0de0001u,
	       "image: text still runs, rodata still reads");
}

/* ---- execution from data, stack, heap ------------------------------------ */

/* Initialised, so it lives in .data (BSS is the same region). */
static volatile uint32_t data_code[4] __attribute__((aligned(16))) = {
	1, 2, 3, 4 };

static void exec_tests(struct vmsa_table *t)
{
	volatile uint32_t stack_code[4] __attribute__((aligned(16)));
	volatile uint32_t *heap_code = malloc(64);
	const struct { const char *name; volatile uint32_t *p; } w[] = {
		{ "data (.data)", data_code },
		{ "the SVC stack", stack_code },
		{ "the heap", heap_code },
	};
	if (heap_code == NULL) {
		tap_ok(false, "image: malloc for the heap check");
		return;
	}
	for (int i = 0; i < 3; i++) {
		struct fault_info f = { 0 };
		uint32_t va = (uint32_t)(uintptr_t)w[i].p;
		int lvl = level_of(t, va);
		put_code(w[i].p);
		bool ok = exec_faults(va, &f) && lvl != 0 &&
		          fault_is(&f, EXC_PABT, FT_PERMISSION, lvl, va, 0x13, -1) &&
		          f.fs == perm_fs(lvl);
		/* The same bytes, mapped read-only and executable (same
		 * memory type), run. */
		uint32_t pg = va & ~(PG - 1u);
		struct vmsa_xlat x = { 0 };
		int rc = vmsa_translate(t, vmsa_va(va), &x);
		rc |= vmsa_map(t, vmsa_va(VA_RX), vmsa_pa(pg), PG,
		               (x.attrs & (VMSA_MT_MASK | VMSA_SHARED)) | VMSA_RO);
		uint32_t got = 0;
		if (rc == VMSA_OK) {
			boot_sync_icache((const void *)(uintptr_t)(VA_RX + (va - pg)), 8);
			got = ((uint32_t (*)(void))(uintptr_t)(VA_RX + (va - pg)))();
		}
		rc |= vmsa_unmap(t, vmsa_va(VA_RX), PG);
		tap_ok(ok && rc == VMSA_OK && got == 42,
		       "image: executing code in %s at 0x%08lx is a prefetch "
		       "abort, permission (IFSR FS 0x%02x); the same page mapped "
		       "RO+X at 0x%08lx runs it (%lu)", w[i].name,
		       (unsigned long)va, perm_fs(lvl), (unsigned long)VA_RX,
		       (unsigned long)got);
	}
	free((void *)heap_code);
}

/* ---- guard pages ---------------------------------------------------------- */

static void guard_tests(struct vmsa_table *t)
{
	static const struct { const char *name; const char *bottom; } s[] = {
		{ "fiq", __stack_fiq_bottom }, { "irq", __stack_irq_bottom },
		{ "abt", __stack_abt_bottom }, { "und", __stack_und_bottom },
		{ "usr", __stack_usr_bottom }, { "svc", __stack_svc_bottom },
	};
	for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
		struct fault_info rf = { 0 }, wf = { 0 };
		uint32_t bottom = (uint32_t)(uintptr_t)s[i].bottom;
		uint32_t below = bottom - 4u;
		struct vmsa_xlat x;
		bool mapped = vmsa_translate(t, vmsa_va(bottom), &x) == VMSA_OK;
		int lvl = level_of(t, below);
		expect_fault(EXC_DABT);
		(void)*ptr(below);
		bool rd = fault_taken(&rf);
		expect_fault(EXC_DABT);
		*ptr(below) = 0x600dbeefu;
		bool wr = fault_taken(&wf);
		bool ok = mapped && lvl != 0 && rd && wr &&
		          fault_is(&rf, EXC_DABT, FT_TRANSLATION, lvl, below, 0x13, 0) &&
		          fault_is(&wf, EXC_DABT, FT_TRANSLATION, lvl, below, 0x13, 1);
		tap_ok(ok, "image: %s stack from 0x%08lx: its guard page is "
		       "unmapped, a read and a write at 0x%08lx are translation "
		       "faults (level %d)", s[i].name, (unsigned long)bottom,
		       (unsigned long)below, lvl);
	}
}

/* ---- USR mode and the tables -------------------------------------------- */

static uint32_t USER_TEXT image_user_read(uint32_t va)
{
	return *(volatile uint32_t *)va;
}

static uint32_t ualias(const void *fn)
{
	return VA_UCODE + (uint32_t)((uintptr_t)fn - (uintptr_t)__user_text_start);
}

static void table_tests(struct vmsa_table *t, uint32_t upa)
{
	struct vmsa_xlat tx = { 0 };
	vmsa_attr_t code = VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_USER;
	/* Same memory type and shareability as the image's text, so the
	 * user alias of it agrees with the boot mapping. */
	if (vmsa_translate(t, vmsa_va((uint32_t)(uintptr_t)__text_start), &tx) ==
	    VMSA_OK)
		code = (tx.attrs & (VMSA_MT_MASK | VMSA_SHARED)) | VMSA_RO |
		       VMSA_USER;
	int rc = vmsa_map(t, vmsa_va(VA_UCODE),
	                  vmsa_pa((uintptr_t)__user_text_start),
	                  (uint32_t)(__user_text_end - __user_text_start), code);
	rc |= vmsa_map(t, vmsa_va(VA_USTACK), vmsa_pa(upa), PG,
	               (code & (VMSA_MT_MASK | VMSA_SHARED)) | VMSA_RW |
	               VMSA_USER);
	if (rc != VMSA_OK) {
		tap_ok(false, "image: USR test mappings (%s)", vmsa_strerror(rc));
		return;
	}
	/* The L1 entry of VA_UCODE and its L2 descriptor in the pool
	 * (identity-mapped tables: the table's PA is its VA). */
	struct vmsa_xlat ux = { 0 };
	uint32_t l1w = t->l1[VA_UCODE >> 20];
	(void)vmsa_translate(t, vmsa_va(VA_UCODE), &ux);
	const uint32_t where[2] = {
		(uint32_t)(uintptr_t)&t->l1[VA_UCODE >> 20],
		(l1w & ~0x3ffu) + ((VA_UCODE >> 12) & 0xffu) * 4u,
	};
	const uint32_t want[2] = { l1w, ux.desc };
	const char *const name[2] = { "L1 table", "second-level pool" };
	for (int i = 0; i < 2; i++) {
		struct fault_info f = { 0 };
		uint32_t va = where[i];
		uint32_t pl1 = *ptr(va);
		int lvl = level_of(t, va);
		expect_fault(EXC_DABT);
		(void)run_user((uint32_t (*)(uint32_t))(uintptr_t)
		               ualias((const void *)image_user_read), va,
		               VA_USTACK + PG, ualias((const void *)user_return));
		bool ok = fault_taken(&f) && lvl != 0 && ux.level == 2 &&
		          pl1 == want[i] &&
		          fault_is(&f, EXC_DABT, FT_PERMISSION, lvl, va, 0x10, 0) &&
		          f.fs == perm_fs(lvl);
		tap_ok(ok, "image: USR read of the %s at 0x%08lx (in .vmsa_tables "
		       "from 0x%08lx): data abort, permission (FS 0x%02x); PL1 "
		       "reads the descriptor 0x%08lx there", name[i],
		       (unsigned long)va,
		       (unsigned long)(uintptr_t)__vmsa_tables_start,
		       perm_fs(lvl), (unsigned long)pl1);
	}
	rc = vmsa_unmap(t, vmsa_va(VA_UCODE),
	                (uint32_t)(__user_text_end - __user_text_start));
	rc |= vmsa_unmap(t, vmsa_va(VA_USTACK), PG);
	tap_ok(rc == VMSA_OK, "image: USR test mappings removed");
}

/* ---- the W^X debug option ----------------------------------------------- */

struct wx_seen {
	unsigned n;
	struct vmsa_call call;
	struct vmsa_finding f;
};

static void wx_report(void *arg, const struct vmsa_call *c,
                      const struct vmsa_finding *f)
{
	struct wx_seen *s = arg;
	char line[224];
	vmsa_format_finding(f, line, sizeof line);
	tap_diag("W^X check: %s(0x%08lx, 0x%lx) left %s",
	         vmsa_call_name(c->call), (unsigned long)c->va.v,
	         (unsigned long)c->size, line);
	if (s->n++ == 0) {
		s->call = *c;
		s->f = *f;
	}
}

static void wx_check_tests(struct vmsa_table *t)
{
	struct wx_seen s = { 0 };
	/* A heap page: data, RW+XN in the boot table. */
	uint32_t va = ((uint32_t)(uintptr_t)__heap_end - 2 * PG) & ~(PG - 1u);
	struct vmsa_xlat x = { 0 };
	int rc = vmsa_translate(t, vmsa_va(va), &x);
	vmsa_attr_t data = x.attrs;

	rc |= vmsa_set_wx_check(t, wx_report, &s);
	/* A clean change: the page made read-only and back. */
	rc |= vmsa_protect(t, vmsa_va(va), PG, (data & ~(VMSA_RW | VMSA_XN)) |
	                   VMSA_RO | VMSA_XN);
	rc |= vmsa_protect(t, vmsa_va(va), PG, data);
	unsigned clean = s.n;
	/* The change that breaks W^X: the page writable and executable. */
	rc |= vmsa_protect(t, vmsa_va(va), PG, (data & ~VMSA_XN) | VMSA_EXEC);
	/* The CPU agrees it is executable now. */
	put_code(ptr(va));
	volatile uint32_t got = ((uint32_t (*)(void))(uintptr_t)va)();
	rc |= vmsa_protect(t, vmsa_va(va), PG, data);
	rc |= vmsa_set_wx_check(t, NULL, NULL);
	tap_ok(rc == VMSA_OK && clean == 0 && s.n == 1 && got == 42 &&
	       s.call.call == VMSA_CALL_PROTECT && s.call.va.v == va &&
	       s.call.size == PG && s.f.check == VMSA_POL_WX &&
	       s.f.run.va.v <= va && s.f.size == PG &&
	       !(t->flags & VMSA_TF_CHECK_WX),
	       "image: vmsa_set_wx_check on the live table: clean changes "
	       "silent, the vmsa_protect that made heap page 0x%08lx RWX "
	       "reported once with its range (%u report(s)); the page ran "
	       "code (%lu)", (unsigned long)va, s.n, (unsigned long)got);
}

void image_tests(struct vmsa_table *t)
{
	uint32_t p = board.ram_base + 112u * MB;

	tap_diag("image: text 0x%08lx-0x%08lx RX, rodata to 0x%08lx, tables "
	         "from 0x%08lx", (unsigned long)(uintptr_t)__text_start,
	         (unsigned long)(uintptr_t)__text_end,
	         (unsigned long)(uintptr_t)__rodata_end,
	         (unsigned long)(uintptr_t)__vmsa_tables_start);
	write_ro_tests(t);
	exec_tests(t);
	guard_tests(t);
	table_tests(t, p);
	wx_check_tests(t);
}
