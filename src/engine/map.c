/*
 * map.c - layer 2: writing mappings: vmsa_map_regions (planned first by
 * plan.c, then written region by region and merged) and vmsa_map (one
 * region; one MB of ARMv7 pages takes a short path).
 *
 * Does not cover: validation and the pool simulation (plan.c), merging
 * (merge.c), maintenance (maint.c).
 */
#include "engine.h"

void vmsa_to_fine(struct wctx *w, uint32_t mb)
{
	struct vmsa_table *t = w->t;
	dw_t old = vmsa_top(t)[mb], word;
	uint32_t cu, i;
	bool f;
	dw_t *c = vmsa_table_of(t, old, &f, &cu), *fine;
	uint64_t fpa;

	fine = vmsa_new_table(w, true, &fpa);
	/* Coarse entry i covers 4KB: four 1KB entries in the fine table;
	 * large and small page descriptors read the same in both. */
	for (i = 0; i < 256; i++)
		vmsa_fill(&fine[i * 4], 4, c[i]);
	vmsa_sync(t, fine, 1024);
	/* The same table attributes, pointing to the fine table. */
	word = vmsa_fmt_l1_table_move(t->fmt, old, true, (tpa_t)fpa);
	/* Translations are unchanged; the TLB may hold walks through the
	 * old table: invalidate the whole MB (256 pages: TLBIALL). */
	vmsa_replace(w, &vmsa_top(t)[mb], &(struct vmsa_words){ word, 0, 1, 1 },
	             mb << TOP_SHIFT, TOP_SIZE, VMSA_R_BBM);
	vmsa_defer_free(w, cu, false);
}

/*
 * The pages of request q (region i of c) in one MB, [va, seg_last], in
 * prepare mode (w NULL: check them against the table and the regions
 * before i, count them, simulate the table they take) or commit mode
 * (write them, with the table they need).
 */
static int map_pages(struct plan_ctx *c, size_t i, const struct req *q,
                     uint32_t va, uint64_t pa, uint32_t seg_last,
                     struct wctx *w)
{
	uint32_t mb = top_index(va), first, cur;
	tpa_t tpa32;
	dw_t l1w, *l2 = NULL;
	opa_t pa32;
	bool v5 = fmt_v5(c->fmt), fine = false, tiny = false;
	/* Prepare checks; so does a commit without a dry run. */
	bool check = w == NULL || c->check;
	bool earlier = false, any_tiny = false;
	size_t fj = 0;
	uint64_t tpa;
	struct run r;

	/* Pages output PA[31:0] only; a request reaching past 4GB is all
	 * supersections (vmsa_req_check), so 32 bits hold the rest. */
	if (!VMSA_ENG_LPAE && pa >= FOUR_GB)
		return VMSA_ERR_RANGE;
	pa32 = (opa_t)pa;
	/* ARMv5: the other regions with pages in this MB, for the tiny
	 * pages that make the MB's table fine, and (prepare) for the region
	 * that plans a new table. ARMv7 asks only the latter, only where
	 * there is no table (vmsa_mb_taken). */
	if (v5) {
		vmsa_pages_in_mb(q->va, q->pa, q->size, mb, &tiny);
		any_tiny = tiny;
		if (c->n > 1)
			vmsa_mb_sharers(c, i, mb, &earlier, &fj, &any_tiny);
	}
	/* Prepare reads the table as it was; commit as the regions before
	 * i left it. */
	l1w = w != NULL ? vmsa_top(w->t)[mb] :
	      c->t != NULL ? vmsa_top(c->t)[mb] : 0;
	if (l1w != 0) {
		/* What prepare checks here (commit, after it, cannot
		 * fail): a section in the way, a table outside the pool,
		 * other table attributes (domain, NS, PXN), entries in
		 * use. */
		if (!vmsa_fmt_l1_table(c->fmt, l1w, &fine, &tpa32))
			return VMSA_ERR_OVERLAP;
		l2 = vmsa_pool_table(c->t, tpa32, fine, NULL);
		if (l2 == NULL)
			return VMSA_ERR_BUSY;
		if (check) {
			/* The very descriptor q's template gives for this
			 * table (vmsa_fmt_l1_table_same, on the fields just
			 * decoded). */
			if (l1w != vmsa_tmpl_table(q->tm.table, fine, tpa32))
				return VMSA_ERR_CONFLICT;
			/* The segment's entries must be free: one scan,
			 * before anything is written. A tiny page in a
			 * coarse table checks the 4KB entry covering it. */
			first = vmsa_fmt_l2_index(va, fine);
			if (vmsa_any_set(&l2[first], vmsa_fmt_l2_index(
			                 seg_last, fine) + 1 - first))
				return VMSA_ERR_OVERLAP;
		}
		if (v5 && !fine && any_tiny) {
			/* Coarse -> fine, once per MB, by the array's first
			 * region with pages here, before any page of the
			 * array is written into the MB: every page then goes
			 * into the fine table, at its entry count there.
			 * Commit finds the table fine after that region;
			 * prepare, reading the table as it was, counts the
			 * upgrade at the same region. */
			if (w != NULL) {
				vmsa_to_fine(w, mb);
				l2 = vmsa_table_of(c->t, vmsa_top(w->t)[mb],
				                   &fine, NULL);
			} else if (!earlier) {
				vmsa_plan_take(c, mb, true, false);
			}
		}
	} else if (w != NULL) {
		fine = v5 && any_tiny;
		if (c->check) {
			/* The pool must hold the table (plan.c's count from
			 * the bitmap the allocator takes from). */
			vmsa_plan_take(c, mb, fine, true);
			if (c->nomem_at != SIZE_MAX)
				return VMSA_ERR_NOMEM;
		}
		l2 = vmsa_new_table(w, fine, &tpa);
		dw_store(&vmsa_top(w->t)[mb],
		         vmsa_tmpl_table(q->tm.table, fine, tpa));
		vmsa_sync(w->t, &vmsa_top(w->t)[mb], 1);
	} else {
		/* Prepare, no table: the first region of the array with pages
		 * here plans it, the others must ask for the same table
		 * attributes. */
		if (!v5 && c->n > 1) {
			int err = vmsa_mb_taken(c, i, mb, q, &earlier, &fj);

			if (err != VMSA_OK)
				return err;
		}
		if (earlier && fj != SIZE_MAX) {
			/* Region fj < i passed its checks in this call
			 * (regions are prepared in order), and a template
			 * keeps these bits of a valid word as they are
			 * (vmsa_attr_canonical): its raw word says them. No
			 * template made again, no request on the stack. */
			if ((c->r[fj].attrs & TABLE_ATTRS) != q->tm.tattrs)
				return VMSA_ERR_CONFLICT;
		} else if (!earlier) {
			vmsa_plan_take(c, mb, any_tiny, true);
			c->take_mb = mb;
			c->take_tattrs = q->tm.tattrs;
		}
	}
	/* Every check of the segment is above; the runs below only count
	 * (prepare) or write (commit). A writer's dry run reports no counts
	 * (vmsa_plan does): it is done here. */
	if (w == NULL && c->trial)
		return VMSA_OK;

	first = vmsa_fmt_l2_index(va, fine);
	/* 32-bit positions: the segment's last byte, not its end (the last
	 * MB ends at 2^32). */
	for (cur = va; ; ) {
		uint32_t reps, bytes;
		dw_t *p;

		vmsa_next_run(false, cur, pa32, (uint64_t)seg_last + 1, &r);
		bytes = r.n * r.gsz;    /* at most one top entry's */
		/* Entries of the table the words go into: commit holds it
		 * (fine after the upgrade above, or new and fine with
		 * any_tiny); prepare's l2 is the table as it was. */
		reps = vmsa_fmt_reps(r.kind, fine || (v5 && any_tiny));
		if (w == NULL) {
			c->plan.entries += r.n;
			c->plan.descriptors += r.n * reps;
		} else {
			p = &l2[vmsa_fmt_l2_index(cur, fine)];
			switch (r.kind) {
			case VMSA_KIND_LARGE:
				vmsa_store(p, &(struct vmsa_words){ q->tm.large |
				           pa32, SZ_64K, reps, r.n });
				break;
			case VMSA_KIND_SMALL:
				vmsa_store(p, &(struct vmsa_words){ q->tm.small |
				           pa32, SZ_4K, reps, r.n });
				break;
			default:
				vmsa_fill_inc(p, r.n, q->tm.tiny | pa32, SZ_1K);
				break;
			}
		}
		if (cur + (bytes - 1) == seg_last)
			break;
		cur += bytes;
		pa32 += bytes;
	}
	if (w != NULL) {
		vmsa_sync(w->t, &l2[first],
		          vmsa_fmt_l2_index(seg_last, fine) + 1 - first);
		w->l2_mb = mb;
		w->l2 = l2;
		w->l2_fine = fine;
	}
	return VMSA_OK;
}

/*
 * Request q (region i of c), walked in prepare mode (w NULL: validated
 * against the table, counted, its tables simulated; nothing written) or
 * commit mode (written). The same code in both modes, so what is written
 * is what was checked. Commit runs only after prepare succeeded for the
 * whole array, and cannot fail; except without a dry run (c->check: one
 * request inside one MB, one_segment), where it makes prepare's checks
 * itself, each before anything is written, and fails as prepare would.
 */
int vmsa_map_walk(struct plan_ctx *c, size_t i, const struct req *q,
                  struct wctx *w)
{
	/* 32-bit positions: the request's last byte, not its end (2^32 for
	 * a request up to the top); the PA stays 64-bit (supersections). */
	uint32_t va = q->va, last = q->va + (uint32_t)(q->size - 1);
	uint64_t pa = q->pa;
	int err;

	if (w != NULL && !(q->tm.attrs & VMSA_XN))
		w->exec_changed = true;
	for (;;) {
		/* Less than 1MB left: no block fits, pages (as the greedy
		 * choice would say, without working it out). */
		struct run r = { VMSA_KIND_SMALL, 0, 0 };
		uint32_t seg_last;
		uint64_t step;

		if (last - va >= TOP_SIZE - 1)
			vmsa_next_run(q->tm.super_ok, va, pa,
			              (uint64_t)last + 1, &r);
		if (r.kind == VMSA_KIND_SUPERSECTION ||
		    r.kind == KIND_TOP) {
			uint32_t nd = r.n * (r.gsz >> TOP_SHIFT);
			dw_t *p = w != NULL ? &vmsa_top(w->t)[top_index(va)] :
			                      NULL;

			if (w == NULL || c->check) {
				if (c->t != NULL &&
				    vmsa_any_set(&vmsa_top(c->t)[top_index(va)],
				                 nd))
					return VMSA_ERR_OVERLAP;
				if (!VMSA_ENG_LPAE &&
				    r.kind == VMSA_KIND_SECTION &&
				    pa + r.n * (uint64_t)SZ_1M > FOUR_GB)
					return VMSA_ERR_RANGE;
			}
			if (w == NULL) {
				c->plan.entries += r.n;
				c->plan.descriptors += nd;
			} else if (r.kind == VMSA_KIND_SUPERSECTION) {
				uint32_t k;

				for (k = 0; k < r.n; k++)
					vmsa_fill(&p[16 * k], 16, vmsa_tmpl_super(
					          q->tm.super,
					          pa + (uint64_t)k * SZ_16M));
				vmsa_sync(w->t, p, nd);
			} else {
				vmsa_fill_inc(p, r.n, q->tm.sect | (opa_t)pa,
				              TOP_SIZE);
				vmsa_sync(w->t, p, nd);
			}
			/* 256 supersections are 4GB: 64-bit. */
			step = (uint64_t)r.n * r.gsz;
			if (step - 1 == last - va)
				return VMSA_OK;
			va += (uint32_t)step;
			pa += step;
			continue;
		}
		seg_last = va | (TOP_SIZE - 1);
		if (seg_last > last)
			seg_last = last;
		err = map_pages(c, i, q, va, pa, seg_last, w);
		if (err != VMSA_OK || seg_last == last)
			return err;
		pa += seg_last - va + 1;
		va = seg_last + 1;
	}
}

/*
 * Can a group reaching across boundary x of a range one request just
 * wrote fold (out: the address just outside the range, x - 1 or x)? A
 * group inside the range cannot: the greedy walk used the largest
 * granule the alignment allows there. A group across x folds only if
 * entirely mapped, and every such group contains the smallest one, of
 * the largest granule size x is not aligned to: if the entry at out or
 * at either end of that group is a fault, none folds, at any level.
 * Any non-zero word counts as mapped (a table where a section would be
 * needed too): the filter may run a merge for nothing, never skip one.
 * The entry at out is read first: beside unmapped space it is a fault,
 * and that answers. x is 32-bit: 0 stands for 0 and for 4GB, aligned to
 * every granule, which no group crosses.
 */
static bool end_may_fold(const struct wctx *w, uint32_t x, uint32_t out)
{
	const struct vmsa_table *t = w->t;
	const dw_t *l1 = vmsa_top(t), *l2;
	uint32_t s, lo;
	tpa_t tpa;
	bool fine;

	if ((x & (TOP_SIZE - 1)) == 0) {
		/* Aligned to every granule (0, 4GB too): no group across x.
		 * Long descriptors have no group of top entries. */
		if (VMSA_ENG_LPAE || (x & (SZ_16M - 1)) == 0)
			return false;
		/* A group of sections: three L1 words. */
		lo = x & ~(SZ_16M - 1);
		return l1[top_index(out)] != 0 && l1[top_index(lo)] != 0 &&
		       l1[top_index(lo) + 15] != 0;
	}
	/* Inside one MB (x is not MB-aligned: out and the group are in x's
	 * MB), which holds pages of the request: its page table, the one
	 * the walk wrote last if it is that MB's. */
	if (w->l2 != NULL && top_index(x) == w->l2_mb) {
		l2 = w->l2;
		fine = w->l2_fine;
	} else if (!vmsa_fmt_l1_table(t->fmt, l1[top_index(x)], &fine, &tpa) ||
	           (l2 = vmsa_pool_table(t, tpa, fine, NULL)) == NULL) {
		return true;
	}
	if (l2[vmsa_fmt_l2_index(out, fine)] == 0)
		return false;
	/* The smallest group across x: long descriptors' pages fold only
	 * as a whole table. */
	s = VMSA_ENG_LPAE ? TOP_SIZE : (x & (SZ_4K - 1)) ? SZ_4K :
	    (x & (SZ_64K - 1)) ? SZ_64K : SZ_1M;
	lo = x & ~(s - 1);
	return l2[vmsa_fmt_l2_index(lo, fine)] != 0 &&
	       l2[vmsa_fmt_l2_index(lo + (s - 1), fine)] != 0;
}

/* Can writing [va, end) with one request have made a group fold? Where
 * not, the merge would find nothing and is not run. (end 4GB is 0 in 32
 * bits: no group crosses it.) */
static bool may_fold(const struct wctx *w, uint32_t va, uint64_t end)
{
	if (w->t->flags & VMSA_TF_NO_MERGE)
		return false;
	return end_may_fold(w, va, va - 1) ||
	       end_may_fold(w, (uint32_t)end, (uint32_t)end);
}

/*
 * A writer's one ARMv7 request inside one MB (a page, pages of one table,
 * a section) is one segment of the walk, and a segment's checks all come
 * before its first write: commit makes them itself (the same code, in the
 * same order, c->check) and writes nothing when one fails, so there is no
 * dry run: the request is only validated. Longer requests are written
 * segment after segment and need the dry run; so does ARMv5, whose
 * upgrade to a fine table writes before the pages. Raw fields: an invalid
 * size fails the validation first.
 */
static bool one_segment(const struct vmsa_table *t,
                        const struct vmsa_region *r, size_t n)
{
	return n == 1 && r->size <= TOP_SIZE - (r->va.v & (TOP_SIZE - 1)) &&
	       !fmt_v5(t->fmt);
}

/* ARMv5's prepare: its allocations are simulated on a copy of the pool
 * bitmap in the table's scratch, cleared again after the dry run. */
static int plan_on_copy(struct vmsa_table *t, struct plan_ctx *c, size_t *bad)
{
	int err;

	c->bm = t->scratch;
	err = vmsa_plan_all(c, bad);
	if (c->bm_copied)
		vmsa_scratch_clear(t);
	return err;
}

/* ARMv7's prepare: an array's new tables are marked in the table's
 * scratch (one bit per MB, vmsa_mb_taken), cleared again after the dry
 * run. */
static int plan_marked(struct vmsa_table *t, struct plan_ctx *c, size_t *bad)
{
	int err;

	_Static_assert(sizeof t->scratch * 8 >= TOP_ENTRIES,
	               "the scratch holds a bit per top entry");
	if (c->n == 1)          /* one region: no other to share a MB */
		return vmsa_plan_all(c, bad);
	c->newtab = t->scratch;
	err = vmsa_plan_all(c, bad);
	if (c->plan.l2_tables != 0)
		vmsa_fill32(t->scratch, TOP_ENTRIES / 32, 0);
	c->newtab = NULL;
	return err;
}

/*
 * Map regions r[0..n) (idx: storage for their index, or NULL): prepare
 * every region (nothing written; the first error returned), then commit
 * them, which cannot fail, and fold what they completed.
 */
static int map_array(struct vmsa_table *t, const struct vmsa_region *r,
                     size_t n, size_t *bad, struct vmsa_regidx *idx,
                     struct tmpl_cache *tc)
{
	struct plan_ctx c;
	struct wctx w;
	const struct req *q;
	size_t i;
	uint32_t fl;
	int err;

	if (vmsa_table_ok(t, false) != VMSA_OK || (r == NULL && n != 0))
		return VMSA_ERR_INVAL;
	if (n == 0)             /* an empty array maps nothing */
		return VMSA_OK;
	err = vmsa_enter(t, &fl);
	if (err != VMSA_OK)
		return err;
	vmsa_plan_init(&c, t, t->fmt, r, n, true, idx, tc);
	if (one_segment(t, r, n)) {
		/* Validated here; commit checks the rest (c.check). */
		c.check = true;
		c.nomem_at = SIZE_MAX;
		c.last_i = 0;
		err = vmsa_req_of(&c, 0, &c.last, false);
		if (err != VMSA_OK && bad != NULL)
			*bad = 0;
	} else {
		err = fmt_v5(t->fmt) ? plan_on_copy(t, &c, bad) :
		                       plan_marked(t, &c, bad);
	}
	if (err != VMSA_OK)
		return vmsa_guard_exit(t, fl, err);
	wctx_init(&w, t);
	for (i = 0; i < n; i++) {
		uint64_t end;

		/* Prepare validated every request: commit makes them again
		 * without the checks, the last one (the only one, for
		 * vmsa_map) not at all. */
		if (i != c.last_i) {
			(void)vmsa_req_next(&c, i, true);
			c.last_i = i;
		}
		q = &c.last;
		w.l2 = NULL;            /* a merge may have freed it */
		err = vmsa_map_walk(&c, i, q, &w);
		if (err != VMSA_OK) {
			/* Only a commit that checks (no dry run: one region,
			 * one segment) fails, before its first write. */
			if (bad)
				*bad = i;
			return vmsa_guard_exit(t, fl, err);
		}
		/* Folding only ever covers whole, fully mapped groups, which
		 * no later region of the array can touch. Inside the request
		 * the greedy walk used the largest granule its alignment
		 * allows (a group whose output is not aligned for the larger
		 * granule cannot fold): only the groups at its ends, shared
		 * with what was mapped before, can. */
		end = (uint64_t)q->va + q->size;
		if (may_fold(&w, q->va, end))
			vmsa_merge_range(&w, q->va, end, false, true);
	}
	vmsa_free_pending(&w);
	vmsa_finish(&w);
	/* The call succeeded: its templates for the next calls. */
	if (tc == NULL) {
		if (c.tmiss)
			vmsa_tmpl_keep(t, vmsa_smp_attrs(t, r[0].attrs),
			               &c.last.tm);
	} else {
		for (i = 0; i < tc->ntc; i++)
			if (tc->tmiss[i])
				vmsa_tmpl_keep(t, tc->tca[i], &tc->tct[i]);
	}
	vmsa_guard_exit(t, fl, VMSA_OK);
	if (t->flags & VMSA_TF_CHECK_WX)
		for (i = 0; i < n; i++)
			vmsa_wx_after(t, VMSA_CALL_MAP, r[i].va.v, r[i].size,
			              r[i].pa.p, r[i].attrs);
	return VMSA_OK;
}

int vmsa_map_regions(struct vmsa_table *t, const struct vmsa_region *regions,
                     size_t n, size_t *bad)
{
	/* The index only for arrays long enough to use it. */
	struct vmsa_regidx idx;
	struct tmpl_cache tc;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), map_regions, VMSA_ERR_INVAL, t,
	               regions, n, bad);
	if (n < VMSA_REGIDX_MIN)
		return map_array(t, regions, n, bad, NULL, &tc);
	return map_array(t, regions, n, bad, &idx, &tc);
}

/* One region: the same walk as an array of one (no copy of it), without
 * the index's storage or a template cache on the stack. */
int vmsa_map(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa, uint64_t size,
             vmsa_attr_t attrs)
{
	struct vmsa_region r = { .name = NULL, .va = va, .pa = pa,
	                         .size = size, .attrs = attrs };

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), map, VMSA_ERR_INVAL, t, va, pa, size,
	               attrs);
	return map_array(t, &r, 1, NULL, NULL, NULL);
}
