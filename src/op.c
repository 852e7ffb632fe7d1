/*
 * op.c - layer 2: unmap, protect and remap of a mapped range on a live
 * or offline table.
 *
 * Does not cover: merging afterwards (merge.c), maintenance (maint.c).
 */
#include "engine.h"

/* ---- unmap / protect / remap --------------------------------------------
 * Three steps, each planned before anything is written:
 *  1. split: the granules that straddle the ends of the range, and those
 *     inside it that the new mapping cannot keep (a remap to a less
 *     aligned PA, a supersection getting a domain other than 0), are cut
 *     one level down until they fit, each cut with break-before-make;
 *  2. rewrite every granule of the range (fault for unmap, new attributes
 *     or new output address otherwise; a remap past 4GB writes whole 16MB
 *     groups as supersections, remap_super);
 *  3. merge (unless VMSA_TF_NO_MERGE) around the range and release tables
 *     left empty.
 */

enum op_kind { OP_UNMAP, OP_PROTECT, OP_REMAP };

struct op {
	enum op_kind kind;
	uint32_t va;
	uint64_t end;
	struct tmpl tm;         /* OP_PROTECT: the new attributes */
	uint64_t pa;            /* OP_REMAP: the new PA of va */
	uint64_t delta;         /* OP_REMAP: pa - va (mod 2^40) */
	uint32_t gmax;          /* largest granule the result may keep */
};

/* OP_REMAP: the new output address of VA v. */
static uint64_t new_pa(const struct op *o, uint32_t v)
{
	return o->pa + (v - o->va);
}

/* The largest granule an op allows anywhere in its range. */
static uint32_t op_gmax(const struct vmsa_table *t, const struct op *o)
{
	uint32_t s;
	static const uint32_t sizes[] = { SZ_16M, SZ_1M, SZ_64K, SZ_4K,
	                                  SZ_1K };
	unsigned i;

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

/* Does op o leave granule g exactly as it is (a protect with the
 * attributes it has, a remap to the output address it has)? Then it is
 * neither cut nor rewritten, so e.g. a protect of part of a section with
 * its own attributes needs no second-level table. */
static bool gran_unchanged(const struct vmsa_table *t, const struct gran *g,
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
		return vmsa_fmt_l1_table_same(t->fmt, t->l1[g->va >> 20], &o->tm);
	return true;
}

/* Does granule g need to be cut for op o? */
static bool needs_split(const struct vmsa_table *t, const struct gran *g,
                        const struct op *o)
{
	uint64_t gend = (uint64_t)g->va + g->size;

	if (g->kind == VMSA_KIND_FAULT || gran_unchanged(t, g, o))
		return false;
	if (g->va < o->va || gend > o->end)
		return true;            /* straddles an end of the range */
	return g->size > o->gmax;
}

/* ARMv5: MB mb will hold 1KB granules after the op (a cut on a 1KB
 * boundary, or a remap by a multiple of 1KB only), so its table is fine. */
static bool op_needs_tiny(const struct vmsa_table *t, const struct op *o,
                          uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M;

	if (!fmt_v5(t->fmt))
		return false;
	if (o->gmax == SZ_1K && o->va < hi && o->end > lo)
		return true;
	if ((o->va & (SZ_4K - 1)) && o->va >= lo && o->va < hi)
		return true;
	if ((o->end & (SZ_4K - 1)) && o->end > lo && o->end <= hi)
		return true;
	return false;
}

/* Does remap o move all of granule g to addresses sections can output
 * (1MB-aligned: no pages needed)? */
static bool remap_whole(const struct gran *g, const struct op *o)
{
	return o->kind == OP_REMAP && o->gmax >= SZ_1M && g->va >= o->va &&
	       (uint64_t)g->va + g->size <= o->end;
}

static void split_granule(struct wctx *w, const struct gran *g,
                          const struct op *o)
{
	struct vmsa_table *t = w->t;
	struct vmsa_words nw;
	struct tmpl tm;
	uint32_t *p = g->entry;
	uint64_t pa = g->pa;
	vmsa_attr_t a;

	/* An unmap's walk decodes no attributes: the cut needs them. */
	vmsa_fmt_leaf_attrs(t->fmt, g->kind, g->fine, g->word, g->tattrs, &a);
	make_tmpl(t->fmt, a, &tm);
	switch (g->kind) {
	case VMSA_KIND_SUPERSECTION:
		/* 16 sections with the same attributes (domain 0). Sections
		 * cannot output above 4GB: a remap that moves the whole
		 * supersection below it writes them at their new addresses
		 * (rewrite_gran then finds nothing to change). */
		if (pa + SZ_16M > FOUR_GB && remap_whole(g, o)) {
			pa = new_pa(o, g->va);
			/* The translation changes here, not in rewrite_gran. */
			if (!(a & VMSA_XN))
				w->exec_changed = true;
		}
		nw = (struct vmsa_words){ tm.sect | (uint32_t)pa, SZ_1M, 1, 16 };
		break;
	case VMSA_KIND_SECTION: {
		/* A table of 16 large pages covering the same MB. */
		uint64_t tpa;
		bool fine = op_needs_tiny(t, o, g->va >> 20);
		uint32_t *l2 = vmsa_new_table(w, fine, &tpa);
		uint32_t reps = vmsa_fmt_reps(VMSA_KIND_LARGE, fine);

		vmsa_store(l2, &(struct vmsa_words){ tm.large | (uint32_t)pa,
		           SZ_64K, reps, 16 });
		vmsa_sync(t, l2, 16 * reps);
		nw = (struct vmsa_words){ vmsa_tmpl_table(tm.table, fine, tpa), 0, 1,
		                          1 };
		break;
	}
	case VMSA_KIND_LARGE:
		/* 16 small pages. */
		if (fmt_v5(t->fmt) && !g->fine &&
		    op_needs_tiny(t, o, g->va >> 20)) {
			vmsa_to_fine(w, g->va >> 20);
			return;         /* re-looked-up by the caller */
		}
		nw = (struct vmsa_words){ tm.small | (uint32_t)pa, SZ_4K,
		                          g->fine ? 4 : 1, 16 };
		break;
	case VMSA_KIND_SMALL:
		/* 4 tiny pages, in a fine table. */
		if (!g->fine) {
			vmsa_to_fine(w, g->va >> 20);
			return;
		}
		nw = (struct vmsa_words){ tm.tiny | (uint32_t)pa, SZ_1K, 1, 4 };
		break;
	default:
		return;
	}
	vmsa_replace(w, p, &nw, g->va, g->size, VMSA_R_BBM);
}

/*
 * The granules that follow g in its table (L1 or a second-level table),
 * mapped and wholly below end: the entries they take (*n) and whether one
 * is executable (*exec, set only); returns the VA after them. An unmap
 * needs nothing else of them, so only the format's kind test is read.
 */
static uint64_t mapped_after(const struct vmsa_table *t, const struct gran *g,
                             uint64_t end, uint32_t *n, bool *exec)
{
	const uint32_t *base = g->level == 2 ? g->l2 : t->l1;
	uint32_t i = (uint32_t)(g->entry - base) + g->nrep;
	uint32_t lim = g->level == 2 ? vmsa_fmt_l2_entries(g->fine) :
	               VMSA_L1_ENTRIES;
	uint64_t va = (uint64_t)g->va + g->size, bytes = 0;

	*n = 0;
	if (i < lim && va < end)
		*n = vmsa_fmt_mapped_run(t->fmt, g->level, g->fine, &base[i],
		                         lim - i, end - va, &bytes, exec);
	return va + bytes;
}

static uint64_t rewrite_gran(struct wctx *w, const struct op *o,
                             const struct gran *g);

/* OP_REMAP: does the part of g inside the range (g may start before it)
 * get output addresses past 4GB? */
static bool past_4gb(const struct op *o, const struct gran *g)
{
	uint32_t lo = g->va < o->va ? o->va : g->va;
	uint64_t gend = (uint64_t)g->va + g->size;
	uint64_t hi = gend < o->end ? gend : o->end;

	return new_pa(o, lo) + (hi - lo) > FOUR_GB;
}

/* OP_REMAP of granule g (not a supersection kept whole) past 4GB, where
 * only supersections reach: its 16MB group becomes one, as vmsa_map
 * writes there, whatever granules earlier calls left in it; the group
 * wholly in the range, delta 16MB-aligned, attributes a supersection's
 * (vmsa_super_group), else VMSA_ERR_RANGE. Prepare (w NULL) checks,
 * commit writes; *cur moves past what was handled. */
static int remap_super(const struct vmsa_table *t, struct wctx *w,
                       const struct op *o, const struct gran *g,
                       uint64_t *cur)
{
	uint32_t glo = g->va & ~(SZ_16M - 1);
	struct tmpl tm;

	if (o->gmax != SZ_16M || glo < o->va ||
	    (uint64_t)glo + SZ_16M > o->end) {
		*cur = (uint64_t)g->va + g->size;
		return VMSA_ERR_RANGE;
	}
	*cur = (uint64_t)glo + SZ_16M;
	if (w == NULL)
		return vmsa_super_group(t, glo >> 20, &tm);
	/* Planned: the group has g's attributes throughout. */
	make_tmpl(t->fmt, g->attrs, &tm);
	if (!(g->attrs & VMSA_XN))
		w->exec_changed = true;
	vmsa_write_super(w, glo >> 20, &tm, new_pa(o, glo));
	return VMSA_OK;
}

/*
 * The walk of an op's range, in two modes over the same code. Prepare (w
 * NULL): validate, and simulate on bitmap bm the tables the cuts take,
 * touching nothing. Commit: cut each granule that needs it (looking at
 * the same VA again after a cut), then rewrite it. Prepare has checked
 * everything commit could fail on.
 */
static int op_walk(struct vmsa_table *t, const struct op *o, struct wctx *w,
                   uint32_t *bm)
{
	bool copied = false;            /* bm holds the table's bitmap */
	uint64_t cur = o->va;
	struct gran g;
	int err;
	/* Planning simulates the structure: which MBs became tables (and
	 * fine) during this pass, without writing. */
	uint32_t made_table_mb = UINT32_MAX, made_fine_mb = UINT32_MAX;
	bool v5 = fmt_v5(t->fmt);
	/* Planning: the first RANGE or NOMEM is returned only once the whole
	 * range is known to be mapped (NOTMAPPED and BUSY, errors of the
	 * request itself, take precedence wherever they lie in the range). */
	int late = VMSA_OK;

	while (cur < o->end) {
		/* An ARMv7 unmap reads no attributes (nor does any prepare
		 * of an unmap); the others need them. */
		err = o->kind == OP_UNMAP && (w == NULL || !v5) ?
		      vmsa_find(t, (uint32_t)cur, &g) :
		      vmsa_lookup(t, (uint32_t)cur, &g);
		if (err != VMSA_OK)
			return err;
		if (g.kind == VMSA_KIND_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if (o->kind == OP_REMAP && past_4gb(o, &g) &&
		    (g.kind != VMSA_KIND_SUPERSECTION ||
		     needs_split(t, &g, o))) {
			/* Past 4GB only supersections reach: the 16MB group
			 * of g is written as one (remap_super). */
			err = remap_super(t, w, o, &g, &cur);
			if (err != VMSA_OK && err != VMSA_ERR_RANGE)
				return err;
			if (err != VMSA_OK && late == VMSA_OK)
				late = err;
			continue;
		}
		if (w != NULL) {
			if (needs_split(t, &g, o))
				split_granule(w, &g, o); /* look again at cur */
			else
				cur = rewrite_gran(w, o, &g);
			continue;
		}
		/* Planning: predict the structure after splitting g. */
		if (!needs_split(t, &g, o)) {
			bool exec = false;
			uint32_t n;

			/* An unmap only needs the granules after g in its
			 * table to be mapped: skip them in one scan. */
			cur = o->kind == OP_UNMAP ?
			      mapped_after(t, &g, o->end, &n, &exec) :
			      (uint64_t)g.va + g.size;
			continue;
		}
		/* A supersection becomes sections, which output PA[31:20]
		 * only: one above 4GB cannot be cut, unless a remap moves
		 * all of it below 4GB (checked above): its sections are
		 * then written at their new addresses (split_granule). */
		if (g.kind == VMSA_KIND_SUPERSECTION &&
		    g.pa + SZ_16M > FOUR_GB && !remap_whole(&g, o)) {
			if (late == VMSA_OK)
				late = VMSA_ERR_RANGE;
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		switch (g.kind) {
		case VMSA_KIND_SUPERSECTION:
			/* becomes sections; then each section as below */
			/* fall through */
		case VMSA_KIND_SECTION: {
			uint32_t mb = (uint32_t)(cur >> 20);
			uint64_t mlo = (uint64_t)mb << 20, mhi = mlo + SZ_1M;
			bool need_pages = o->gmax < SZ_1M ||
			        (o->va > mlo && o->va < mhi) ||
			        (o->end > mlo && o->end < mhi);
			if (need_pages && made_table_mb != mb) {
				bool fine = op_needs_tiny(t, o, mb);
				if (vmsa_trial_take(t, bm, &copied, fine) ==
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
			uint32_t mb = (uint32_t)(cur >> 20);
			if (v5 && !g.fine && made_fine_mb != mb &&
			    op_needs_tiny(t, o, mb)) {
				if (vmsa_trial_take(t, bm, &copied, true) ==
				    UINT32_MAX &&
				    late == VMSA_OK)
					late = VMSA_ERR_NOMEM;
				made_fine_mb = mb;
			}
			cur = (uint64_t)g.va + g.size;
			break;
		}
		}
	}
	return late;
}

/*
 * Unmap (ARMv7) of granule g and those that follow it in one table inside
 * the range (cut already where they straddle its ends): one write of
 * fault entries for the whole run, one sync, then the TLB invalidation of
 * the run's range (TLBIALL past the threshold), its DSB with the call's
 * others. valid -> fault needs no break-before-make: there is no new
 * entry. ARMv5 keeps the per-granule path: its VIVT caches are cleaned
 * granule by granule after the break. Returns the run's end.
 */
static uint64_t unmap_run(struct wctx *w, const struct op *o,
                          const struct gran *g)
{
	struct vmsa_table *t = w->t;
	uint32_t n;
	uint64_t end;

	if (!vmsa_fmt_leaf_xn(t->fmt, g->kind, g->word))
		w->exec_changed = true;
	end = mapped_after(t, g, o->end, &n, &w->exec_changed);
	vmsa_replace(w, g->entry, &(struct vmsa_words){ 0, 0, g->nrep + n, 1 },
	             g->va, end - g->va, 0);
	return end;
}

/* Rewrite granule g, which lies in the range (cut already if it had to
 * be); returns the VA after what was rewritten. */
static uint64_t rewrite_gran(struct wctx *w, const struct op *o,
                             const struct gran *g)
{
	struct vmsa_table *t = w->t;
	uint32_t word = 0, tw;
	bool bbm = true, fine, uncache;
	struct tmpl tm;

	if (o->kind == OP_UNMAP && !fmt_v5(t->fmt))
		return unmap_run(w, o, g);
	if (gran_unchanged(t, g, o))
		return (uint64_t)g->va + g->size; /* nothing to write */
	if (!(g->attrs & VMSA_XN))
		w->exec_changed = true;
	if (o->kind == OP_PROTECT) {
		tm = o->tm;
		if (!(tm.attrs & VMSA_XN))
			w->exec_changed = true;
		/* Same type, shareability, security and nG: in
		 * place. A global and an ASID-tagged entry for one
		 * VA at once is a TLB conflict (B3.10.2). */
		bbm = VMSA_MT(g->attrs) != VMSA_MT(tm.attrs) ||
		      ((g->attrs ^ tm.attrs) &
		       (VMSA_SHARED | VMSA_NS | VMSA_NG));
	} else if (o->kind == OP_REMAP) {
		make_tmpl(t->fmt, g->attrs, &tm);
	} else {
		tm = (struct tmpl){ 0 };
	}
	if (o->kind != OP_UNMAP) {
		uint64_t pa = o->kind == OP_REMAP ? new_pa(o, g->va) :
		              g->pa;
		word = vmsa_fmt_leaf_word(&tm, g->kind, pa);
	}
	if (g->level == 2 && o->kind == OP_PROTECT) {
		/* The L1 table descriptor carries domain, NS, PXN:
		 * update it (break-before-make over the MB) when the
		 * range holds every valid entry of the table
		 * (planning refused the others). */
		uint32_t mb = g->va >> 20, tpa;

		vmsa_fmt_l1_table(t->fmt, t->l1[mb], &fine, &tpa);
		tw = vmsa_tmpl_table(tm.table, fine, tpa);
		if (tw != t->l1[mb])
			vmsa_replace(w, &t->l1[mb], &(struct vmsa_words){
			             tw, 0, 1, 1 }, mb << 20, SZ_1M,
			             VMSA_R_BBM);
	}
	/* Whether cached lines of the old view must go: a
	 * cacheable entry becomes non-cacheable (both formats), or
	 * on ARMv5 (VIVT) the VA stops translating to this PA. */
	uncache = is_live(t) && vmsa_mt_cacheable(g->attrs) &&
	          ((o->kind == OP_PROTECT && !vmsa_mt_cacheable(tm.attrs)) ||
	           (fmt_v5(t->fmt) && o->kind != OP_PROTECT));
	/* valid -> fault needs no break, but ARMv5 cleans its VIVT
	 * lines after one (nothing may refill them). */
	if (o->kind == OP_UNMAP)
		bbm = uncache;
	vmsa_replace(w, g->entry, &(struct vmsa_words){ word, 0, g->nrep,
	             1 }, g->va, g->size, (bbm ? VMSA_R_BBM : 0) |
	             (uncache ? VMSA_R_UNCACHE : 0));
	return (uint64_t)g->va + g->size;
}

/* Does the table of L1 word w1 (MB from lo) hold a valid entry outside
 * the range of o? Splitting has not happened yet: a large page that
 * straddles an end of the range has entries outside it, as the small
 * pages it will be cut into will. */
static bool table_used_outside(const struct vmsa_table *t, uint32_t w1,
                               const struct op *o, uint64_t lo)
{
	bool fine = false;
	uint32_t *l2 = vmsa_table_of(t, w1, &fine, NULL);
	uint64_t a = o->va > lo ? o->va : lo;
	uint64_t b = o->end < lo + SZ_1M ? o->end : lo + SZ_1M;
	uint32_t sh = fine ? 10 : 12, n = SZ_1M >> sh;
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
 * (rewrite_gran). A section cut into pages keeps its own table
 * attributes: those must match too.
 */
static bool protect_conflict(const struct vmsa_table *t, const struct op *o,
                             uint32_t mb)
{
	uint32_t w1 = t->l1[mb];
	uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M;
	struct vmsa_desc d;

	if ((o->va <= lo && o->end >= hi) || w1 == 0 ||
	    vmsa_l1_decode(t->fmt, w1, &d) != VMSA_OK)
		return false;
	if (l1_is_table(t->fmt, w1))
		return d.attrs != o->tm.tattrs &&
		       table_used_outside(t, w1, o, lo);
	return (d.attrs & VMSA_TABLE_ATTRS) != o->tm.tattrs;
}

static int run_op(struct vmsa_table *t, struct op *o)
{
	uint32_t bm[VMSA_POOL_MAX_UNITS / 32];
	struct wctx w;
	int err;

	o->gmax = op_gmax(t, o);
	err = op_walk(t, o, NULL, bm);
	if (err != VMSA_OK)
		return err;
	/* Only the first and the last MB of a range can be partly in it. */
	if (o->kind == OP_PROTECT &&
	    (protect_conflict(t, o, o->va >> 20) ||
	     protect_conflict(t, o, (uint32_t)((o->end - 1) >> 20))))
		return VMSA_ERR_CONFLICT;
	wctx_init(&w, t);
	op_walk(t, o, &w, NULL);
	vmsa_merge_range(&w, o->va, o->end, true, false);
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

/* Validate the range of an op and fill it in. */
static int op_range(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                    struct op *o)
{
	int err = op_check(t, va, size);

	o->va = va.v;
	o->end = (uint64_t)va.v + size;
	return err;
}

static int run_locked(struct vmsa_table *t, struct op *o)
{
	uint32_t fl;
	int err = vmsa_enter(t, &fl);

	if (err != VMSA_OK)
		return err;
	err = vmsa_guard_exit(t, fl, run_op(t, o));
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
	struct op o = { .kind = OP_UNMAP };
	int err = op_range(t, va, size, &o);

	return err != VMSA_OK ? err : run_locked(t, &o);
}

int vmsa_protect(struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                 vmsa_attr_t attrs)
{
	struct op o = { .kind = OP_PROTECT };
	int err = op_range(t, va, size, &o);

	if (err == VMSA_OK)
		err = make_tmpl(t->fmt, vmsa_smp_attrs(t, attrs), &o.tm);
	return err != VMSA_OK ? err : run_locked(t, &o);
}

int vmsa_remap(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
               uint64_t size)
{
	struct op o = { .kind = OP_REMAP };
	int err = op_range(t, va, size, &o);

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

