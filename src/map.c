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
	uint32_t old = t->l1[mb], cu, i, word;
	bool f;
	uint32_t *c = vmsa_table_of(t, old, &f, &cu), *fine;
	uint64_t fpa;

	fine = vmsa_new_table(w, true, &fpa);
	/* Coarse entry i covers 4KB: four 1KB entries in the fine table;
	 * large and small page descriptors read the same in both. */
	for (i = 0; i < 256; i++)
		vmsa_fill(&fine[i * 4], 4, c[i]);
	vmsa_sync(t, fine, 1024);
	/* Same domain (bits 8:5) and bit 4; fine type, new address. */
	word = (old & ~(V5_L1_COARSE_ADDR_MASK | L1_TYPE_MASK)) |
	       V5_L1_TYPE_FINE | (uint32_t)fpa;
	/* Translations are unchanged; the TLB may hold walks through the
	 * old table: invalidate the whole MB (256 pages: TLBIALL). */
	vmsa_replace(w, &t->l1[mb], &(struct vmsa_words){ word, 0, 1, 1 },
	             mb << 20, SZ_1M, VMSA_R_BBM);
	vmsa_defer_free(w, cu, false);
}

/* Write the pages of request q (index i of c) in one MB: [va, seg_end). */
static void write_pages(struct wctx *w, const struct req *q,
                        struct plan_ctx *c, size_t i, uint32_t va,
                        uint64_t pa, uint64_t seg_end)
{
	struct vmsa_table *t = w->t;
	uint32_t mb = va >> 20, l1w = t->l1[mb], *l2, first;
	bool v5 = fmt_v5(t->fmt), fine = false, tiny = false, any_tiny;
	bool earlier, et;
	size_t fj;
	uint64_t tpa, cur;
	struct run r;

	if (v5)
		vmsa_pages_in_mb(q, mb, &tiny);
	any_tiny = tiny;
	/* c is NULL from map_in_mb (ARMv7 only, one request): no sharers. */
	if (v5 && c != NULL && c->n > 1)
		vmsa_mb_sharers(c, i, mb, &earlier, &fj, &any_tiny, &et);
	if (l1w == 0) {
		fine = v5 && any_tiny;
		l2 = vmsa_new_table(w, fine, &tpa);
		t->l1[mb] = table_word(q->tm.table, fine, tpa);
		vmsa_sync(t, &t->l1[mb], 1);
	} else {
		l2 = vmsa_table_of(t, l1w, &fine, NULL);
		if (v5 && !fine && tiny) {
			vmsa_to_fine(w, mb);
			l2 = vmsa_table_of(t, t->l1[mb], &fine, NULL);
		}
	}
	first = l2_index(va, fine);
	for (cur = va; cur < seg_end; ) {
		uint32_t *p = &l2[l2_index((uint32_t)cur, fine)], k;
		vmsa_next_run(false, (uint32_t)cur, pa, seg_end, &r);
		switch (r.kind) {
		case VMSA_KIND_LARGE:
			for (k = 0; k < r.n; k++) {
				vmsa_fill(p, fine ? 64 : 16, q->tm.large |
				     (uint32_t)(pa + (uint64_t)k * SZ_64K));
				p += fine ? 64 : 16;
			}
			break;
		case VMSA_KIND_SMALL:
			if (fine) {
				for (k = 0; k < r.n; k++, p += 4)
					vmsa_fill(p, 4, q->tm.small | (uint32_t)
					     (pa + (uint64_t)k * SZ_4K));
			} else {
				vmsa_fill_inc(p, r.n, q->tm.small | (uint32_t)pa,
				         SZ_4K);
			}
			break;
		default:
			vmsa_fill_inc(p, r.n, q->tm.tiny | (uint32_t)pa, SZ_1K);
			break;
		}
		cur += (uint64_t)r.n * r.gsz;
		pa += (uint64_t)r.n * r.gsz;
	}
	vmsa_sync(t, &l2[first], l2_index((uint32_t)(cur - 1), fine) + 1 - first);
}

/* Write one request (validated and planned). */
static void write_req(struct wctx *w, const struct req *q,
                      struct plan_ctx *c, size_t i)
{
	struct vmsa_table *t = w->t;
	uint32_t va = q->va, k, *p;
	uint64_t pa = q->pa, end = (uint64_t)q->va + q->size, seg_end;
	struct run r;

	if (!(q->tm.attrs & VMSA_XN))
		w->exec_changed = true;
	while (va < end) {
		vmsa_next_run(q->tm.super_ok, va, pa, end, &r);
		p = &t->l1[va >> 20];
		if (r.kind == VMSA_KIND_SUPERSECTION) {
			for (k = 0; k < r.n; k++)
				vmsa_fill(&p[16 * k], 16, super_word(q->tm.super,
				     pa + (uint64_t)k * SZ_16M));
			vmsa_sync(t, p, r.n * 16);
		} else if (r.kind == VMSA_KIND_SECTION) {
			vmsa_fill_inc(p, r.n, q->tm.sect | (uint32_t)pa, SZ_1M);
			vmsa_sync(t, p, r.n);
		} else {
			seg_end = (((uint64_t)va >> 20) + 1) << 20;
			if (seg_end > end)
				seg_end = end;
			write_pages(w, q, c, i, va, pa, seg_end);
			pa += seg_end - va;
			if (seg_end == VMSA_VA_SPAN)
				break;
			va = (uint32_t)seg_end;
			continue;
		}
		if ((uint64_t)va + (uint64_t)r.n * r.gsz >= VMSA_VA_SPAN)
			break;
		va += r.n * r.gsz;
		pa += (uint64_t)r.n * r.gsz;
	}
}

int vmsa_map_regions(struct vmsa_table *t, const struct vmsa_region *regions,
                     size_t n, size_t *bad)
{
	struct plan_ctx c;
	struct wctx w;
	struct req q;
	size_t i;
	uint32_t fl;
	int err;

	if (vmsa_table_ok(t, false) != VMSA_OK ||
	    (regions == NULL && n != 0))
		return VMSA_ERR_INVAL;
	if (n == 0)             /* an empty array maps nothing */
		return VMSA_OK;
	err = vmsa_enter(t, &fl);
	if (err != VMSA_OK)
		return err;
	vmsa_plan_init(&c, t, t->fmt, regions, n, true);
	err = vmsa_plan_all(&c, bad);
	if (err != VMSA_OK)
		return vmsa_guard_exit(t, fl, err);
	wctx_init(&w, t);
	for (i = 0; i < n; i++) {
		const struct req *qp = vmsa_req_of(&c, i, &q, &err);

		write_req(&w, qp, &c, i);
		/* Folding only ever covers whole, fully mapped groups, which
		 * no later region of the array can touch. */
		/* A request congruent modulo 1MB has pages only in its first
		 * and last MB, and the greedy writer already used a
		 * supersection wherever a 16MB group inside it could fold:
		 * only the ends can merge. */
		vmsa_merge_range(&w, qp->va, (uint64_t)qp->va + qp->size, false,
		            ((qp->va ^ (uint32_t)qp->pa) & (SZ_1M - 1)) == 0);
	}
	vmsa_free_pending(&w);
	vmsa_finish(&w);
	vmsa_guard_exit(t, fl, VMSA_OK);
	if (t->flags & VMSA_TF_CHECK_WX)
		for (i = 0; i < n; i++)
			vmsa_wx_after(t, VMSA_CALL_MAP, regions[i].va.v,
			         regions[i].size, regions[i].pa.p,
			         regions[i].attrs);
	return VMSA_OK;
}

static int map_in_mb(struct vmsa_table *t, const struct req *q)
{
	uint32_t mb = q->va >> 20, l1w, *l2 = NULL, unit = 0;
	uint64_t end = (uint64_t)q->va + q->size, tpa;
	struct wctx w;
	bool fine = false;
	uint32_t fl;
	int err = vmsa_enter(t, &fl);

	if (err != VMSA_OK)
		return err;
	l1w = t->l1[mb];
	if (l1w != 0) {
		/* Two branches give OVERLAP: the order is the error precedence
		 * of plan_pages, so they stay apart. */
		/* NOLINTNEXTLINE(bugprone-branch-clone) */
		if (!l1_is_table(t->fmt, l1w)) {
			err = VMSA_ERR_OVERLAP;
		} else if ((l2 = vmsa_table_of(t, l1w, &fine, &unit)) == NULL) {
			err = VMSA_ERR_BUSY;
		} else if ((l1w & ~(L1_TABLE_ADDR_MASK | L1_TYPE_MASK)) !=
		           (q->tm.table & ~L1_TYPE_MASK)) {
			err = VMSA_ERR_CONFLICT;
		} else if (vmsa_any_set(&l2[l2_index(q->va, false)],
		                   (uint32_t)(q->size >> 12))) {
			err = VMSA_ERR_OVERLAP;
		}
	} else {
		unit = vmsa_pool_take(t, t->used, false);

		if (unit == UINT32_MAX) {
			err = VMSA_ERR_NOMEM;
		} else {
			l2 = vmsa_table_at(t, unit, false, &tpa);
			t->l1[mb] = table_word(q->tm.table, false, tpa);
			vmsa_sync(t, &t->l1[mb], 1);
		}
	}
	if (err != VMSA_OK)
		return vmsa_guard_exit(t, fl, err);
	wctx_init(&w, t);
	w.exec_changed = !(q->tm.attrs & VMSA_XN);
	if (q->size == SZ_4K) {
		/* One granule: one small page (what next_run chooses). */
		uint32_t *p = &l2[l2_index(q->va, false)];
		*p = q->tm.small | (uint32_t)q->pa;
		vmsa_sync(t, p, 1);
	} else {
		write_pages(&w, q, NULL, 0, q->va, q->pa, end);
	}
	/* merge_range of this one MB (a table, not emptied). For one page,
	 * the first refusal of each merge is tested here, inline: a 64KB
	 * group folds only from a small page at a 64KB-aligned output
	 * address, a table only from a large page, a 16MB group only from
	 * a section (the callees test the same first). */
	if (!(t->flags & VMSA_TF_NO_MERGE)) {
		uint32_t g0 = l2[l2_index(q->va & ~(SZ_64K - 1), false)];

		if (q->size != SZ_4K || ((g0 & 2u) && !(g0 & 0xf000u)))
			vmsa_merge_groups(&w, l2, false, q->va, end);
		if ((l2[0] & L2_TYPE_MASK) == L2_TYPE_LARGE)
			vmsa_merge_section(&w, mb, l2, false, unit);
		g0 = t->l1[mb & ~15u];
		if ((g0 & L1_TYPE_MASK) >= L1_TYPE_SECT && !(g0 & L1_SECT_SUPER))
			vmsa_merge_super(&w, mb & ~15u);
	}
	vmsa_free_pending(&w);
	vmsa_finish(&w);
	return vmsa_guard_exit(t, fl, VMSA_OK);
}

int vmsa_map(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa, uint64_t size,
             vmsa_attr_t attrs)
{
	struct vmsa_region r = { .name = NULL, .va = va, .pa = pa,
	                         .size = size, .attrs = attrs };
	struct req q;
	int err;

	if (vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	/* One MB, below 1MB, ARMv7: the fast path (req_check is what the
	 * general path checks first; its errors are the same). */
	if (!fmt_v5(t->fmt) && size != 0 && size < SZ_1M &&
	    ((uint64_t)va.v + size - 1) >> 20 == va.v >> 20) {
		err = vmsa_req_check(t->fmt, va, pa, size, vmsa_smp_attrs(t, attrs),
		                &q);
		if (err == VMSA_OK)
			err = map_in_mb(t, &q);
		if (err == VMSA_OK && (t->flags & VMSA_TF_CHECK_WX))
			vmsa_wx_after(t, VMSA_CALL_MAP, va.v, size, pa.p, attrs);
		return err;
	}
	return vmsa_map_regions(t, &r, 1, NULL);
}

