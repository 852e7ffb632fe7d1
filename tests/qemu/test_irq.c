/*
 * tests/qemu/test_irq.c - the engine's lock masks IRQs (ARMv7; run by
 * test_mmu.c's main, TAP). A software-generated interrupt (GICD_SGIR, to
 * this CPU only) is raised inside vmsa_map on a VMSA_TF_SMP table, right
 * after the writer took the lock and made the sequence count odd, with
 * IRQs unmasked before the call. With the lock masking IRQs, the interrupt
 * is taken when vmsa_arch_unlock restores the mask: the handler finds the
 * lock free and the count even, and its vmsa_translate of the page the
 * writer mapped succeeds. Without the mask the handler runs inside the
 * critical section: it sees the lock held (vmsa_arch_lock returns false,
 * a re-entry) and the count odd, records that, and does not call
 * vmsa_translate, which would wait for ever for an even count. So a
 * missing mask is a failed check, not a hang.
 *
 * Where the interrupt is raised: the firmware is linked with
 * --wrap=vmsa_arch_dmb (tests/qemu/qemu.mk), so the engine's barrier
 * calls come here first; the first one made while the armed table's count
 * is odd is the one of the writer's entry (src/engine/guard.c: lock, count,
 * barrier), and it raises the SGI there, then DSB and ISB, so an unmasked
 * interrupt is taken before the writer goes on. Deterministic: no timer.
 *
 * Covers a GICv1/v2 (board.gic_dist, board.gic_cpu), SGI 1, CPU 0. A
 * board without a GIC skips (TAP # SKIP). A control first raises the SGI
 * outside any lock with IRQs unmasked: it must be taken at once, so an
 * interrupt that never arrives cannot pass as a masked one. Not covered:
 * FIQ (the lock masks it too; the GIC signals FIQs only in Secure state
 * with FIQEn).
 */
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/arch.h>

#include <boot.h>
#include "tap.h"
#include "test_irq.h"

/* GIC registers (IHI 0048B, 4.1.2 and 4.1.3), word offsets. */
#define GICD_CTLR       (0x000u / 4)
#define GICD_ISENABLER0 (0x100u / 4)
#define GICD_ICENABLER0 (0x180u / 4)
#define GICD_ICPENDR0   (0x280u / 4)
#define GICD_IPRIORITYR (0x400u / 4)
#define GICD_SGIR       (0xf00u / 4)
#define GICC_CTLR       (0x00u / 4)
#define GICC_PMR        (0x04u / 4)
#define GICC_IAR        (0x0cu / 4)
#define GICC_EOIR       (0x10u / 4)

#define SGI_ID 1u
#define SGI_SELF (2u << 24)        /* TargetListFilter: this CPU only */

#define VA_IRQ 0xD8000000u         /* the page the writer maps */

static volatile uint32_t *gicd, *gicc;

/* The writer's table: not live (no maintenance), VMSA_TF_SMP (the lock). */
static uint32_t irq_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t irq_pool[4 * 1024]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table irq_t;

static struct vmsa_table *volatile armed;   /* raise once its count is odd */
static volatile uint32_t raised, raised_seq;

/* What the handler saw. */
static volatile uint32_t h_n, h_other, h_seq, h_lock_free, h_called;
static volatile uint32_t h_pa;
static volatile int h_rc;
static struct vmsa_table *volatile h_table;

static void sgi_raise(void)
{
	gicd[GICD_SGIR] = SGI_SELF | SGI_ID;
	__asm__ volatile("dsb\n\tisb" : : : "memory");
}

void __real_vmsa_arch_dmb(void);
void __wrap_vmsa_arch_dmb(void);

void __wrap_vmsa_arch_dmb(void)
{
	struct vmsa_table *t = armed;

	__real_vmsa_arch_dmb();
	if (t != NULL && (t->seq & 1u)) {
		armed = NULL;
		raised_seq = t->seq;
		raised = 1;
		sgi_raise();
	}
}

static void irq_fn(void)
{
	uint32_t iar = gicc[GICC_IAR], id = iar & 0x3ffu;
	struct vmsa_table *t = h_table;

	if (id == SGI_ID) {
		h_n++;
		if (t != NULL) {
			/* The lock's own state: false is a re-entry, i.e. this
			 * CPU holds it, i.e. the IRQ came inside a writer. */
			bool free_ = vmsa_arch_lock();
			if (free_)
				vmsa_arch_unlock();
			h_lock_free = free_;
			h_seq = t->seq;
			if (free_ && !(h_seq & 1u)) {
				struct vmsa_xlat x;
				h_called = 1;
				h_rc = vmsa_translate(t, vmsa_va(VA_IRQ), &x);
				h_pa = h_rc == VMSA_OK ? (uint32_t)x.pa.p : 0;
			}
		}
	} else {
		h_other++;
	}
	if (id < 1020u)
		gicc[GICC_EOIR] = iar;
}

static inline void irq_unmask(void) { __asm__ volatile("cpsie i" : : : "memory"); }
static inline void irq_mask(void) { __asm__ volatile("cpsid i" : : : "memory"); }

static void gic_setup(void)
{
	gicd = (volatile uint32_t *)board.gic_dist;
	gicc = (volatile uint32_t *)board.gic_cpu;
	gicd[GICD_ICPENDR0] = 1u << SGI_ID;
	/* Priority 0x80 (byte SGI_ID of IPRIORITYR0), below the mask 0xf0. */
	gicd[GICD_IPRIORITYR] = (gicd[GICD_IPRIORITYR] & ~(0xffu << (8 * SGI_ID))) |
	                        (0x80u << (8 * SGI_ID));
	gicd[GICD_ISENABLER0] = 1u << SGI_ID;
	gicd[GICD_CTLR] = 1u;
	gicc[GICC_PMR] = 0xf0u;
	gicc[GICC_CTLR] = 1u;
	__asm__ volatile("dsb" : : : "memory");
}

static void gic_teardown(void)
{
	gicd[GICD_ICENABLER0] = 1u << SGI_ID;
	gicc[GICC_CTLR] = 0;
	__asm__ volatile("dsb" : : : "memory");
}

void irq_tests(const struct vmsa_table *boot)
{
	static const char *const what[] = {
		"IRQ: an SGI raised with IRQs unmasked is taken at once (control)",
		"IRQ raised inside vmsa_map under VMSA_TF_SMP is taken only after "
		"the writer leaves the lock",
		"IRQ handler's lock-free vmsa_translate sees the writer's page",
	};
	const uint32_t pa = board.ram_base + 40u * 0x100000u;
	uint32_t n;
	int rc;

	if (board.gic_dist == 0 || board.gic_cpu == 0) {
		for (unsigned i = 0; i < sizeof what / sizeof what[0]; i++)
			tap_skip(what[i], "the board has no GIC (board.gic_dist)");
		return;
	}
	gic_setup();
	boot_irq_handler = irq_fn;

	/* Control: outside any lock, taken at the ISB after the write. */
	irq_unmask();
	sgi_raise();
	n = h_n;
	irq_mask();
	tap_ok(n == 1 && h_other == 0,
	       "IRQ: SGI %u raised through GICD_SGIR with IRQs unmasked is "
	       "taken at once (%lu taken before masking again)", SGI_ID,
	       (unsigned long)n);

	rc = vmsa_init(&irq_t, boot->fmt, irq_l1, vmsa_pa((uintptr_t)irq_l1),
	               irq_pool, vmsa_pa((uintptr_t)irq_pool), sizeof irq_pool);
	vmsa_set_flags(&irq_t, VMSA_TF_SMP, 0);
	h_n = 0;
	h_table = &irq_t;
	armed = &irq_t;
	irq_unmask();
	rc |= vmsa_map(&irq_t, vmsa_va(VA_IRQ), vmsa_pa(pa), 0x1000, VMSA_DATA);
	n = h_n;
	irq_mask();
	armed = NULL;
	h_table = NULL;
	tap_ok(rc == VMSA_OK && raised && (raised_seq & 1u) && n == 1 &&
	       h_lock_free && !(h_seq & 1u),
	       "IRQ raised inside vmsa_map on a VMSA_TF_SMP table (lock held, "
	       "count %lu) is taken only after the writer leaves the lock: the "
	       "handler (%lu taken) found the lock %s and the count %lu",
	       (unsigned long)raised_seq, (unsigned long)n,
	       h_lock_free ? "free" : "held by its own CPU",
	       (unsigned long)h_seq);
	tap_ok(h_called && h_rc == VMSA_OK && h_pa == pa,
	       "IRQ handler's lock-free vmsa_translate on the VMSA_TF_SMP table "
	       "returns the page the writer mapped (rc %d, PA 0x%08lx)%s",
	       h_rc, (unsigned long)h_pa,
	       h_called ? "" : ": not called, it would wait for ever");

	boot_irq_handler = NULL;
	gic_teardown();
}
