/*
 * op_run.c - layer 2: the runs of unmap, protect and remap (op.c): which
 * granules after one are rewritten with it, and the rewrite of a run as
 * one replacement (vmsa_replace: one store loop, one sync of the run, one
 * TLB invalidation range, and where the change needs it one break of the
 * whole run, its sync, invalidation and DSB before the make).
 *
 * A run (protect, remap, ARMv5 unmap) is a granule g and those after it
 * in the same table whose words continue g's: the same kind and
 * attribute bits, each output address one granule after the one before
 * (the arithmetic merge.c folds by). Their new words then continue g's
 * new word the same way, and every rule of maint.c (break, uncache,
 * executable) gives one answer for all of them, the answer for g. An
 * ARMv7 unmap needs less of its granules: only that they are mapped
 * (unmap_run). A table whose output addresses are scattered gets one run
 * per contiguous stretch.
 *
 * Also here: an ARMv7 remap's last step, the clean of the new PAs of its
 * non-cacheable granules once the whole call is written
 * (vmsa_op_uncache_remapped).
 *
 * Does not cover: the cuts (op_split.c), the walk (op.c), maintenance
 * (maint.c).
 */
#include "op.h"

/* Does op o leave granule g exactly as it is (a protect with the
 * attributes it has, a remap to the output address it has)? Then it is
 * neither cut nor rewritten, so e.g. a protect of part of a section with
 * its own attributes needs no second-level table. */
bool vmsa_op_unchanged(const struct vmsa_table *t, const struct gran *g,
                       const struct op *o)
{
	if (o->kind == OP_REMAP)
		return ((g->pa - g->va) & (VMSA_PA_MAX - 1)) == o->delta;
	if (o->kind != OP_PROTECT ||
	    (g->kind == VMSA_KIND_SUPERSECTION && !o->tm.super_ok) ||
	    vmsa_fmt_leaf_word(&o->tm, g->kind, g->pa) != *g->entry)
		return false;
	/* The table descriptor carries domain, NS and PXN. */
	if (g->level == 2)
		return vmsa_fmt_l1_table_same(t->fmt,
		                              vmsa_top(t)[top_index(g->va)],
		                              &o->tm);
	return true;
}

/*
 * ARMv7 unmap: the granules that follow g in its table (L1 or a
 * second-level table), mapped and wholly below the end, whatever their
 * attributes (an unmap needs nothing else of them, so only the format's
 * kind test is read): r->n the entries of the run, g's included, r->exec
 * whether one of them is executable.
 */
static void mapped_run(const struct vmsa_table *t, const struct op *o,
                       const struct gran *g, struct op_run *r)
{
	const dw_t *base = g->level == 2 ? g->l2 : vmsa_top(t);
	uint32_t i = (uint32_t)(g->entry - base) + g->nrep;
	uint32_t lim = g->level == 2 ? vmsa_fmt_l2_entries(g->fine) :
	               TOP_ENTRIES;
	uint64_t va = (uint64_t)g->va + g->size, bytes = 0;

	r->exec = !vmsa_fmt_leaf_xn(t->fmt, g->kind, g->word);
	r->n = g->nrep;
	if (i < lim && va < o->end)
		r->n += vmsa_fmt_mapped_run(t->fmt, g->level, g->fine, &base[i],
		                            lim - i, o->end - va, &bytes,
		                            &r->exec);
	r->end = va + bytes;
}

/*
 * Unmap (ARMv7) of granule g and those that follow it in one table inside
 * the range (cut already where they straddle its ends): one write of
 * fault entries for the whole run, one sync, then the TLB invalidation of
 * the run's range (TLBIALL past the threshold), its DSB with the call's
 * others. valid -> fault needs no break-before-make: there is no new
 * entry. ARMv5 takes the runs of equal attributes: its VIVT caches are
 * cleaned after a break, which only granules of one cacheability share.
 */
static void unmap_run(struct wctx *w, const struct gran *g,
                      const struct op_run *r)
{
	uint64_t end = r->end;

	if (r->exec)
		w->exec_changed = true;
	vmsa_replace(w, g->entry, &(struct vmsa_words){ 0, 0, r->n, 1 },
	             g->va, end - g->va, 0);
}

void vmsa_op_run(const struct vmsa_table *t, const struct op *o,
                 const struct gran *g, bool same, struct op_run *r)
{
	const dw_t *base = g->level == 2 ? g->l2 : vmsa_top(t);
	uint32_t per = g->nrep, size = g->size;
	dw_t w = *g->entry + size;
	uint32_t i = (uint32_t)(g->entry - base) + per, k, kmax;
	const dw_t *p, *e;
	uint32_t lim = g->level == 2 ? vmsa_fmt_l2_entries(g->fine) :
	               TOP_ENTRIES;
	uint64_t va = (uint64_t)g->va + size, end = o->end;

	if (o->kind == OP_UNMAP && !fmt_v5(t->fmt)) {
		mapped_run(t, o, g, r);
		return;
	}
	if (!VMSA_ENG_LPAE && o->kind == OP_REMAP && !same) {
		/* New words step like the old ones only inside one 4GB of
		 * output addresses: a supersection holds PA[39:32] apart
		 * from PA[31:24], where the step adds. (A rewritten granule
		 * starts inside the range: no cut was needed.) */
		uint64_t np = op_new_pa(o, g->va);
		uint64_t room = ((np | (FOUR_GB - 1)) + 1) - np;

		if ((uint64_t)g->va + room < end)
			end = (uint64_t)g->va + room;
	}
	/* The granules after g that fit: in the table, wholly below the
	 * end (sizes are powers of two: shifts, no division). */
	kmax = (lim - i) >> ctz32(per);        /* i and lim: multiples of per */
	if (va >= end)
		kmax = 0;
	else if ((end - va) >> ctz32(size) < kmax)
		kmax = (uint32_t)((end - va) >> ctz32(size));
	/* Those whose words continue g's. Only the first word of each is
	 * compared: the others repeat it (vmsa_find reads the first, the
	 * rewrite writes all). */
	p = &base[i];
	e = p + kmax * per;
	while (p != e && *p == w) {
		p += per;
		w += size;
	}
	k = (uint32_t)(p - &base[i]) >> ctz32(per);
	r->n = k + 1;
	r->end = va + (uint64_t)k * size;
}

/* Rewrite run r of granule g, which lies in the range (cut already if it
 * had to be). */
void vmsa_op_rewrite(struct wctx *w, const struct op *o, const struct gran *g,
                     bool same, const struct op_run *r)
{
	struct vmsa_table *t = w->t;
	dw_t word = 0, tw;
	uint32_t step = 0, n = r->n;
	bool bbm = true, fine = false, uncache;
	struct tmpl own;
	const struct tmpl *tm = &own;   /* the new attributes' template */
	uint64_t end = r->end;

	if (o->kind == OP_UNMAP && !fmt_v5(t->fmt)) {
		unmap_run(w, g, r);
		return;
	}
	if (same)
		return;         /* nothing to write, in the whole run */
	if (!(g->attrs & VMSA_XN))
		w->exec_changed = true;
	own.attrs = 0;
	if (o->kind == OP_PROTECT) {
		tm = &o->tm;
		if (!(tm->attrs & VMSA_XN))
			w->exec_changed = true;
		/* Same type, shareability, security and nG: in
		 * place. A global and an ASID-tagged entry for one
		 * VA at once is a TLB conflict (B3.10.2). */
		bbm = VMSA_MT(g->attrs) != VMSA_MT(tm->attrs) ||
		      ((g->attrs ^ tm->attrs) &
		       (VMSA_SHARED | VMSA_NS | VMSA_NG));
	} else if (o->kind == OP_REMAP) {
		make_tmpl(t->fmt, g->attrs, &own);
	}
	if (o->kind != OP_UNMAP) {
		uint64_t pa = o->kind == OP_REMAP ? op_new_pa(o, g->va) :
		              g->pa;
		word = vmsa_fmt_leaf_word(tm, g->kind, pa);
		step = g->size;
	}
	if (!VMSA_ENG_LPAE && g->level == 2 && o->kind == OP_PROTECT) {
		/* The L1 table descriptor carries domain, NS, PXN:
		 * update it (break-before-make over the MB) when the
		 * range holds every valid entry of the table
		 * (planning refused the others). */
		uint32_t mb = top_index(g->va);
		tpa_t tpa = 0;
		dw_t *top = vmsa_top(t);

		vmsa_fmt_l1_table(t->fmt, top[mb], &fine, &tpa);
		tw = vmsa_tmpl_table(tm->table, fine, tpa);
		if (tw != top[mb])
			vmsa_replace(w, &top[mb], &(struct vmsa_words){
			             tw, 0, 1, 1 }, mb << TOP_SHIFT, TOP_SIZE,
			             VMSA_R_BBM);
	}
	/* Whether cached lines must go: of the old view when a
	 * cacheable entry becomes non-cacheable (both formats), or
	 * on ARMv5 (VIVT) when the VA stops translating to this PA.
	 * The new PA of a non-cacheable entry ARMv7 remaps loses its
	 * lines once the whole call is written
	 * (vmsa_op_uncache_remapped). */
	uncache = is_live(t) && vmsa_mt_cacheable(g->attrs) &&
	          ((o->kind == OP_PROTECT && !vmsa_mt_cacheable(tm->attrs)) ||
	           (fmt_v5(t->fmt) && o->kind != OP_PROTECT));
	if (o->kind == OP_REMAP && !fmt_v5(t->fmt) &&
	    !vmsa_mt_cacheable(g->attrs))
		w->nc_remapped = true;
	/* valid -> fault needs no break, but ARMv5 cleans its VIVT
	 * lines after one (nothing may refill them). */
	if (o->kind == OP_UNMAP)
		bbm = uncache;
	/* The whole run at once: its words, one sync, one invalidation
	 * range, and a break of all of it first where one is needed. */
	vmsa_replace(w, g->entry, &(struct vmsa_words){ word, step, g->nrep,
	             n }, g->va, end - g->va, (bbm ? VMSA_R_BBM : 0) |
	             (uncache ? VMSA_R_UNCACHE : 0));
}

/*
 * ARMv7 remap, once every granule of the call has its new entry: the new
 * PA of each non-cacheable granule of the range loses its cached lines,
 * cleaned and invalidated through that entry. A cacheable mapping of the
 * PA may have left lines there (B3.8.6, mismatched attributes): one from
 * before the call, or one this call moves away, which until its own
 * break, maybe at a higher VA than the granule, could still fill them;
 * so not at the granule's rewrite. Adjacent granules are cleaned as one
 * range. Remaps past 4GB (whole supersections) are covered alike.
 */
/* [lo, hi) through its current entries, in lengths of 32 bits (the
 * whole 4GB is two halves). */
static void uncache_range(const struct vmsa_table *t, uint64_t lo,
                          uint64_t hi)
{
	while (hi > lo) {
		uint64_t n = hi - lo > SZ_2G ? SZ_2G : hi - lo;

		vmsa_arch_dcache_clean_inval((uint32_t)lo, (uint32_t)n,
		                             is_smp(t));
		lo += n;
	}
}

void vmsa_op_uncache_remapped(struct wctx *w, const struct op *o)
{
	struct vmsa_table *t = w->t;
	uint64_t cur = o->va, lo = 0, hi = 0;
	struct gran g;

	while (cur < o->end) {
		uint64_t end;

		/* Every granule of the range is mapped (the remap checked
		 * it and maps each again). */
		if (vmsa_lookup(t, (uint32_t)cur, &g) != VMSA_OK ||
		    g.kind == VMSA_KIND_FAULT)
			break;
		end = (uint64_t)g.va + g.size;
		if (end > o->end)
			end = o->end;
		if (!vmsa_mt_cacheable(g.attrs)) {
			if (hi != cur) {
				uncache_range(t, lo, hi);
				lo = cur;
			}
			hi = end;
		}
		cur = end;
	}
	uncache_range(t, lo, hi);
}
