/*
 * strict_model.h - an adversarial model of the memory system that the
 * engine's maintenance must defeat, for host tests and the fuzzer.
 *
 * It hangs on the fake arch's hook (tests/host/fake_arch.c), so it sees
 * every call of <vmsa/arch.h> and, at each one, the table memory. Tables
 * of the short formats (ARMv7, ARMv5) and of long descriptors
 * (VMSA_FMT_LPAE: 64-bit words, each seen whole, a level-2 word per 2MB
 * in t->l1, level-3 tables in the pool, the walk cache holding level-2
 * table descriptors, level 1 checked to be the four table descriptors
 * vmsa_init wrote, and a round of walks also just before each arch call,
 * so that a store the walker sees before a DSB completes the break's TLBI
 * meets the old entry). What it models (ARM ARM DDI 0406C;
 * docs/maintenance.md has the rules):
 *  - a table walker that may read, for any word, either what was last made
 *    visible by vmsa_arch_sync_table (its image) or what is in memory now
 *    (a store may reach the walker before it is cleaned), and does so for
 *    every watched page at every arch call (speculative walks while the
 *    MMU is on, B3.3.1);
 *  - per-CPU TLBs (1 CPU, or 2 with VMSA_TF_SMP) that hold every walk as
 *    entries of the smallest page size (B3.9: a block may be held as
 *    smaller entries), global entries and ASID-tagged ones for two ASIDs,
 *    and a walk cache of L1 table descriptors; entries leave only by a TLB
 *    invalidation that covers their page (TLBIMVAA: that page, all ASIDs,
 *    and the walk cache of its MB), made complete by a DSB (B3.10.1);
 *    the local forms reach CPU 0 only, the broadcast ones every CPU;
 *  - an instruction cache tagged by VA (ARMv7 permits AIVIVT, the ARM926
 *    is VIVT), filled from every executable TLB entry, emptied by
 *    vmsa_arch_icache_inval once a DSB completes it; a branch predictor
 *    that may hold targets of every executable entry that left a TLB
 *    since the last BPIALL completed by a DSB (stale if the page now
 *    translates otherwise); and a page that comes to translate executable
 *    otherwise than at the end of the last call may meet any predictor
 *    and I-cache state of an earlier mapping of its VA (B2.2.7), until
 *    both are invalidated after the new descriptor is written;
 *  - a data cache: PIPT on ARMv7 (lines by PA), VIVT on ARMv5 (lines by
 *    VA and PA), filled from every cacheable TLB entry, emptied by
 *    vmsa_arch_dcache_clean_inval (ARMv7: through the translation in
 *    memory, none is a violation, as that would abort).
 * Violations found at any arch call: a TLB conflict (two entries for one
 * VA and context that differ in output address, size, memory type,
 * shareability, nG or NS). Found by strict_end (after an engine call):
 * unsynced table words, maintenance not completed by a DSB, no ISB after
 * the last completed maintenance, any TLB or walk-cache entry other than
 * what the tables say now, a stale predictor, instruction-cache lines of
 * an old translation or an earlier mapping, data-cache lines for memory
 * now mapped non-cacheable (ARMv7) or for a VA that no longer maps
 * cacheably to that PA (ARMv5).
 */
#ifndef STRICT_MODEL_H
#define STRICT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>

/* Start modelling table t, whose memory is taken as all visible (as after
 * vmsa_arch_mmu_enable, which cleans it all). ncpu 1 or 2. Installs the
 * fake arch hook and makes a first round of walks when t is live. */
void strict_attach(const struct vmsa_table *t, unsigned ncpu);
/* Watch [va, va + len) (whole pages); at most 8 windows. */
void strict_window(uint32_t va, uint32_t len);
/* Stop: remove the hook, free everything. */
void strict_detach(void);

/* The end-of-call checks; returns the number of violations found since
 * attach (conflicts included); prints each (the first few). */
unsigned strict_end(void);
/* Violations so far, and the first one's text ("" if none). */
unsigned strict_violations(void);
const char *strict_first(void);

/* The caller's side of the contract in vmsa.h: it cleans and invalidates
 * the data cache for memory it gives a new non-cacheable mapping. */
void strict_caller_clean_pa(uint64_t pa, uint64_t len);

/* The model's own reading of va in table memory as it is now (its
 * decoder, not the library's): true, with the output address of va's
 * page and the size of its descriptor's granule, if va translates. */
bool strict_xlat(uint32_t va, uint64_t *pa, uint32_t *size);

#endif
