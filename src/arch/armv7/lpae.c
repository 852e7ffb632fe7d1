/*
 * src/arch/armv7/lpae.c - the long-descriptor (LPAE) side of the ARMv7-A
 * arch layer: whether the CPU has the Large Physical Address Extension,
 * switching the calling CPU from the short-descriptor MMU it runs to
 * long descriptors and back, the 64-bit descriptor store, and the address
 * translation operations with the 64-bit PAR. The table engine uses none
 * of it (it writes short descriptors only); firmware that builds long-
 * descriptor tables with src/fmt/fmt_lpae.c's encoders calls it.
 *
 * Covers stage 1 translation at PL1 through TTBR0 alone (TTBCR.T0SZ = 0,
 * TTBR1 walks disabled), in Secure or Non-secure state, on one CPU: the
 * switch invalidates the local TLB only. Does not cover TTBR1, Hyp mode
 * (HTTBR, HTCR, HMAIR), stage 2, or ASIDs other than 0.
 *
 * Both switches go through the same two steps: the MMU and data cache
 * off with the whole cache cleaned (vmsa_arch_mmu_disable, src/arch/armv7/
 * mmu.c, the order scripts/check-mmu-off.sh checks in the machine code), then the
 * registers of the new state and the MMU on (vmsa_arch_v7_mmu_on, the
 * order scripts/check-mmu-on.py checks). TTBCR.EAE changes only while
 * the MMU is off and the TLB is invalidated before it comes back on, so
 * no walk and no TLB entry ever mixes the two formats.
 *
 * References: ARM ARM DDI 0406C, B3.6 (long-descriptor translation),
 * B3.10 (TLB maintenance and MMU enable), B2.2.7 (cache maintenance by
 * set/way), B4.1.89 ID_MMFR0, B4.1.104 MAIR0/MAIR1, B4.1.113 PAR,
 * B4.1.153 TTBCR, B4.1.154 TTBR0, B4.2.3 (address translation
 * operations), A3.5.3 (LDRD/STRD single-copy atomicity with LPAE).
 */
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>
#include <vmsa/hwdef_lpae.h>

#include "v7.h"

/* ID_MMFR0.VMSA (bits 3:0): 5 = VMSAv7 with the long-descriptor format
 * (0b0101, B4.1.89). */
#define ID_MMFR0_VMSA_LPAE 5u

/* The TTBCR this file programs for long descriptors: EAE; T0SZ = 0, so
 * TTBR0 translates all 4GB from a 4-entry level 1 table; no walks from
 * TTBR1 (EPD1); walks from TTBR0 inner and outer write-back
 * write-allocate (01) and Inner Shareable (11), as the short format's
 * TTBR0 walks (src/arch/armv7/mmu.c). */
#define LPAE_TTBCR (LPAE_TTBCR_EAE | LPAE_TTBCR_T0SZ(0) | LPAE_TTBCR_EPD1 | \
                    LPAE_TTBCR_IRGN0(1) | LPAE_TTBCR_ORGN0(1) | \
                    LPAE_TTBCR_SH0(3))

void vmsa_arch_v7_mmu_on(const struct vmsa_arch_mmu_regs *r);

bool vmsa_arch_has_lpae(void)
{
	uint32_t mmfr0;
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 4" : "=r"(mmfr0));
	return (mmfr0 & 0xfu) >= ID_MMFR0_VMSA_LPAE;
}

static inline uint32_t read_sctlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

/* The registers a switch replaces, as they are now. TTBR0 is read as
 * the 64-bit register (MRRC), which it is on a CPU with LPAE whatever
 * TTBCR.EAE says; MAIR0 and MAIR1 are PRRR and NMRR while EAE = 0 (the
 * same encodings, B4.1.104). */
static void regs_read(struct vmsa_arch_mmu_regs *r)
{
	uint32_t lo, hi;

	__asm__ volatile("mrrc p15, 0, %0, %1, c2" : "=r"(lo), "=r"(hi));
	r->ttbr0 = (uint64_t)hi << 32 | lo;
	__asm__ volatile("mrc p15, 0, %0, c2, c0, 2" : "=r"(r->ttbcr));
	__asm__ volatile("mrc p15, 0, %0, c10, c2, 0" : "=r"(r->mair0));
	__asm__ volatile("mrc p15, 0, %0, c10, c2, 1" : "=r"(r->mair1));
	__asm__ volatile("mrc p15, 0, %0, c3, c0, 0" : "=r"(r->dacr));
	r->sctlr = read_sctlr();
}

/*
 * The MMU on in the state *r describes, from the MMU off (after
 * vmsa_arch_mmu_disable, which left every table written before it in
 * memory): TTBCR first (EAE chooses how the others read), TTBR0 as the
 * 64-bit register (MCRR; with EAE = 0 its high half must be 0), MAIR0/
 * PRRR, MAIR1/NMRR, DACR; then TLBIALL, BPIALL, ICIALLU, DSB, ISB, so
 * nothing cached under the old format survives and the registers are
 * seen (B3.10.2); then SCTLR and ISB. The code running this must be
 * identity mapped in the new tables.
 */
void vmsa_arch_v7_mmu_on(const struct vmsa_arch_mmu_regs *r)
{
	uint32_t zero = 0;
	uint32_t lo = (uint32_t)r->ttbr0, hi = (uint32_t)(r->ttbr0 >> 32);

	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2" : : "r"(r->ttbcr));  /* TTBCR */
	__asm__ volatile("mcrr p15, 0, %0, %1, c2" : : "r"(lo), "r"(hi)); /* TTBR0 */
	__asm__ volatile("mcr p15, 0, %0, c10, c2, 0" : : "r"(r->mair0)); /* MAIR0 */
	__asm__ volatile("mcr p15, 0, %0, c10, c2, 1" : : "r"(r->mair1)); /* MAIR1 */
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" : : "r"(r->dacr));   /* DACR */
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(zero) : "memory"); /* TLBIALL */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 6" : : "r"(zero) : "memory"); /* BPIALL */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(zero) : "memory"); /* ICIALLU */
	__asm__ volatile("dsb\n\tisb" : : : "memory");
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb"
	                 : : "r"(r->sctlr) : "memory");
}

int vmsa_arch_lpae_enter(uint64_t l1_pa, uint32_t mair0, uint32_t mair1,
                         struct vmsa_arch_mmu_regs *saved)
{
	struct vmsa_arch_mmu_regs to;

	if (!vmsa_arch_has_lpae())
		return VMSA_ERR_UNSUPPORTED;
	/* T0SZ = 0: the level 1 table is 4 entries, 32-byte aligned. */
	if (saved == NULL || (l1_pa & 31u) || l1_pa >= (1ull << 40))
		return VMSA_ERR_INVAL;
	regs_read(saved);
	to = *saved;
	to.ttbr0 = l1_pa;               /* ASID 0 */
	to.ttbcr = LPAE_TTBCR;
	to.mair0 = mair0;
	to.mair1 = mair1;
	to.sctlr |= SCTLR_M;            /* TRE and AFE mean nothing with EAE */
	vmsa_arch_mmu_disable();
	vmsa_arch_v7_mmu_on(&to);
	return VMSA_OK;
}

void vmsa_arch_lpae_leave(const struct vmsa_arch_mmu_regs *saved)
{
	vmsa_arch_mmu_disable();
	vmsa_arch_v7_mmu_on(saved);
}

/* STRD of an 8-byte aligned doubleword is single-copy atomic on a CPU
 * with LPAE (A3.5.3): the walker sees the old word or the new one. */
void vmsa_arch_store64(volatile uint64_t *p, uint64_t w)
{
	__asm__ volatile("strd %1, %H1, [%0]" : : "r"(p), "r"(w) : "memory");
}

/* ATS1C**: the operation, ISB so the PAR read sees its result (B4.2.3),
 * then the PAR as the 64-bit register. */
uint64_t vmsa_arch_ats1cpr64(uint32_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c8, 0\n\tisb" : : "r"(va) : "memory");
	return v7_read_par64();
}

uint64_t vmsa_arch_ats1cpw64(uint32_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c8, 1\n\tisb" : : "r"(va) : "memory");
	return v7_read_par64();
}

uint64_t vmsa_arch_ats1cur64(uint32_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c8, 2\n\tisb" : : "r"(va) : "memory");
	return v7_read_par64();
}
