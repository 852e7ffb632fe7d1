/*
 * src/arch/armv5/arch.c - the ARMv5 (ARM926EJ-S) implementation of
 * <vmsa/arch.h>, with the ARMv5 CP15 c7/c8 operations.
 *
 * Covers a uniprocessor ARM926EJ-S: no broadcast maintenance (the `smp`
 * arguments are ignored), no branch predictor, no DSB/ISB instructions,
 * no LDREX/STREX (the lock is a no-op). Does not cover ARMv6 or XScale
 * (whose cache and TLB operations differ in detail).
 *
 * References: ARM926EJ-S TRM (DDI 0198E) 2.3.8 (c7 cache operations,
 * "drain write buffer"), 2.3.9 (c8 TLB operations), 3.4 (enabling the
 * MMU); ARM ARM DDI 0100I B5.6 and B3.4.
 */
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

/* The ARM926EJ-S D-cache line is 32 bytes (TRM 2.3.8). */
#define V5_SCTLR_S (1u << 8)     /* system protection (TRM 2.3.2) */
#define V5_SCTLR_R (1u << 9)     /* ROM protection */
#define V5_DLINE 32u

/* Drain write buffer: the ARMv5 form of DSB (TRM 2.3.8, c7 c10 4). Every
 * table write and maintenance operation before it has completed after. */
static inline void drain_wb(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" : : "r"(0) : "memory");
}

/* Clean D-cache lines by MVA (c7 c10 1): the ARM926 table walker reads
 * memory, not the cache, so dirty table lines must be written back. */
void vmsa_arch_sync_table(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(V5_DLINE - 1u);
	uintptr_t end = (uintptr_t)p + len;

	if (len == 0)
		return;
	for (; a < end; a += V5_DLINE)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory");
	drain_wb();
}

/* Invalidate the unified TLB entry of one MVA (c8 c7 1). ARMv5 has no
 * ASIDs, so this is every "ASID" too. */
void vmsa_arch_tlbi_va(uint32_t va, bool smp)
{
	(void)smp;
	va &= ~0x3ffu;
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 1" : : "r"(va) : "memory");
}

/* Invalidate the whole unified TLB (c8 c7 0). */
void vmsa_arch_tlbi_all(bool smp)
{
	(void)smp;
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(0) : "memory");
}

/* The ARM926EJ-S has no branch predictor to invalidate. */
void vmsa_arch_bp_inval(bool smp)
{
	(void)smp;
}

/* Clean and invalidate D-cache lines by MVA (c7 c14 1, TRM 2.3.8). The
 * VIVT cache is looked up by MVA and writes a dirty line back with its
 * PA tag, so this works on a VA that is no longer mapped. */
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp)
{
	uint32_t a = va & ~(V5_DLINE - 1u), end = va + len;

	(void)smp;
	if (len == 0)
		return;
	do {
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(a) : "memory");
		a += V5_DLINE;
	} while (a != 0 && (end == 0 || a < end));
}

/* Invalidate the whole I-cache (c7 c5 0): it is VIVT. */
void vmsa_arch_icache_inval(bool smp)
{
	(void)smp;
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory");
}

void vmsa_arch_dsb(void)
{
	drain_wb();
}

/* ARMv5 has no ISB. The ARM926 pipeline is refetched by the next branch;
 * CP15 writes take effect for instructions after the following few (TRM
 * 3.4 asks for the MMU enable to be followed by flat-mapped code), so a
 * compiler barrier is what is left to do here. */
void vmsa_arch_isb(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Uniprocessor: masking IRQ and FIQ is the lock; the flag only tells a
 * re-entry (an abort handler calling the engine) from a first entry. */
static volatile uint32_t v5_lock_held;
static uint32_t v5_lock_saved;          /* CPSR.I/F found by the holder */

static inline uint32_t v5_irq_save(void)
{
	uint32_t cpsr, tmp;
	__asm__ volatile("mrs %0, cpsr\n\torr %1, %0, #0xc0\n\tmsr cpsr_c, %1"
	                 : "=r"(cpsr), "=r"(tmp) : : "memory");
	return cpsr;
}

static inline void v5_irq_restore(uint32_t cpsr)
{
	uint32_t now;
	__asm__ volatile("mrs %0, cpsr" : "=r"(now));
	now = (now & ~0xc0u) | (cpsr & 0xc0u);
	__asm__ volatile("msr cpsr_c, %0" : : "r"(now) : "memory");
}

bool vmsa_arch_lock(void)
{
	uint32_t cpsr = v5_irq_save();

	if (v5_lock_held) {
		v5_irq_restore(cpsr);
		return false;
	}
	v5_lock_held = 1;
	v5_lock_saved = cpsr;
	return true;
}

void vmsa_arch_unlock(void)
{
	v5_lock_held = 0;
	v5_irq_restore(v5_lock_saved);
}

/* One CPU, which sees its own accesses in order. */
void vmsa_arch_dmb(void)
{
	__asm__ volatile("" : : : "memory");
}

/*
 * MMU enable, ARMv5 form of the sequence in src/arch/armv7/mmu.c: no TTBCR,
 * PRRR or NMRR (ARMv5 has no TEX remap; the format never sets it). TTB,
 * DACR, clean the tables and drain the write buffer (the DSB of ARMv5),
 * invalidate the TLB and the I-cache, drain, then clear SCTLR.S and R and
 * set SCTLR.M (and the caller's bits). There is no ISB: the code running
 * this must be identity mapped (TRM 3.4). scripts/check-mmu-on.py checks
 * this order in the machine code.
 */
void vmsa_arch_mmu_enable(struct vmsa_table *t, uint32_t dacr,
                          uint32_t sctlr_set)
{
	uint32_t ttb = (uint32_t)t->l1_pa.p;
	uint32_t sctlr;

	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" : : "r"(ttb));  /* TTB */
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" : : "r"(dacr)); /* DACR */
	vmsa_arch_sync_table(t->l1, VMSA_L1_BYTES);
	if (t->used_units != 0)
		vmsa_arch_sync_table(t->pool, (size_t)t->pool_units * 1024u);
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(0) : "memory"); /* TLB */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory"); /* I-cache */
	drain_wb();
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	/* S and R (bits 8, 9) change what AP = 00 means; vmsa's AP encodings
	 * assume both clear (vmsa.h), so clear them rather than trust reset. */
	sctlr &= ~(V5_SCTLR_S | V5_SCTLR_R);
	sctlr |= SCTLR_M | sctlr_set;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tnop\n\tnop"
	                 : : "r"(sctlr) : "memory");
	t->flags |= VMSA_TF_LIVE;
}
