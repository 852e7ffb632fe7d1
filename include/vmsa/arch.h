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

void vmsa_arch_dsb(void);
void vmsa_arch_isb(void);

/* Spinlock for VMSA_TF_SMP (LDREX/STREX); a no-op on the host and on
 * ARMv5. */
void vmsa_arch_lock(void);
void vmsa_arch_unlock(void);

/*
 * Turn the MMU on with table t, the one documented enable sequence
 * (src/arch/armv7/mmu.c): program TTBCR = 0, TTBR0, DACR = `dacr`, PRRR and
 * NMRR when t->fmt has VMSA_FMT_TEX_REMAP; then clean the tables, DSB,
 * TLBIALL, DSB, ISB, set SCTLR.M (and TRE), ISB. `sctlr_set` adds bits
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
