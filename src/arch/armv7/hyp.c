/*
 * src/arch/armv7/hyp.c - the Hyp mode (PL2) side of the ARMv7-A arch
 * layer: whether the calling CPU runs in Hyp mode, the Non-secure PL2
 * stage 1 MMU on long-descriptor tables (HTCR, HMAIR0/HMAIR1, HTTBR,
 * HSCTLR) turned on and off, its TLB maintenance (TLBIALLH, TLBIMVAH and
 * their Inner Shareable forms), the address translation operations of the
 * regime with the 64-bit PAR (ATS1HR, ATS1HW) and a read of its
 * registers. The table engine uses none of it; firmware entered in Hyp
 * mode that builds tables with src/fmt/fmt_lpae.c's Hyp encoders
 * (vmsa_lpae_hyp_leaf_encode) calls it.
 *
 * Covers the Hyp regime on one CPU: HTTBR alone, T0SZ = 0 (all 4GB from
 * a 4-entry level 1 table), long descriptors (the only format of the
 * regime). Does not cover stage 2 (VTTBR, VTCR), the PL1&0 regime from
 * Hyp mode (HCR), Hyp traps or the Hyp vector table (src/boot/start.S
 * has one), or entering Hyp mode from a lower one.
 *
 * The enable goes through the same two steps as the switch to long
 * descriptors at PL1 (src/arch/armv7/lpae.c): the Hyp MMU and data cache
 * off with the whole data cache cleaned and invalidated by set/way
 * (vmsa_arch_hyp_mmu_disable, scripts/check-mmu-off.sh checks its order
 * in the machine code), so every table word the caller wrote, with the
 * cache on or off, is in memory where the walker reads it; then the
 * registers and the MMU on (vmsa_arch_hyp_mmu_on, the order
 * scripts/check-mmu-on.py checks).
 *
 * References: ARM ARM DDI 0406C, B1.7 and B1.8 (Hyp mode, exceptions
 * taken to it), B3.6 (long-descriptor translation), B3.10.1 and B3.10.2
 * (table maintenance, TLB maintenance and enabling the MMU), B2.2.7
 * (cache maintenance by set/way), B4.1 (HTCR, HTTBR, HMAIR0/HMAIR1,
 * HSCTLR, PAR), B4.2.2 (TLB maintenance operations: TLBIALLH, TLBIMVAH),
 * B4.2.3 (address translation operations: ATS1HR, ATS1HW).
 */
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>

#include "v7.h"

#define MODE_HYP 0x1au

/* What HTCR gets (the fields of TTBCR with EAE = 1 at the same places):
 * T0SZ = 0, walks inner and outer write-back write-allocate (01) and
 * Inner Shareable (11), as the PL1 walks (lpae.c). */
#define HYP_HTCR_FIELDS (LPAE_TTBCR_T0SZ(0) | LPAE_TTBCR_IRGN0(1) | \
                         LPAE_TTBCR_ORGN0(1) | LPAE_TTBCR_SH0(3))
#define HYP_HTCR_MASK   (LPAE_TTBCR_T0SZ(7) | LPAE_TTBCR_IRGN0(3) | \
                         LPAE_TTBCR_ORGN0(3) | LPAE_TTBCR_SH0(3))

void vmsa_arch_hyp_mmu_on(uint64_t httbr, uint32_t htcr, uint32_t hmair0,
                          uint32_t hmair1, uint32_t hsctlr);

bool vmsa_arch_in_hyp(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return (cpsr & 0x1fu) == MODE_HYP;
}

static inline uint32_t read_hsctlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 4, %0, c1, c0, 0" : "=r"(v));
	return v;
}

static inline uint32_t read_htcr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 4, %0, c2, c0, 2" : "=r"(v));
	return v;
}

int vmsa_arch_hyp_regs_read(struct vmsa_arch_hyp_regs *r)
{
	uint32_t lo, hi;

	if (!vmsa_arch_in_hyp())
		return VMSA_ERR_UNSUPPORTED;
	if (r == NULL)
		return VMSA_ERR_INVAL;
	__asm__ volatile("mrrc p15, 4, %0, %1, c2" : "=r"(lo), "=r"(hi));
	r->httbr = (uint64_t)hi << 32 | lo;
	r->htcr = read_htcr();
	__asm__ volatile("mrc p15, 4, %0, c10, c2, 0" : "=r"(r->hmair0));
	__asm__ volatile("mrc p15, 4, %0, c10, c2, 1" : "=r"(r->hmair1));
	r->hsctlr = read_hsctlr();
	return VMSA_OK;
}

/*
 * The Hyp MMU on, from the MMU off (after vmsa_arch_hyp_mmu_disable,
 * which left every table word written before it in memory): HTCR first,
 * HMAIR0, HMAIR1, HTTBR as the 64-bit register (MCRR); then TLBIALLH,
 * ICIALLU, BPIALL, DSB, ISB, so nothing cached from reset or earlier
 * tables survives and the registers are seen (B3.10.2); then HSCTLR and
 * ISB. The code running this must be identity mapped in the new tables.
 * noinline: scripts/check-mmu-on.py reads its order by name.
 */
__attribute__((noinline))
void vmsa_arch_hyp_mmu_on(uint64_t httbr, uint32_t htcr, uint32_t hmair0,
                          uint32_t hmair1, uint32_t hsctlr)
{
	uint32_t zero = 0;
	uint32_t lo = (uint32_t)httbr, hi = (uint32_t)(httbr >> 32);

	__asm__ volatile("mcr p15, 4, %0, c2, c0, 2" : : "r"(htcr));      /* HTCR */
	__asm__ volatile("mcr p15, 4, %0, c10, c2, 0" : : "r"(hmair0));   /* HMAIR0 */
	__asm__ volatile("mcr p15, 4, %0, c10, c2, 1" : : "r"(hmair1));   /* HMAIR1 */
	__asm__ volatile("mcrr p15, 4, %0, %1, c2" : : "r"(lo), "r"(hi)); /* HTTBR */
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 0" : : "r"(zero) : "memory"); /* TLBIALLH */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(zero) : "memory"); /* ICIALLU */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 6" : : "r"(zero) : "memory"); /* BPIALL */
	__asm__ volatile("dsb\n\tisb" : : : "memory");
	__asm__ volatile("mcr p15, 4, %0, c1, c0, 0\n\tisb"               /* HSCTLR */
	                 : : "r"(hsctlr) : "memory");
}

int vmsa_arch_hyp_mmu_enable(uint64_t httbr, uint32_t hmair0, uint32_t hmair1)
{
	uint32_t htcr, hsctlr;

	if (!vmsa_arch_in_hyp())
		return VMSA_ERR_UNSUPPORTED;
	/* T0SZ = 0: the level 1 table is 4 entries, 32-byte aligned. */
	if ((httbr & 31u) || httbr >= (1ull << 40))
		return VMSA_ERR_INVAL;
	vmsa_arch_hyp_mmu_disable();
	htcr = (read_htcr() & ~HYP_HTCR_MASK) | HYP_HTCR_FIELDS | LPAE_HTCR_SBO;
	/* WXN clear: a mapping the tables make writable and executable
	 * (VMSA_EXEC) stays executable. EE: the endianness the tables were
	 * written in (walks read descriptors with HSCTLR.EE). */
	hsctlr = (read_hsctlr() & ~(HSCTLR_WXN | HSCTLR_EE)) |
	         HSCTLR_M | HSCTLR_C | HSCTLR_I;
#if defined(__ARM_BIG_ENDIAN)
	hsctlr |= HSCTLR_EE;
#endif
	vmsa_arch_hyp_mmu_on(httbr, htcr, hmair0, hmair1, hsctlr);
	return VMSA_OK;
}

/*
 * The Hyp MMU and data cache off, nothing of memory lost: the sequence of
 * vmsa_arch_mmu_disable (src/arch/armv7/mmu.c) with HSCTLR in place of
 * SCTLR and TLBIALLH in place of TLBIALL. HSCTLR.C cleared first, then
 * every data cache level up to the point of coherency cleaned and
 * invalidated by set/way (B2.2.7, over CLIDR's levels), with no load or
 * store in between (one asm block, registers only); then HSCTLR.M
 * cleared, TLBIALLH, DSB, ISB. The caller's code and stack must be
 * identity mapped.
 */
int vmsa_arch_hyp_mmu_disable(void)
{
	uint32_t t1, zero = 0;

	if (!vmsa_arch_in_hyp())
		return VMSA_ERR_UNSUPPORTED;
	V7_DCACHE_OFF_CLEAN_ALL(4);
	t1 = read_hsctlr() & ~(HSCTLR_M | HSCTLR_C);
	__asm__ volatile("mcr p15, 4, %0, c1, c0, 0\n\tisb"
	                 : : "r"(t1) : "memory");
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 0" : : "r"(zero) : "memory"); /* TLBIALLH */
	__asm__ volatile("dsb\n\tisb" : : : "memory");
	return VMSA_OK;
}

/* TLBIALLH / TLBIALLHIS: every Hyp mode entry; followed by nothing. */
void vmsa_arch_hyp_tlbi_all(bool smp)
{
	uint32_t zero = 0;
	if (smp)
		__asm__ volatile("mcr p15, 4, %0, c8, c3, 0" : : "r"(zero) : "memory");
	else
		__asm__ volatile("mcr p15, 4, %0, c8, c7, 0" : : "r"(zero) : "memory");
}

/* TLBIMVAH / TLBIMVAHIS: the Hyp mode entries of one VA (bits 31:12). */
void vmsa_arch_hyp_tlbi_va(uint32_t va, bool smp)
{
	va &= ~0xfffu;
	if (smp)
		__asm__ volatile("mcr p15, 4, %0, c8, c3, 1" : : "r"(va) : "memory");
	else
		__asm__ volatile("mcr p15, 4, %0, c8, c7, 1" : : "r"(va) : "memory");
}

/* ATS1H*: the operation, ISB so the PAR read sees its result (B4.2.3),
 * then the PAR as the 64-bit register (always the long format here). */
uint64_t vmsa_arch_ats1hr64(uint32_t va)
{
	__asm__ volatile("mcr p15, 4, %0, c7, c8, 0\n\tisb" : : "r"(va) : "memory");
	return v7_read_par64();
}

uint64_t vmsa_arch_ats1hw64(uint32_t va)
{
	__asm__ volatile("mcr p15, 4, %0, c7, c8, 1\n\tisb" : : "r"(va) : "memory");
	return v7_read_par64();
}
