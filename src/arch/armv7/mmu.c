/*
 * src/arch/armv7/mmu.c - vmsa_arch_mmu_enable for ARMv7-A: the one
 * documented MMU enable sequence of vmsa. Boot code calls it once the
 * tables are built; the engine never calls it.
 *
 * Covers the short-descriptor format through TTBR0 only (TTBCR = 0), PL1
 * in Secure or Non-secure state, and turning the MMU off again
 * (vmsa_arch_mmu_disable, which the boot stub and the switch to long
 * descriptors, src/arch/armv7/lpae.c, share). Does not cover LPAE tables
 * (TTBCR.EAE: lpae.c), TTBR1 or Hyp mode (HSCTLR/HTTBR).
 *
 * References: ARM ARM DDI 0406C, B3.1 and B3.10 (enabling the MMU and
 * table maintenance), B4.1.153 TTBCR, B4.1.154 TTBR0, B4.1.43 DACR,
 * B4.1.127 PRRR / B4.1.105 NMRR, B4.1.130 SCTLR, B2.2.7 (branch predictor).
 */
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "v7.h"

/* TTBR0 bit 0 without the Multiprocessing Extensions: C, inner cacheable
 * walks (B4.1.154; with them, bit 0 is IRGN[1] and bit 6 IRGN[0]). */
#define TTBR_C_NOMP (1u << 0)

bool vmsa_arch_v7_has_mp(void);   /* arch.c */

static inline uint32_t read_sctlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

/*
 * The sequence, in this order and no other:
 *
 *  1. TTBCR = 0: N = 0 so TTBR0 translates all 4GB (the engine manages one
 *     full 4096-entry L1), PD0/PD1 = 0, EAE = 0 (short descriptors).
 *  2. TTBR0 = L1 physical address | walk attributes: inner and outer
 *     write-back write-allocate (IRGN/RGN), shareable when other CPUs walk
 *     the same tables. Walks then hit the cache the engine cleaned to PoU.
 *     Without the MP Extensions (Cortex-A8, MPIDR[31] = 0) the inner
 *     attribute is the single C bit (bit 0; bit 6 is reserved there).
 *  3. DACR = caller's value (domains are the caller's policy).
 *  4. PRRR / NMRR = VMSA_PRRR / VMSA_NMRR when the format is the TEX-remap
 *     one: they must hold before TRE is set, or descriptors written for
 *     remap would be read with reset values.
 *  5. Clean the tables to PoU and DSB: the walker must see every entry
 *     before the first walk (B3.10.1).
 *  6. TLBIALL (and BPIALL, ICIALLU): nothing cached from reset or an
 *     earlier table may survive; DSB completes them, ISB makes the new
 *     TTBR0/TTBCR/DACR/PRRR/NMRR values visible to what follows (B3.10.2).
 *  7. SCTLR |= M (|= TRE for remap, cleared otherwise) | sctlr_set, then
 *     ISB so the next instruction is fetched with translation on. The code
 *     that runs this must be identity mapped (VA == PA) in the tables.
 *     The bits that change how descriptors read are set to what vmsa
 *     writes, whatever an earlier boot stage left: AFE = 0 (with AFE = 1,
 *     AP[0] is an Access flag, and every AP[0] = 0 entry, e.g. a
 *     VMSA_USER_RO page with AP = 0b010, takes Access flag faults,
 *     B3.7.3), HA = 0 (hardware Access flag updates only exist with AFE),
 *     EE = the endianness the tables were written in (walks read
 *     descriptors with SCTLR.EE, B4.1.130).
 *
 * scripts/check-mmu-on.py checks this order in the machine code of every
 * board's test firmware (QEMU starts with an empty TLB and no cache, so
 * no boot would show a missing step).
 */
/* Steps 1-4, 6 and 7 of the sequence below, for the calling CPU only;
 * step 5 (cleaning the tables) is the caller's. */
static void mmu_program(const struct vmsa_table *t, uint32_t dacr,
                        uint32_t sctlr_set, bool clean)
{
	uint32_t zero = 0;
	uint32_t ttbr0 = (uint32_t)t->l1_pa.p | TTBR_RGN_WBWA;
	uint32_t sctlr;
	bool remap = (t->fmt & VMSA_FMT_TEX_REMAP) != 0;

	if (vmsa_arch_v7_has_mp())
		ttbr0 |= TTBR_IRGN_WBWA;
	else
		ttbr0 |= TTBR_C_NOMP;
	if (t->flags & VMSA_TF_SMP)
		ttbr0 |= TTBR_S;

	/* 1-3 */
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2" : : "r"(zero));  /* TTBCR */
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" : : "r"(ttbr0)); /* TTBR0 */
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" : : "r"(dacr));  /* DACR */
	/* 4 */
	if (remap) {
		uint32_t prrr = VMSA_PRRR, nmrr = VMSA_NMRR;
		__asm__ volatile("mcr p15, 0, %0, c10, c2, 0" : : "r"(prrr));
		__asm__ volatile("mcr p15, 0, %0, c10, c2, 1" : : "r"(nmrr));
	}
	/* 5 (vmsa_arch_sync_table ends with DSB) */
	if (clean) {
		vmsa_arch_sync_table(t->l1, VMSA_L1_BYTES);
		if (t->used_units != 0)
			vmsa_arch_sync_table(t->pool,
			                     (size_t)t->pool_units * 1024u);
	}
	/* 6: the local forms. A secondary CPU must not broadcast: the other
	 * CPUs' TLBs hold valid entries of the same live tables. */
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(zero) : "memory"); /* TLBIALL */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 6" : : "r"(zero) : "memory"); /* BPIALL */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(zero) : "memory"); /* ICIALLU */
	__asm__ volatile("dsb\n\tisb" : : : "memory");
	/* 7 */
	sctlr = (read_sctlr() & ~(SCTLR_AFE | SCTLR_HA | SCTLR_EE)) |
	        SCTLR_M | sctlr_set;
#if defined(__ARM_BIG_ENDIAN)
	sctlr |= SCTLR_EE;
#endif
	if (remap)
		sctlr |= SCTLR_TRE;
	else
		sctlr &= ~SCTLR_TRE;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb"
	                 : : "r"(sctlr) : "memory");
}

void vmsa_arch_mmu_enable(struct vmsa_table *t, uint32_t dacr,
                          uint32_t sctlr_set)
{
	mmu_program(t, dacr, sctlr_set, true);
	t->flags |= VMSA_TF_LIVE;
}

/*
 * A secondary CPU joins tables another CPU already made live: the same
 * registers (TTBR0 with S when VMSA_TF_SMP is set, as the primary's), no
 * write to the tables or to *t, no cleaning (the engine cleaned every
 * write to the point of unification and the walks are cacheable and, with
 * TF_SMP, shareable, so the walker of this CPU sees them through the
 * coherent caches, B3.10.1), local TLBIALL/BPIALL/ICIALLU for what this
 * CPU may hold from reset.
 */
void vmsa_arch_mmu_enable_secondary(const struct vmsa_table *t, uint32_t dacr,
                                    uint32_t sctlr_set)
{
	mmu_program(t, dacr, sctlr_set, false);
}

/*
 * The MMU and the data cache off, nothing of memory lost: SCTLR.C
 * cleared first, then every data cache level up to the point of
 * coherency cleaned and invalidated by set/way (B2.2.7, the ARM ARM's
 * example over CLIDR's levels), then SCTLR.M cleared, TLBIALL, DSB, ISB.
 * Between clearing C and the end of the clean no load or store may run
 * (a line dirtied after its set was cleaned would be lost, and with C
 * clear a load may miss a dirty line), so that part is one asm block in
 * registers only. The caller's code and stack must be identity mapped:
 * the next instruction after M is cleared is fetched untranslated.
 * Local maintenance only: other CPUs keep their MMU and TLBs.
 */
void vmsa_arch_mmu_disable(void)
{
	uint32_t t1, zero = 0;

	V7_DCACHE_OFF_CLEAN_ALL(0);
	t1 = read_sctlr() & ~(SCTLR_M | SCTLR_C);
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb"
	                 : : "r"(t1) : "memory");
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(zero) : "memory"); /* TLBIALL */
	__asm__ volatile("dsb\n\tisb" : : : "memory");
}
