/*
 * vmsa/arch.h - the narrow interface between the table engine and the CPU.
 *
 * The engine calls only these functions for barriers, cache and TLB
 * maintenance. src/arch/armv7 and src/arch/armv5 implement them with CP15;
 * the host build links tests/host/fake_arch.c, which records every call.
 * The engine calls them only while VMSA_TF_LIVE is set, except
 * vmsa_arch_sync_table, which it always calls after writing table memory
 * (caches may be on while tables are built with the MMU off).
 *
 * Not covered: turning the MMU on and the registers around it; those are
 * in vmsa_arch_mmu_enable below, used by boot code, never by the engine;
 * nor the long-descriptor (LPAE) switch and the Hyp mode (PL2) MMU at the
 * end, used by firmware that runs such tables.
 */
#ifndef VMSA_ARCH_H
#define VMSA_ARCH_H

#include "../vmsa.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Make [p, p+len) of table memory visible to the table walker: clean the
 * D-cache lines to the point of unification (walks are configured cacheable
 * through TTBR0), then DSB. */
void vmsa_arch_sync_table(const void *p, size_t len);

/* Invalidate TLB entries for one VA, all ASIDs (TLBIMVAA, or TLBIMVAAIS
 * when `smp`; TLBIMVA on ARMv5). Followed by nothing: callers add DSB. */
void vmsa_arch_tlbi_va(uint32_t va, bool smp);

/* Invalidate the whole unified TLB (TLBIALL / TLBIALLIS). */
void vmsa_arch_tlbi_all(bool smp);

/* Invalidate the branch predictor (BPIALL / BPIALLIS), for changes to
 * executable mappings (ARM ARM B2.2.7). */
void vmsa_arch_bp_inval(bool smp);

/*
 * Clean and invalidate the data cache lines that hold [va, va + len) to
 * the point of coherency, by MVA (DCCIMVAC on ARMv7; c7 c14 1 on ARMv5).
 * The engine calls it for memory whose mapping it changes so that no line
 * of the old cacheable view survives (ARM ARM DDI 0406C B3.8.6, mismatched
 * memory attributes; B2.2 caches):
 *  - ARMv7 (data caches behave as PIPT): after a protect from a cacheable
 *    to a non-cacheable type (Normal NC, Device, Strongly-ordered), once
 *    the old entry is broken and invalidated and the new one written, by
 *    the new VA mapping (maintenance by MVA needs a valid translation and
 *    acts on the PA whatever its memory type).
 *  - ARMv5 (VIVT): after the break of a cacheable entry that unmap, remap
 *    or a protect to a non-cacheable type removes (the ARM926 looks its
 *    lines up by MVA and writes them back with the PA tag they carry, so
 *    no translation is needed).
 * Followed by nothing: callers add DSB.
 */
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp);

/* Invalidate the whole instruction cache (ICIALLU / ICIALLUIS; ARMv5
 * c7 c5 0), after changes to executable mappings: the architecture lets
 * the instruction cache be VA-tagged (ARMv7 B2.2.2 AIVIVT; the ARM926 is
 * VIVT), so lines fetched through the old mapping would still hit.
 * Followed by nothing: callers add DSB and ISB. */
void vmsa_arch_icache_inval(bool smp);

void vmsa_arch_dsb(void);
void vmsa_arch_isb(void);

/*
 * Lock for VMSA_TF_SMP: masks IRQ and FIQ on the calling CPU, then takes
 * the spinlock (LDREX/STREX on ARMv7; on the uniprocessor ARMv5 the mask
 * is the lock). Returns false, having taken nothing and restored the mask,
 * when the calling CPU already holds it: a re-entry (an abort handler
 * calling the engine), which would otherwise spin forever. unlock releases
 * it and restores the IRQ/FIQ mask that lock found.
 */
bool vmsa_arch_lock(void);
void vmsa_arch_unlock(void);

/* Data memory barrier (DMB; on the uniprocessor ARMv5 a compiler barrier):
 * orders the sequence count that lock-free readers check against the
 * table accesses around it. */
void vmsa_arch_dmb(void);

/*
 * Turn the MMU on with table t, the one documented enable sequence
 * (src/arch/armv7/mmu.c): program TTBCR = 0, TTBR0, DACR = `dacr`, PRRR and
 * NMRR when t->fmt has VMSA_FMT_TEX_REMAP; then clean the tables, DSB,
 * TLBIALL, DSB, ISB, set SCTLR.M (and TRE), clear SCTLR.AFE and HA, set
 * SCTLR.EE to the build's endianness, ISB. `sctlr_set` adds bits
 * (e.g. SCTLR_C | SCTLR_I | SCTLR_Z). Sets VMSA_TF_LIVE on t.
 * Only on target builds.
 */
void vmsa_arch_mmu_enable(struct vmsa_table *t, uint32_t dacr,
                          uint32_t sctlr_set);

/*
 * The same sequence on a secondary CPU joining tables that another CPU
 * has already made live (VMSA_TF_LIVE set): programs this CPU's TTBCR,
 * TTBR0 (shareable walks with VMSA_TF_SMP), DACR, PRRR/NMRR, invalidates
 * its own TLB, branch predictor and I-cache, sets SCTLR. Writes neither
 * the tables nor *t. ARMv7 target builds only.
 */
void vmsa_arch_mmu_enable_secondary(const struct vmsa_table *t, uint32_t dacr,
                                    uint32_t sctlr_set);

/* ARMv7 target builds only (src/arch/armv7/mmu.c): the MMU and the data
 * cache off on the calling CPU, nothing of memory lost. SCTLR.C cleared,
 * then every data cache level up to the point of coherency cleaned and
 * invalidated by set/way (B2.2.7), with no load or store in between (one
 * asm block, scripts/check-mmu-off.sh reads it from the machine code);
 * then SCTLR.M cleared, TLBIALL, DSB, ISB. The code running it must be
 * identity mapped. The ARMv5 boot stub has its own (src/boot/boot_v5.c). */
void vmsa_arch_mmu_disable(void);

/* ---- Long descriptors (LPAE), src/arch/armv7/lpae.c ---------------------
 * For firmware that runs long-descriptor tables: the engine's
 * (VMSA_FMT_LPAE, TTBR0 at vmsa_ttbr0_pa) or its own (with the encoders of
 * src/fmt/fmt_lpae.h); the engine calls none of these. ARMv7 target builds
 * only; PL1, TTBR0 only, the calling CPU only.
 */

/* Whether the CPU implements the Large Physical Address Extension:
 * ID_MMFR0.VMSA (bits 3:0) >= 5 (ARM ARM DDI 0406C B4.1.89). False on
 * Cortex-A8 and A9, true on Cortex-A15 and A7. */
bool vmsa_arch_has_lpae(void);

/* The registers a switch between the formats replaces (B4.1.153 TTBCR,
 * B4.1.154 TTBR0 as its 64-bit form, B4.1.104 MAIR0/MAIR1, which are PRRR
 * and NMRR while TTBCR.EAE = 0, B4.1.43 DACR, B4.1.130 SCTLR). */
struct vmsa_arch_mmu_regs {
	uint64_t ttbr0;
	uint32_t ttbcr;
	uint32_t mair0, mair1;
	uint32_t dacr;
	uint32_t sctlr;
};

/*
 * Switch the calling CPU to the long-descriptor format: save the current
 * registers in *saved, turn the D-cache and MMU off (the whole data cache
 * cleaned and invalidated by set/way, B2.2.7; TLBIALL), program TTBCR =
 * EAE, T0SZ = 0, EPD1 (no TTBR1 walks), walks inner/outer write-back
 * write-allocate and Inner Shareable; TTBR0 = l1_pa (ASID 0; the 4-entry
 * level 1 table, 32-byte aligned: x = 5 - T0SZ, B4.1.154); MAIR0, MAIR1;
 * then TLBIALL, BPIALL, ICIALLU, DSB, ISB and SCTLR (as saved, with M
 * set), ISB (B3.10). Everything the code runs on (code, stack, data, the vectors,
 * the UART) must be identity mapped in the old and the new tables.
 * Returns VMSA_OK, VMSA_ERR_UNSUPPORTED (no LPAE: nothing is touched),
 * VMSA_ERR_INVAL (saved NULL, l1_pa misaligned or at or past 2^40).
 */
int vmsa_arch_lpae_enter(uint64_t l1_pa, uint32_t mair0, uint32_t mair1,
                         struct vmsa_arch_mmu_regs *saved);
/* Back to the state vmsa_arch_lpae_enter saved: the same off sequence,
 * then every register of *saved (TTBCR first, PRRR/NMRR and SCTLR as they
 * were), TLBIALL, BPIALL, ICIALLU, DSB, ISB, SCTLR, ISB. */
void vmsa_arch_lpae_leave(const struct vmsa_arch_mmu_regs *saved);

/* Store a 64-bit descriptor with one STRD, single-copy atomic for an
 * 8-byte aligned p on a CPU with LPAE (A3.5.3): the walker never sees
 * half of it. Followed by nothing: callers clean it for the walker
 * (vmsa_arch_sync_table) and invalidate the TLB. */
void vmsa_arch_store64(volatile uint64_t *p, uint64_t w);

/* Stage 1 address translation of va in the current security state
 * (B4.2.3): ATS1CPR (PL1 read), ATS1CPW (PL1 write), ATS1CUR (PL0 read),
 * then ISB and the PAR read as the 64-bit register (MRRC, B4.1.113). With
 * TTBCR.EAE = 1 it is the long-descriptor PAR: F (bit 0), and on success
 * SH (8:7), NS (9), LPAE (11), PA[39:12], the MAIR attribute byte (63:56);
 * on a fault FST (6:1). */
uint64_t vmsa_arch_ats1cpr64(uint32_t va);
uint64_t vmsa_arch_ats1cpw64(uint32_t va);
uint64_t vmsa_arch_ats1cur64(uint32_t va);

/* ---- Hyp mode (PL2), src/arch/armv7/hyp.c -------------------------------
 * For firmware entered in Hyp mode that runs the Non-secure PL2 stage 1
 * regime on long-descriptor tables it built itself (with
 * vmsa_lpae_hyp_leaf_encode and vmsa_lpae_table_encode of
 * src/fmt/fmt_lpae.h); the engine calls none of these. ARMv7 target
 * builds only; HTTBR only, the calling CPU only. The register reads and
 * writes are UNDEFINED outside Hyp mode: the calls that return an int
 * check the mode first and return VMSA_ERR_UNSUPPORTED there, touching
 * nothing; the others are for Hyp mode only.
 */

/* Whether the calling CPU runs in Hyp mode: CPSR.M == 0x1a (B1.3.1). */
bool vmsa_arch_in_hyp(void);

/* The registers of the Hyp regime (B4.1: HTTBR as its 64-bit form, HTCR,
 * HMAIR0, HMAIR1, HSCTLR). */
struct vmsa_arch_hyp_regs {
	uint64_t httbr;
	uint32_t htcr;
	uint32_t hmair0, hmair1;
	uint32_t hsctlr;
};
/* Read them into *r. VMSA_OK, VMSA_ERR_UNSUPPORTED (not in Hyp mode),
 * VMSA_ERR_INVAL (r NULL). */
int vmsa_arch_hyp_regs_read(struct vmsa_arch_hyp_regs *r);

/*
 * Turn the Hyp MMU on with the level 1 table at httbr: first the off
 * sequence below (HSCTLR.C cleared, the whole data cache cleaned and
 * invalidated by set/way, HSCTLR.M cleared, TLBIALLH), so every table
 * word written before the call is in memory for the walker whatever the
 * cache did; then HTCR (T0SZ = 0; walks inner and outer write-back
 * write-allocate, Inner Shareable; bit 31 should-be-one, the other
 * reserved bits as read), HMAIR0 = hmair0, HMAIR1 = hmair1, HTTBR =
 * httbr (MCRR; the 4-entry level 1 table, 32-byte aligned), TLBIALLH,
 * ICIALLU, BPIALL, DSB, ISB; then HSCTLR with M, C and I set, WXN
 * cleared (VMSA_EXEC mappings that are writable stay executable), EE the
 * build's endianness, the rest as it was; ISB (B3.10.2). Everything the
 * code runs on (code, stack, data, the Hyp vectors, the UART) must be
 * identity mapped. Returns VMSA_OK, VMSA_ERR_UNSUPPORTED (not in Hyp
 * mode: nothing is touched), VMSA_ERR_INVAL (httbr misaligned or at or
 * past 2^40: nothing is touched).
 */
int vmsa_arch_hyp_mmu_enable(uint64_t httbr, uint32_t hmair0, uint32_t hmair1);
/* The Hyp MMU and data cache off, nothing of memory lost: HSCTLR.C
 * cleared, every data cache level to the point of coherency cleaned and
 * invalidated by set/way with no load or store in between, HSCTLR.M
 * cleared, TLBIALLH, DSB, ISB. The code running it must be identity
 * mapped. VMSA_OK, or VMSA_ERR_UNSUPPORTED (not in Hyp mode). */
int vmsa_arch_hyp_mmu_disable(void);

/* Invalidate the Hyp mode TLB entries: all of them (TLBIALLH, or
 * TLBIALLHIS when `smp`), or those of one VA (TLBIMVAH / TLBIMVAHIS).
 * TLBIALL and TLBIMVAA do not reach them (they act on the PL1&0
 * regime). Followed by nothing: callers add DSB and ISB. Hyp mode
 * only. */
void vmsa_arch_hyp_tlbi_all(bool smp);
void vmsa_arch_hyp_tlbi_va(uint32_t va, bool smp);

/* Stage 1 address translation of va in the Hyp regime (B4.2.3): ATS1HR
 * (read), ATS1HW (write), then ISB and the PAR as the 64-bit register,
 * always in the long format: F (bit 0), and on success SH (8:7), LPAE
 * (11), PA[39:12], the HMAIR attribute byte (63:56); on a fault FST
 * (6:1), 0b0001LL translation, 0b0010LL Access flag, 0b0011LL
 * permission, LL the level. Hyp mode only. */
uint64_t vmsa_arch_ats1hr64(uint32_t va);
uint64_t vmsa_arch_ats1hw64(uint32_t va);

#ifdef __cplusplus
}
#endif

#endif /* VMSA_ARCH_H */
