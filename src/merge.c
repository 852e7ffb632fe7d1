/*
 * merge.c - layer 2: folding: after a change, runs of granules that became
 * uniform are replaced by one larger granule (4 tiny -> small, 16 small ->
 * large, a table of 16 large -> section, 16 sections -> supersection),
 * and tables left empty are released.
 *
 * Does not cover: the replacement itself (maint.c, vmsa_replace).
 */
#include "engine.h"

/* ---- merging ------------------------------------------------------------
 * Merging works on raw words: a run of granules folds when its words are
 * the first word plus the granule stride (same attribute bits, contiguous
 * output addresses) and the first output address is aligned for the
 * larger granule. Only the groups an operation touched are examined, so
 * the check costs a few compares where nothing folds.
 */

/* ---- merging ------------------------------------------------------------
 * Merging works on raw words: a run of granules folds when its words are
 * the first word plus the granule stride (same attribute bits, contiguous
 * output addresses) and the first output address is aligned for the
 * larger granule. Only the groups an operation touched are examined, so
 * the check costs a few compares where nothing folds.
 */
static bool l2_is(vmsa_fmt_t fmt, uint32_t w, enum vmsa_kind k)
{
	uint32_t ty = w & L2_TYPE_MASK;

	switch (k) {
	case VMSA_KIND_LARGE: return ty == L2_TYPE_LARGE;
	case VMSA_KIND_SMALL:
		return fmt_v5(fmt) ? ty == V5_L2_TYPE_SMALL : (ty & 2) != 0;
	default: return fmt_v5(fmt) && ty == V5_L2_TYPE_TINY;
	}
}

/* The template of the attributes an L2 word carries, merged with the
 * table's. */
static bool l2_tmpl(const struct vmsa_table *t, bool fine, uint32_t w2,
                    struct tmpl *tm, uint64_t *pa)
{
	struct vmsa_desc d;

	if (vmsa_l2_decode(t->fmt, fine, w2, &d) != VMSA_OK)
		return false;
	*pa = d.pa.p;
	return make_tmpl(t->fmt, d.attrs, tm) == VMSA_OK;
}

void vmsa_merge_groups(struct wctx *w, uint32_t *l2, bool fine,
                         uint64_t lo, uint64_t hi)
{
	struct vmsa_table *t = w->t;
	uint32_t per = fine ? 4 : 1;
	uint64_t g;
	struct tmpl tm;
	uint64_t pa;

	/* 4 tiny pages -> small page (ARMv5 fine tables). */
	for (g = lo & ~(SZ_4K - 1); fine && g < hi; g += SZ_4K) {
		uint32_t *p = &l2[l2_index((uint32_t)g, true)];
		if (!l2_is(t->fmt, p[0], VMSA_KIND_TINY) ||
		    (p[0] & (SZ_4K - 1) & ~(SZ_1K - 1)) ||
		    !vmsa_run_continues(p, 4, 1, SZ_1K) ||
		    !l2_tmpl(t, true, p[0], &tm, &pa))
			continue;
		vmsa_replace(w, p, &(struct vmsa_words){ tm.small | (uint32_t)pa,
		             0, 4, 1 }, (uint32_t)g, SZ_4K, VMSA_R_BBM);
	}
	/* 16 small pages -> large page. */
	for (g = lo & ~(SZ_64K - 1); g < hi; g += SZ_64K) {
		uint32_t *p = &l2[l2_index((uint32_t)g, fine)];
		if (!l2_is(t->fmt, p[0], VMSA_KIND_SMALL) ||
		    (p[0] & (SZ_64K - 1) & ~(SZ_4K - 1)) ||
		    !vmsa_run_continues(p, 16, per, SZ_4K) ||
		    !l2_tmpl(t, fine, p[0], &tm, &pa))
			continue;
		vmsa_replace(w, p, &(struct vmsa_words){ tm.large | (uint32_t)pa,
		             0, 16 * per, 1 }, (uint32_t)g, SZ_64K, VMSA_R_BBM);
	}
}

/* A table of 16 matching large pages -> one section. */
void vmsa_merge_section(struct wctx *w, uint32_t mb, uint32_t *l2,
                             bool fine, uint32_t unit)
{
	struct vmsa_table *t = w->t;
	struct vmsa_desc td, d;
	struct tmpl tm;
	uint32_t sw;

	if (!l2_is(t->fmt, l2[0], VMSA_KIND_LARGE) ||
	    (l2[0] & (SZ_1M - 1) & ~(SZ_64K - 1)) ||
	    !vmsa_run_continues(l2, 16, fine ? 64 : 16, SZ_64K))
		return;
	if (vmsa_l1_decode(t->fmt, t->l1[mb], &td) != VMSA_OK ||
	    vmsa_l2_decode(t->fmt, fine, l2[0], &d) != VMSA_OK ||
	    make_tmpl(t->fmt, d.attrs | td.attrs, &tm) != VMSA_OK)
		return;
	/* Break: every page of the MB may be in a TLB (256 > threshold:
	 * TLBIALL). */
	sw = tm.sect | (uint32_t)d.pa.p;
	vmsa_replace(w, &t->l1[mb], &(struct vmsa_words){ sw, 0, 1, 1 },
	             mb << 20, SZ_1M, VMSA_R_BBM);
	vmsa_defer_free(w, unit, fine);
}

/* 16 matching sections -> one supersection. */
void vmsa_merge_super(struct wctx *w, uint32_t mb16)
{
	struct vmsa_table *t = w->t;
	uint32_t *p = &t->l1[mb16];
	struct vmsa_desc d;
	struct tmpl tm;

	/* Cheap refusals first, from the raw word: a supersection needs
	 * domain 0 and a 16MB-aligned output address. */
	if (fmt_v5(t->fmt) || (p[0] & L1_TYPE_MASK) < L1_TYPE_SECT ||
	    (p[0] & L1_SECT_SUPER) || L1_SECT_DOMAIN_OF(p[0]) != 0 ||
	    (p[0] & (SZ_16M - 1) & ~(SZ_1M - 1)) ||
	    !vmsa_run_continues(p, 16, 1, SZ_1M))
		return;
	if (vmsa_l1_decode(t->fmt, p[0], &d) != VMSA_OK ||
	    (d.pa.p & (SZ_16M - 1)) || VMSA_ATTR_DOMAIN(d.attrs) != 0 ||
	    make_tmpl(t->fmt, d.attrs, &tm) != VMSA_OK || !tm.super_ok)
		return;
	vmsa_replace(w, p, &(struct vmsa_words){ super_word(tm.super, d.pa.p),
	             0, 16, 1 }, mb16 << 20, SZ_16M, VMSA_R_BBM);
}

/* After writing [va, end): release tables left empty (when entries were
 * removed: check_empty), and unless VMSA_TF_NO_MERGE fold what became
 * uniform. ends_only: only the first and last MB and 16MB group can
 * change (the caller knows the others hold no tables and cannot fold). */
void vmsa_merge_range(struct wctx *w, uint32_t va, uint64_t end,
                        bool check_empty, bool ends_only)
{
	struct vmsa_table *t = w->t;
	uint32_t mb, next, lo = va >> 20, hi = (uint32_t)((end - 1) >> 20);
	bool merge = !(t->flags & VMSA_TF_NO_MERGE);

	for (mb = lo; mb <= hi; mb = next) {
		next = ends_only && mb == lo && hi > lo + 1 ? hi : mb + 1;
		uint32_t *l2, unit, i, n;
		uint64_t mlo = (uint64_t)mb << 20, mhi = mlo + SZ_1M;
		bool fine, empty = true;

		if (!l1_is_table(t->fmt, t->l1[mb]))
			continue;
		l2 = vmsa_table_of(t, t->l1[mb], &fine, &unit);
		if (l2 == NULL)
			continue;
		n = fine ? 1024 : 256;
		for (i = 0; i < n && empty; i++)
			empty = check_empty && l2[i] == 0;
		if (empty) {
			/* valid -> fault: in place; the table is freed at
			 * the end of the call, after the invalidation. */
			vmsa_replace(w, &t->l1[mb], &(struct vmsa_words){ 0, 0,
			             1, 1 }, mb << 20, SZ_1M, 0);
			vmsa_defer_free(w, unit, fine);
			continue;
		}
		if (!merge)
			continue;
		vmsa_merge_groups(w, l2, fine, va > mlo ? va : mlo,
		             end < mhi ? end : mhi);
		vmsa_merge_section(w, mb, l2, fine, unit);
	}
	if (!merge || fmt_v5(t->fmt))
		return;
	for (mb = lo & ~15u; mb <= hi; mb = next) {
		next = ends_only && mb == (lo & ~15u) && (hi & ~15u) > mb + 16 ?
		       (hi & ~15u) : mb + 16;
		vmsa_merge_super(w, mb);
	}
}

