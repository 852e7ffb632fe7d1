/*
 * src/arch/armv7/arch.c - the ARMv7-A implementation of <vmsa/arch.h>
 * except the MMU enable sequence (mmu.c): barriers, table cleaning, TLB and
 * branch-predictor maintenance with CP15, and the LDREX/STREX spinlock.
 *
 * Covers ARMv7-A with the Multiprocessing Extensions (Cortex-A9/A15/A7):
 * the inner-shareable broadcast forms (TLBIMVAAIS, TLBIALLIS, BPIALLIS) are
 * used when the caller says other CPUs share the tables; and ARMv7-A
 * without them (Cortex-A8, uniprocessor), chosen at run time from MPIDR:
 * there TLBIMVAA does not exist (UNDEFINED), so a VA is invalidated with
 * TLBIALL, and `smp` is ignored (no broadcast forms either). Does not
 * cover ARMv6.
 *
 * References: ARM ARM DDI 0406C, B4.2.1 (cache maintenance), B4.2.2 (TLB
 * maintenance), B3.10.1 (ordering of table writes and TLB maintenance),
 * B4.1.49 (CTR), A3.8.3 (barriers).
 */
#include <vmsa/arch.h>

/* Smallest D-cache line of the CPU (CTR.DminLine, B4.1.42): log2 of the
 * number of words. Read every time: it is one MRC and keeps this file
 * free of mutable state. */
static inline uint32_t dcache_line_bytes(void)
{
	uint32_t ctr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	return 4u << ((ctr >> 16) & 0xfu);
}

/* Whether the CPU implements the Multiprocessing Extensions: MPIDR bit 31
 * reads as one with them, zero without (B4.1.106; QEMU's and real
 * Cortex-A8 read 0). One MRC, so nothing is cached. */
bool vmsa_arch_v7_has_mp(void);
bool vmsa_arch_v7_has_mp(void)
{
	uint32_t mpidr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return (mpidr >> 31) != 0;
}

/*
 * The table walker may read from the point of unification (TTBR0 says the
 * walks are cacheable, and on CPUs that walk from L1 cache nothing more is
 * needed), so DCCMVAU is enough (B3.10.1 "ordering of translation table
 * writes", B4.2.1). The DSB makes the cleans complete before any later TLB
 * maintenance or MMU enable.
 */
void vmsa_arch_sync_table(const void *p, size_t len)
{
	uint32_t line = dcache_line_bytes();
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1u);
	uintptr_t end = (uintptr_t)p + len;

	if (len == 0)
		return;
	for (; a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c11, 1" /* DCCMVAU */
		                 : : "r"(a) : "memory");
	__asm__ volatile("dsb" : : : "memory");
}

/* TLBIMVAA(IS) (B4.2.2): the VA with all ASIDs, since the engine maps
 * global and non-global pages alike and does not know the live ASID. The
 * low 12 bits are ignored by the CPU; clear them anyway. Without the MP
 * Extensions there is no "all ASIDs" form by VA (TLBIMVA matches global
 * entries and one ASID only), so the whole TLB is invalidated: correct
 * for non-global pages of any ASID, and the CPU is uniprocessor. */
void vmsa_arch_tlbi_va(uint32_t va, bool smp)
{
	uint32_t zero = 0;
	va &= ~0xfffu;
	if (!vmsa_arch_v7_has_mp())
		__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" /* TLBIALL */
		                 : : "r"(zero) : "memory");
	else if (smp)
		__asm__ volatile("mcr p15, 0, %0, c8, c3, 3" /* TLBIMVAAIS */
		                 : : "r"(va) : "memory");
	else
		__asm__ volatile("mcr p15, 0, %0, c8, c7, 3" /* TLBIMVAA */
		                 : : "r"(va) : "memory");
}

void vmsa_arch_tlbi_all(bool smp)
{
	uint32_t zero = 0;
	if (smp && vmsa_arch_v7_has_mp())
		__asm__ volatile("mcr p15, 0, %0, c8, c3, 0" /* TLBIALLIS */
		                 : : "r"(zero) : "memory");
	else
		__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" /* TLBIALL */
		                 : : "r"(zero) : "memory");
}

/* Needed after changing executable mappings (B2.2.7): a predictor may
 * hold targets computed through the old mapping. */
void vmsa_arch_bp_inval(bool smp)
{
	uint32_t zero = 0;
	if (smp && vmsa_arch_v7_has_mp())
		__asm__ volatile("mcr p15, 0, %0, c7, c1, 6" /* BPIALLIS */
		                 : : "r"(zero) : "memory");
	else
		__asm__ volatile("mcr p15, 0, %0, c7, c5, 6" /* BPIALL */
		                 : : "r"(zero) : "memory");
}

/* DCCIMVAC (B4.2.1): to the point of coherency, since the memory may next
 * be read non-cacheably or by a DMA master. With the Multiprocessing
 * Extensions, maintenance by MVA reaches the other CPUs of the
 * shareability domain by itself, so `smp` needs no other form. */
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp)
{
	uint32_t line = dcache_line_bytes();
	uint32_t a = va & ~(line - 1u), end = va + len;

	(void)smp;
	if (len == 0)
		return;
	/* end == 0: the range ends at 4GB; the loop stops when a wraps. */
	do {
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" /* DCCIMVAC */
		                 : : "r"(a) : "memory");
		a += line;
	} while (a != 0 && (end == 0 || a < end));
}

/* ICIALLU, or ICIALLUIS to every CPU of the inner shareable domain. */
void vmsa_arch_icache_inval(bool smp)
{
	uint32_t zero = 0;
	if (smp && vmsa_arch_v7_has_mp())
		__asm__ volatile("mcr p15, 0, %0, c7, c1, 0" /* ICIALLUIS */
		                 : : "r"(zero) : "memory");
	else
		__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" /* ICIALLU */
		                 : : "r"(zero) : "memory");
}

/* Full-system barriers: the walker is an observer outside the inner
 * shareable domain on some implementations, so "ish" is not enough in
 * general (B3.10.1 uses DSB without a qualifier). */
void vmsa_arch_dsb(void)
{
	__asm__ volatile("dsb" : : : "memory");
}

void vmsa_arch_isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

/*
 * One global lock for VMSA_TF_SMP: the engine's updates are short and rare,
 * so a ticketless test-and-set is enough. LDREX/STREX need the lock word
 * in Normal shareable memory with the MMU on (A3.4.5); before the MMU is
 * on no other CPU runs the engine. The word holds the owner (MPIDR
 * affinity + 1), so a re-entry on the owning CPU is seen: only the owner
 * ever stores its own number there. IRQ and FIQ are masked while it is
 * held: an interrupt handler that maps would otherwise spin on a lock its
 * own CPU holds.
 */
static volatile uint32_t vmsa_lock_word;
static uint32_t vmsa_lock_saved;        /* CPSR.I/F found by the holder */

#define PSR_IF 0xc0u

static inline uint32_t lock_owner_id(void)
{
	uint32_t mpidr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return (mpidr & 0xffffffu) + 1u;
}

/* Mask IRQ and FIQ; returns the previous CPSR. */
static inline uint32_t irq_save(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr\n\tcpsid if" : "=r"(cpsr) : : "memory");
	return cpsr;
}

/* Put CPSR.I and F back to what `cpsr` had. */
static inline void irq_restore(uint32_t cpsr)
{
	uint32_t now;
	__asm__ volatile("mrs %0, cpsr" : "=r"(now));
	now = (now & ~PSR_IF) | (cpsr & PSR_IF);
	__asm__ volatile("msr cpsr_c, %0" : : "r"(now) : "memory");
}

/* One attempt: 0 when the lock was taken, nonzero when it was held (then
 * after a WFE) or the exclusive store failed. The result is the asm's
 * output operand, returned rather than tested in a do-while so that the
 * static checkers, which do not read asm operands, see it written. */
static inline uint32_t lock_try(uint32_t me)
{
	uint32_t tmp, fail;

	__asm__ volatile(
		"1:	ldrex	%0, [%2]\n"
		"	cmp	%0, #0\n"
		"	bne	2f\n"
		"	strex	%1, %3, [%2]\n"
		"	b	3f\n"
		"2:	clrex\n"
		"	mov	%1, #1\n"
		"	wfe\n"
		"3:\n"
		: "=&r"(tmp), "=&r"(fail)
		: "r"(&vmsa_lock_word), "r"(me)
		: "cc", "memory");
	(void)tmp;
	return fail;
}

bool vmsa_arch_lock(void)
{
	uint32_t cpsr = irq_save(), me = lock_owner_id();

	if (vmsa_lock_word == me) {
		irq_restore(cpsr);
		return false;           /* re-entry on the owning CPU */
	}
	while (lock_try(me) != 0)
		continue;
	/* Acquire: no access of the critical section before the lock. */
	__asm__ volatile("dmb" : : : "memory");
	vmsa_lock_saved = cpsr;
	return true;
}

void vmsa_arch_unlock(void)
{
	uint32_t cpsr = vmsa_lock_saved;

	/* Release: every write of the critical section before the store. */
	__asm__ volatile("dmb" : : : "memory");
	vmsa_lock_word = 0;
	__asm__ volatile("dsb\n\tsev" : : : "memory");
	irq_restore(cpsr);
}

void vmsa_arch_dmb(void)
{
	__asm__ volatile("dmb" : : : "memory");
}
