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
 * in vmsa_arch_mmu_enable below, used by boot code, never by the engine.
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

#ifdef __cplusplus
}
#endif

#endif /* VMSA_ARCH_H */
