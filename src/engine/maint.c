/*
 * maint.c - layer 2: the only place the engine calls the arch interface
 * for a change (the lock and the readers' barriers are src/engine/guard.c's):
 * making table writes visible to the walker (vmsa_sync), replacing entries
 * with or without break-before-make (vmsa_replace, the one copy of that
 * sequence), TLB invalidation batched under one DSB per call, and the end
 * of a call (vmsa_finish).
 *
 * Does not cover: which entries change and how (op.c, map.c, merge.c
 * decide and pass VMSA_R_* flags), the instructions themselves (the arch
 * layer, <vmsa/arch.h>).
 *
 * The rules (ARM ARM DDI 0406C B3.10.1, "General TLB maintenance
 * requirements", and B3.10.2 on break-before-make), applied only while
 * VMSA_TF_LIVE is set:
 *  - fault -> valid: write, make the write visible to the walker
 *    (vmsa_arch_sync_table: clean to PoU + DSB), and at the end of the
 *    call DSB, ISB. No TLB invalidation: the VMSA never holds faulting
 *    translations in a TLB.
 *  - valid -> fault: write, sync, TLB invalidation by MVA; its DSB is the
 *    end of the call's (one for all). An ARMv7 unmap does this once per
 *    run of granules whose entries follow each other in one table.
 *  - valid -> valid with the same output address, granule, memory type,
 *    shareability, NS and nG (permissions, XN, PXN, domain): in place,
 *    the same way.
 *  - any other valid -> valid change (output address, granule size,
 *    memory type, S, NS, nG, a table pointer): break-before-make: fault
 *    entries, sync, TLBI, DSB, then the new entries, sync.
 *  - TLB invalidation by MVA is one TLBI per smallest page of what
 *    changed (a block may be held as smaller TLB entries), TLBIALL past
 *    TLBI_ALL_THRESHOLD pages.
 *  - a cacheable entry that becomes non-cacheable gets its data cache
 *    lines cleaned and invalidated by MVA (ARMv7: through the new entry,
 *    once it is written; ARMv5, VIVT: after the break, also for unmap and
 *    remap of cacheable memory).
 *  - changes to executable mappings also invalidate the branch predictor
 *    and the instruction cache, after the TLB invalidations, under the
 *    same final DSB, then ISB.
 */
#include "vmsa/arch.h"
#include "engine.h"

/* Above this many granules one TLBIALL replaces the TLBIs by MVA. */
#define TLBI_ALL_THRESHOLD 64u

/* Written table memory is made visible to the walker at once; the engine
 * writes runs, so this is one call per run. */
void vmsa_sync(const struct vmsa_table *t, const dw_t *p, uint32_t n)
{
	(void)t;
	vmsa_arch_sync_table(p, (size_t)n * sizeof *p);
}

/*
 * TLB invalidation of [va, va + size), without its DSB (the caller's:
 * vmsa_replace for a break, vmsa_finish for the rest of the call, so a
 * call's invalidations complete under one DSB).
 * One TLBI per smallest page of the range, not one per granule: a TLB
 * may hold a supersection, section or large page as several smaller
 * entries, and an invalidation by MVA only removes the entries that
 * translate that MVA (ARM ARM DDI 0406C B3.9, TLB entries may be of a
 * smaller size than the descriptor; B4.2.2, TLBIMVA). Past the threshold,
 * one TLBIALL.
 */
static void tlbi(struct wctx *w, uint32_t va, uint64_t size)
{
	const struct vmsa_table *t = w->t;
	uint32_t i, pg = min_granule(t->fmt);
	/* A shift, not a 64-bit division (no libgcc helper). */
	uint64_t n = size >> vmsa_fmt_min_shift(t->fmt);

	if (n > TLBI_ALL_THRESHOLD) {
		vmsa_arch_tlbi_all(is_smp(t));
	} else {
		for (i = 0; i < (uint32_t)n; i++)
			vmsa_arch_tlbi_va(va + i * pg, is_smp(t));
	}
	w->tlbi_pending = true;
}

/* Complete the TLB invalidations issued so far. */
static void tlbi_sync(struct wctx *w)
{
	if (w->tlbi_pending)
		vmsa_arch_dsb();
	w->tlbi_pending = false;
}

void vmsa_replace(struct wctx *w, dw_t *p, const struct vmsa_words *nw,
                  uint32_t va, uint64_t size, unsigned how)
{
	struct vmsa_table *t = w->t;
	uint32_t n = nw->per * nw->count;
	/* ARMv7 (PIPT) cleans through the new, non-cacheable entry, once it
	 * is written; ARMv5 (VIVT) by MVA after the break, before anything
	 * can refill the lines. */
	bool uncache = is_live(t) && (how & VMSA_R_UNCACHE);

	if (is_live(t) && (how & VMSA_R_BBM)) {
		vmsa_fill(p, n, 0);
		vmsa_sync(t, p, n);
		tlbi(w, va, size);
		tlbi_sync(w);
		if (uncache && fmt_v5(t->fmt))
			vmsa_arch_dcache_clean_inval(va, size, is_smp(t));
		if (nw->word == 0 && nw->step == 0)
			return;         /* to fault: the break was the change */
	}
	vmsa_store(p, nw);
	vmsa_sync(t, p, n);
	if (uncache && !fmt_v5(t->fmt))
		vmsa_arch_dcache_clean_inval(va, size, is_smp(t));
	if (is_live(t) && !(how & VMSA_R_BBM))
		tlbi(w, va, size);
}

/* Memory types whose lines a data cache may hold (vmsa.h table). */
bool vmsa_mt_cacheable(vmsa_attr_t a)
{
	uint32_t mt = VMSA_MT(a);

	return mt == VMSA_MT_WRITETHROUGH || mt == VMSA_MT_WRITEBACK ||
	       mt == VMSA_MT_WRITEALLOC;
}

void vmsa_finish(struct wctx *w)
{
	const struct vmsa_table *t = w->t;

	if (!is_live(t))
		return;
	/* The predictor and I-cache after the TLB invalidations, all
	 * completed by one DSB (as Linux's v7wbi_flush_kern_tlb_range). */
	if (w->exec_changed) {
		vmsa_arch_bp_inval(is_smp(t));
		vmsa_arch_icache_inval(is_smp(t));
	}
	vmsa_arch_dsb();
	vmsa_arch_isb();
	w->tlbi_pending = false;
}
