/*
 * op.c - layer 2: unmap, protect and remap of a mapped range on a live
 * or offline table: the walk of the range (prepare and commit), the
 * checks, the public calls.
 *
 * Does not cover: the runs and their rewrite (op_run.c), the cuts and the
 * remap past 4GB (op_split.c), merging afterwards (merge.c), maintenance
 * (maint.c).
 */
#include "op.h"

/* ---- unmap / protect / remap --------------------------------------------
 * Three steps, each planned before anything is written:
 *  1. split: the granules that straddle the ends of the range, and those
 *     inside it that the new mapping cannot keep (a remap to a less
 *     aligned PA, a supersection getting a domain other than 0), are cut
 *     one level down until they fit, each cut with break-before-make
 *     (op_split.c);
 *  2. rewrite the range run by run (fault for unmap, new attributes or
 *     new output address otherwise; op_run.c; a remap past 4GB writes
 *     whole 16MB groups as supersections);
 *  3. for an unmap, release tables left empty; for the others, merge
 *     (unless VMSA_TF_NO_MERGE) around the range.
 */

/* The largest granule an op allows anywhere in its range. */
static uint32_t op_gmax(const struct vmsa_table *t, const struct op *o)
{
	uint32_t s;
	static const uint32_t sizes[] = { SZ_16M, SZ_1M, SZ_64K, SZ_4K,
	                                  SZ_1K };
	unsigned i;

	if (VMSA_ENG_LPAE)      /* blocks of one top entry, and pages */
		return o->kind != OP_REMAP || !(o->delta & (TOP_SIZE - 1)) ?
		       TOP_SIZE : SZ_4K;
	if (o->kind == OP_PROTECT && !o->tm.super_ok)
		return SZ_1M;
	if (o->kind != OP_REMAP)
		return SZ_16M;
	for (i = 0; i < 5; i++) {
		s = sizes[i];
		if (!(o->delta & (s - 1)))
			break;
	}
	if (fmt_v5(t->fmt) && s > SZ_1M)
		s = SZ_1M;
	return s;
}

/* Does granule g need to be cut for op o? same: o leaves it unchanged. */
static bool needs_split(const struct gran *g, const struct op *o, bool same)
{
	uint64_t gend = (uint64_t)g->va + g->size;

	if (g->kind == VMSA_KIND_FAULT || same)
		return false;
	if (g->va < o->va || gend > o->end)
		return true;            /* straddles an end of the range */
	return g->size > o->gmax;
}

/*
 * The walk of an op's range, in two modes over the same code. Prepare (w
 * NULL): validate, and simulate on bitmap bm the tables the cuts take,
 * touching nothing. Commit: cut each granule that needs it (looking at
 * the same VA again after a cut), then rewrite it with its run. Both
 * modes step over a run at once (prepare: its granules decode as its
 * first does). Prepare has checked everything commit could fail on.
 */
static int op_walk(struct vmsa_table *t, struct op *o, struct wctx *w,
                   uint32_t *bm, bool *copied)
{
	uint64_t cur = o->va;
	struct gran here, *g;
	struct op_run run;
	bool same;
	int err;
	/* Planning simulates the structure: which MBs became tables (and
	 * fine) during this pass, without writing. */
	uint32_t made_table_mb = UINT32_MAX, made_fine_mb = UINT32_MAX;
	bool v5 = fmt_v5(t->fmt);
	/* An ARMv7 unmap reads no attributes; the others need them (an
	 * ARMv5 unmap for the VIVT clean), in both modes alike, so that
	 * commit can start from prepare's first granule. */
	bool attrs = o->kind != OP_UNMAP || v5;
	/* Planning: the first RANGE or NOMEM is returned only once the whole
	 * range is known to be mapped (NOTMAPPED and BUSY, errors of the
	 * request itself, take precedence wherever they lie in the range). */
	int late = VMSA_OK;

	while (cur < o->end) {
		if (w != NULL && o->first_ok) {
			g = &o->first;  /* cur is o->va: nothing written yet */
			o->first_ok = false;
		} else {
			/* Prepare keeps the granule at va for commit. The
			 * lookups fill *g (an output, not read). */
			/* cppcheck-suppress uninitvar */
			g = w == NULL && cur == o->va ? &o->first : &here;
			err = attrs ? vmsa_lookup(t, (uint32_t)cur, g) :
			      vmsa_find(t, (uint32_t)cur, g);
			if (err != VMSA_OK)
				return err;
			if (g == &o->first)
				o->first_ok = true;
		}
		if (g->kind == VMSA_KIND_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if (w == NULL || g != &o->first)
			same = vmsa_op_unchanged(t, g, o);
		else
			same = o->first_same;
		if (w == NULL && g == &o->first)
			o->first_same = same;
		if (o->kind == OP_REMAP && vmsa_op_past_4gb(o, g) &&
		    (g->kind != VMSA_KIND_SUPERSECTION ||
		     needs_split(g, o, same))) {
			/* Past 4GB only supersections reach: the 16MB group
			 * of g is written as one (remap_super). */
			err = vmsa_op_remap_super(t, w, o, g, &cur);
			if (err != VMSA_OK && err != VMSA_ERR_RANGE)
				return err;
			if (err != VMSA_OK && late == VMSA_OK)
				late = err;
			continue;
		}
		if (w != NULL) {
			if (needs_split(g, o, same)) {
				vmsa_op_split(w, g, o); /* look again at cur */
				continue;
			}
			if (g != &o->first || !o->first_run_ok)
				vmsa_op_run(t, o, g, same, &run);
			else
				run = o->first_run;
			vmsa_op_rewrite(w, o, g, same, &run);
			/* An unmap may leave a table empty only here. */
			if (g->level == 2)
				o->l2_cleared = true;
			cur = run.end;
			continue;
		}
		/* Planning: predict the structure after splitting g. */
		if (!needs_split(g, o, same)) {
			/* Step over g's run (commit takes the first). */
			vmsa_op_run(t, o, g, same, &run);
			if (g == &o->first) {
				o->first_run = run;
				o->first_run_ok = true;
			}
			cur = run.end;
			continue;
		}
		/* A supersection becomes sections, which output PA[31:20]
		 * only: one above 4GB cannot be cut, unless a remap moves
		 * all of it below 4GB (checked above): its sections are
		 * then written at their new addresses (vmsa_op_split). */
		if (g->kind == VMSA_KIND_SUPERSECTION &&
		    g->pa + SZ_16M > FOUR_GB && !vmsa_op_remap_whole(g, o)) {
			if (late == VMSA_OK)
				late = VMSA_ERR_RANGE;
			cur = (uint64_t)g->va + g->size;
			continue;
		}
		switch (g->kind) {
		case VMSA_KIND_SUPERSECTION:
			/* becomes sections; then each section as below */
			/* fall through */
		case KIND_TOP: {
			uint32_t mb = (uint32_t)(cur >> TOP_SHIFT);
			uint64_t mlo = (uint64_t)mb << TOP_SHIFT;
			uint64_t mhi = mlo + TOP_SIZE;
			bool need_pages = o->gmax < TOP_SIZE ||
			        (o->va > mlo && o->va < mhi) ||
			        (o->end > mlo && o->end < mhi);
			if (need_pages && made_table_mb != mb) {
				bool fine = vmsa_op_needs_tiny(t, o, mb);
				if (vmsa_trial_take(t, bm, copied, fine) ==
				    UINT32_MAX &&
				    late == VMSA_OK)
					late = VMSA_ERR_NOMEM;
				made_table_mb = mb;
			}
			/* Sections the cut leaves whole need nothing. */
			cur = mhi;
			break;
		}
		default: {
			/* Pages: a coarse table that must hold 1KB cuts is
			 * upgraded once. */
			uint32_t mb = (uint32_t)(cur >> TOP_SHIFT);
			if (v5 && !g->fine && made_fine_mb != mb &&
			    vmsa_op_needs_tiny(t, o, mb)) {
				if (vmsa_trial_take(t, bm, copied, true) ==
				    UINT32_MAX &&
				    late == VMSA_OK)
					late = VMSA_ERR_NOMEM;
				made_fine_mb = mb;
			}
			cur = (uint64_t)g->va + g->size;
			break;
		}
		}
	}
	return late;
}

/* Does the table of L1 word w1 (MB from lo) hold a valid entry outside
 * the range of o? Splitting has not happened yet: a large page that
 * straddles an end of the range has entries outside it, as the small
 * pages it will be cut into will. */
static bool table_used_outside(const struct vmsa_table *t, dw_t w1,
                               const struct op *o, uint64_t lo)
{
	bool fine = false;
	dw_t *l2 = vmsa_table_of(t, w1, &fine, NULL);
	uint64_t a = o->va > lo ? o->va : lo;
	uint64_t b = o->end < lo + TOP_SIZE ? o->end : lo + TOP_SIZE;
	uint32_t sh = fine ? 10 : 12, n = TOP_SIZE >> sh;
	/* Entries holding any byte before a, or any from b on (an ARMv5
	 * coarse entry can straddle a 1KB-aligned end). */
	uint32_t i0 = (uint32_t)((a - lo + (1u << sh) - 1) >> sh);
	uint32_t i1 = (uint32_t)((b - lo) >> sh);

	return l2 == NULL || vmsa_any_set(l2, i0) || vmsa_any_set(&l2[i1], n - i1);
}

/*
 * Protect, MB mb: pages whose table's MB is only partly in the range must
 * keep the table's domain, NS and PXN, unless every valid entry of the
 * table lies in the range: then the L1 table descriptor changes with them
 * (vmsa_op_rewrite). A section cut into pages keeps its own table
 * attributes: those must match too. The walk has decoded every granule
 * of the range already: only the table attributes are read here.
 */
static bool protect_conflict(const struct vmsa_table *t, const struct op *o,
                             uint32_t mb)
{
	dw_t w1 = vmsa_top(t)[mb];
	uint64_t lo = (uint64_t)mb << TOP_SHIFT, hi = lo + TOP_SIZE;
	struct vmsa_desc d;

	/* Long descriptors: every attribute is the leaves'. */
	if (VMSA_ENG_LPAE || (o->va <= lo && o->end >= hi) || w1 == 0)
		return false;
	if (l1_is_table(t->fmt, w1))
		return vmsa_fmt_l1_table_attrs(t->fmt, w1) != o->tm.tattrs &&
		       table_used_outside(t, w1, o, lo);
	if (vmsa_l1_decode(t->fmt, w1, &d) != VMSA_OK)
		return false;
	return (d.attrs & VMSA_TABLE_ATTRS) != o->tm.tattrs;
}

/*
 * Can a protect or remap of o, just written, have made a group fold? Only
 * when it may is the merge run (it examines every group of the range).
 * When the range lies inside one 64KB group of an ARMv7 page table, does
 * not cover it, and starts on a small page, every group that could fold
 * holds that 64KB group: the group itself, its MB (a section needs 16
 * large pages) and the MB's 16MB group (a supersection needs 16
 * sections). Folds are decided on raw words (merge.c: each word the
 * first plus the stride), so an entry of the group outside the range
 * that does not continue the range's first word rules out all of them.
 * Any other range: true. Not inlined: its locals stay out of run_op's
 * frame, which is on the deepest stack path of unmap and protect.
 */
__attribute__((noinline))
static bool op_may_fold(const struct vmsa_table *t, const struct op *o)
{
	uint32_t va = o->va, last = (uint32_t)(o->end - 1), n;
	tpa_t tpa;
	uint32_t g = va & ~(SZ_64K - 1);
	dw_t *l2, w;
	struct vmsa_leaf lf;
	bool fine;

	/* Long descriptors: only a whole table folds (the merge's first
	 * compare answers). */
	if (VMSA_ENG_LPAE || fmt_v5(t->fmt) || last >> 16 != va >> 16 ||
	    (va == g && last == g + (SZ_64K - 1)))
		return true;
	if (!vmsa_fmt_l1_table(t->fmt, vmsa_top(t)[top_index(va)], &fine,
	                       &tpa) ||
	    (l2 = vmsa_pool_table(t, tpa, fine, NULL)) == NULL)
		return true;
	w = l2[vmsa_fmt_l2_index(va, false)];
	/* Below the range in the group, else above it (modulo 2^32). */
	n = va != g ? va - SZ_4K : last + 1;
	if (l2[vmsa_fmt_l2_index(n, false)] == w + (n - va))
		return true;
	/* Not a small page (a large page the op left as it was): the
	 * merge decides. */
	return vmsa_fmt_leaf(t->fmt, 2, false, w, &lf) != VMSA_OK ||
	       lf.kind != VMSA_KIND_SMALL;
}

static int run_op(struct vmsa_table *t, struct op *o)
{
	bool copied = false;    /* t->scratch holds the trial bitmap */
	struct wctx w;
	int err;

	o->gmax = op_gmax(t, o);
	err = op_walk(t, o, NULL, t->scratch, &copied);
	if (copied)
		vmsa_scratch_clear(t);
	if (err != VMSA_OK)
		return err;
	/* Only the first and the last MB of a range can be partly in it. */
	if (o->kind == OP_PROTECT &&
	    (protect_conflict(t, o, top_index(o->va)) ||
	     ((o->end - 1) >> TOP_SHIFT != top_index(o->va) &&
	      protect_conflict(t, o, (uint32_t)((o->end - 1) >> TOP_SHIFT)))))
		return VMSA_ERR_CONFLICT;
	wctx_init(&w, t);
	op_walk(t, o, &w, NULL, NULL);
	if (w.nc_remapped && is_live(t))
		vmsa_op_uncache_remapped(&w, o);
	/* An unmap leaves a fault in every group it touched, so nothing
	 * there can fold: it only releases tables left empty. Protect and
	 * remap empty no table (a remap past 4GB frees the tables it
	 * replaces itself). */
	if (o->kind == OP_UNMAP) {
		if (o->l2_cleared)
			vmsa_release_empty(&w, o->va, o->end);
	} else if (op_may_fold(t, o)) {
		vmsa_merge_range(&w, o->va, o->end, false, false);
	}
	vmsa_free_pending(&w);
	vmsa_finish(&w);
	return VMSA_OK;
}

static int op_check(const struct vmsa_table *t, vmsa_va_t va, uint64_t size)
{
	uint32_t g;

	if (vmsa_table_ok(t, false) != VMSA_OK || size == 0)
		return VMSA_ERR_INVAL;
	g = min_granule(t->fmt);
	if ((va.v | size) & (g - 1))
		return VMSA_ERR_ALIGN;
	if (size > VMSA_VA_SPAN - va.v)         /* no overflow for any size */
		return VMSA_ERR_RANGE;
	return VMSA_OK;
}

/* Validate the range of an op of kind k and fill it in (field by field:
 * an initialiser of the struct is a memset call on every op; tm is read
 * by protect alone, which sets it). */
static int op_range(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                    enum op_kind k, struct op *o)
{
	int err = op_check(t, va, size);

	o->kind = k;
	o->pa = 0;
	o->delta = 0;
	o->first_ok = false;
	o->first_run_ok = false;
	o->l2_cleared = false;
	o->va = va.v;
	o->end = (uint64_t)va.v + size;
	return err;
}

static int run_locked(struct vmsa_table *t, struct op *o)
{
	uint32_t fl;
	bool hit = true;
	int err = vmsa_enter(t, &fl);

	if (err != VMSA_OK)
		return err;
	/* Protect's template from the table's cache (under the lock, as
	 * map's), kept there once the call has succeeded. */
	if (o->kind == OP_PROTECT)
		err = vmsa_tmpl_get(t, o->key, &o->tm, &hit);
	if (err == VMSA_OK)
		err = run_op(t, o);
	if (err == VMSA_OK && !hit)
		vmsa_tmpl_keep(t, o->key, &o->tm);
	err = vmsa_guard_exit(t, fl, err);
	if (err == VMSA_OK && (t->flags & VMSA_TF_CHECK_WX))
		vmsa_wx_after(t, o->kind == OP_UNMAP ? VMSA_CALL_UNMAP :
		         o->kind == OP_PROTECT ? VMSA_CALL_PROTECT :
		         VMSA_CALL_REMAP, o->va, o->end - o->va,
		         o->kind == OP_REMAP ? o->pa : 0,
		         o->kind == OP_PROTECT ? o->tm.attrs : 0);
	return err;
}

int vmsa_unmap(struct vmsa_table *t, vmsa_va_t va, uint64_t size)
{
	struct op o;
	int err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), unmap, VMSA_ERR_INVAL, t, va, size);
	err = op_range(t, va, size, OP_UNMAP, &o);
	return err != VMSA_OK ? err : run_locked(t, &o);
}

int vmsa_protect(struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                 vmsa_attr_t attrs)
{
	struct op o;
	int err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), protect, VMSA_ERR_INVAL, t, va, size,
	               attrs);
	err = op_range(t, va, size, OP_PROTECT, &o);
	if (err != VMSA_OK)
		return err;
	o.key = vmsa_smp_attrs(t, attrs);
	return run_locked(t, &o);
}

int vmsa_remap(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
               uint64_t size)
{
	struct op o;
	int err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), remap, VMSA_ERR_INVAL, t, va, pa,
	               size);
	err = op_range(t, va, size, OP_REMAP, &o);
	if (err != VMSA_OK)
		return err;
	if (pa.p & (min_granule(t->fmt) - 1))
		return VMSA_ERR_ALIGN;
	if (pa.p >= VMSA_PA_MAX || size > VMSA_PA_MAX - pa.p)
		return VMSA_ERR_RANGE;
	o.pa = pa.p;
	o.delta = (pa.p - va.v) & (VMSA_PA_MAX - 1);
	return run_locked(t, &o);
}

