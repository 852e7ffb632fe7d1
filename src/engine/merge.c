/*
 * merge.c - layer 2: folding: after a change, runs of granules that became
 * uniform are replaced by one larger granule (4 tiny -> small, 16 small ->
 * large, a table of 16 large -> section, 16 sections -> supersection),
 * and tables left empty are released (after an unmap, that alone:
 * vmsa_release_empty); and for a remap past 4GB (op_split.c) a
 * 16MB group of any granules with one set of attributes written as one
 * supersection.
 *
 * Does not cover: the replacement itself (maint.c, vmsa_replace).
 */
#include "engine.h"

/* ---- merging ------------------------------------------------------------
 * Merging works on raw words: a run of granules folds when its words are
 * the first word plus the granule stride (same attribute bits, contiguous
 * output addresses) and the first output address is aligned for the
 * larger granule; the larger granule's word is the first word's
 * attribute bits moved (vmsa_fmt_fold). Only the groups an operation
 * touched are examined, so the check costs a few compares where nothing
 * folds (a section or supersection: the raw words first, as the first
 * word of a mapped MB or 16MB group is rarely a lone block).
 */
/* Is w a leaf of kind k whose output address (*pa) is aligned to
 * `align`, the larger granule it could fold into? The cheap refusal,
 * before the run is compared. */
static bool leaf_aligned(const struct vmsa_table *t, int level, bool fine,
                         dw_t w, enum vmsa_kind k, uint32_t align,
                         uint64_t *pa)
{
	struct vmsa_leaf lf;

	if (vmsa_fmt_leaf(t->fmt, level, fine, w, &lf) != VMSA_OK ||
	    lf.kind != k)
		return false;
	*pa = lf.pa;
	return (lf.pa & (align - 1)) == 0;
}

/* The group after g (of `size` bytes) to look at in [.., hi): the next
 * one, or with ends_only the last one. */
static uint64_t next_group(uint64_t g, uint32_t size, uint64_t hi,
                           bool ends_only)
{
	uint64_t last = (hi - 1) & ~(uint64_t)(size - 1);

	return ends_only && last > g + size ? last : g + size;
}

void vmsa_merge_groups(struct wctx *w, dw_t *l2, bool fine,
                       uint64_t lo, uint64_t hi, bool ends_only)
{
	struct vmsa_table *t = w->t;
	uint32_t per = fine ? 4 : 1;
	uint64_t g;
	uint64_t pa;

	if (VMSA_ENG_LPAE)      /* no group smaller than a table */
		return;
	/* 4 tiny pages -> small page (ARMv5 fine tables). */
	for (g = lo & ~(SZ_4K - 1); fine && g < hi;
	     g = next_group(g, SZ_4K, hi, ends_only)) {
		dw_t *p = &l2[vmsa_fmt_l2_index((uint32_t)g, true)];
		if (!leaf_aligned(t, 2, true, p[0], VMSA_KIND_TINY, SZ_4K, &pa) ||
		    !vmsa_run_continues(p, 4, 1, SZ_1K))
			continue;
		vmsa_replace(w, p, &(struct vmsa_words){ vmsa_fmt_fold(t->fmt,
		             VMSA_KIND_TINY, p[0], 0) | (opa_t)pa, 0, 4, 1 },
		             (uint32_t)g, SZ_4K, VMSA_R_BBM);
	}
	/* 16 small pages -> large page. */
	for (g = lo & ~(SZ_64K - 1); g < hi;
	     g = next_group(g, SZ_64K, hi, ends_only)) {
		dw_t *p = &l2[vmsa_fmt_l2_index((uint32_t)g, fine)];
		if (!leaf_aligned(t, 2, fine, p[0], VMSA_KIND_SMALL, SZ_64K,
		                  &pa) ||
		    !vmsa_run_continues(p, 16, per, SZ_4K))
			continue;
		vmsa_replace(w, p, &(struct vmsa_words){ vmsa_fmt_fold(t->fmt,
		             VMSA_KIND_SMALL, p[0], 0) | (opa_t)pa, 0,
		             16 * per, 1 }, (uint32_t)g, SZ_64K, VMSA_R_BBM);
	}
}

/* A table of matching granules (FOLD_N of kind FOLD_KIND: 16 large
 * pages, 512 long-descriptor pages) -> one top-level block. */
void vmsa_merge_section(struct wctx *w, uint32_t mb, dw_t *l2,
                             bool fine, uint32_t unit)
{
	struct vmsa_table *t = w->t;
	uint64_t pa;

	if (!vmsa_run_continues(l2, FOLD_N, vmsa_fmt_reps(FOLD_KIND, fine),
	                        FOLD_STEP) ||
	    !leaf_aligned(t, 2, fine, l2[0], FOLD_KIND, TOP_SIZE, &pa))
		return;
	/* Break: every page of the entry may be in a TLB (more than the
	 * threshold: TLBIALL). A section takes domain, NS and PXN from the
	 * page table's descriptor. */
	vmsa_replace(w, &vmsa_top(t)[mb], &(struct vmsa_words){ vmsa_fmt_fold(
	             t->fmt, FOLD_KIND, l2[0], vmsa_top(t)[mb]) |
	             (opa_t)pa, 0, 1, 1 }, mb << TOP_SHIFT, TOP_SIZE,
	             VMSA_R_BBM);
	vmsa_defer_free(w, unit, fine);
}

/* 16 matching sections -> one supersection. */
void vmsa_merge_super(struct wctx *w, uint32_t mb16)
{
	struct vmsa_table *t = w->t;
	dw_t *p = &vmsa_top(t)[mb16];
	uint64_t pa;

	/* A supersection needs the format, domain 0 and a 16MB-aligned
	 * output address. */
	if (!vmsa_run_continues(p, 16, 1, SZ_1M) ||
	    !vmsa_fmt_has_super(t->fmt) ||
	    !leaf_aligned(t, 1, false, p[0], VMSA_KIND_SECTION, SZ_16M, &pa) ||
	    vmsa_fmt_leaf_domain(t->fmt, VMSA_KIND_SECTION, p[0]) != 0)
		return;
	vmsa_replace(w, p, &(struct vmsa_words){ vmsa_tmpl_super(vmsa_fmt_fold(
	             t->fmt, VMSA_KIND_SECTION, p[0], 0), pa), 0, 16, 1 },
	             mb16 << 20, SZ_16M, VMSA_R_BBM);
}

/*
 * Remap past 4GB (op.c), where only supersections reach: can the 16MB
 * group at MB mb16 become one? Every VA of it mapped, by granules of any
 * size with one set of attributes that a supersection can hold (ARMv7,
 * domain 0): what vmsa_map would write there. Reads the whole group, so
 * that a hole anywhere in it comes first. Returns VMSA_OK (*tm: the
 * template), VMSA_ERR_NOTMAPPED, vmsa_lookup's VMSA_ERR_BUSY or
 * VMSA_ERR_UNSUPPORTED, or VMSA_ERR_RANGE (attributes mixed, or not a
 * supersection's).
 */
int vmsa_super_group(const struct vmsa_table *t, uint32_t mb16,
                     struct tmpl *tm)
{
	uint64_t v = (uint64_t)mb16 << 20, end = v + SZ_16M;
	vmsa_attr_t a = 0;
	bool mixed = false;
	struct gran g;
	int err;

	for (; v < end; v = (uint64_t)g.va + g.size) {
		err = vmsa_lookup(t, (uint32_t)v, &g);
		if (err != VMSA_OK)
			return err;
		if (g.kind == VMSA_KIND_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if (v == (uint64_t)mb16 << 20)
			a = g.attrs;
		else if (g.attrs != a)
			mixed = true;
	}
	if (mixed || !vmsa_fmt_has_super(t->fmt) ||
	    make_tmpl(t->fmt, a, tm) != VMSA_OK || !tm->super_ok)
		return VMSA_ERR_RANGE;
	return VMSA_OK;
}

/* Write the 16MB group at MB mb16 as one supersection of template tm at
 * pa (vmsa_super_group said it can be): break-before-make, as the
 * granule size changes; the group's tables are freed at the end of the
 * call. */
void vmsa_write_super(struct wctx *w, uint32_t mb16, const struct tmpl *tm,
                      uint64_t pa)
{
	struct vmsa_table *t = w->t;
	uint32_t i, unit;
	bool fine;

	for (i = 0; i < 16; i++)
		if (vmsa_table_of(t, vmsa_top(t)[mb16 + i], &fine, &unit) != NULL)
			vmsa_defer_free(w, unit, fine);
	vmsa_replace(w, &vmsa_top(t)[mb16], &(struct vmsa_words){
	             vmsa_tmpl_super(tm->super, pa), 0, 16, 1 }, mb16 << 20,
	             SZ_16M, VMSA_R_BBM);
}

/* MB mb's table (l2, first unit `unit`) if it holds no valid entry: its
 * L1 entry goes (valid -> fault: in place) and the table is freed at the
 * end of the call, after the invalidation. Returns whether it went. */
static bool release_if_empty(struct wctx *w, uint32_t mb, const dw_t *l2,
                             bool fine, uint32_t unit)
{
	if (vmsa_any_set(l2, vmsa_fmt_l2_entries(fine)))
		return false;
	vmsa_replace(w, &vmsa_top(w->t)[mb], &(struct vmsa_words){ 0, 0, 1, 1 },
	             mb << TOP_SHIFT, TOP_SIZE, 0);
	vmsa_defer_free(w, unit, fine);
	return true;
}

void vmsa_release_empty(struct wctx *w, uint32_t va, uint64_t end)
{
	uint32_t mb, hi = (uint32_t)((end - 1) >> TOP_SHIFT), unit;
	const dw_t *l2;
	bool fine;

	for (mb = top_index(va); mb <= hi; mb++) {
		l2 = vmsa_table_of(w->t, vmsa_top(w->t)[mb], &fine, &unit);
		if (l2 != NULL)
			release_if_empty(w, mb, l2, fine, unit);
	}
}

/* After writing [va, end): release tables left empty (when entries were
 * removed: check_empty), and unless VMSA_TF_NO_MERGE fold what became
 * uniform. ends_only: only the first and last group of each size (MB,
 * 16MB, and 4KB and 64KB groups in each MB) can fold: the range was
 * written by one mapping request, whose greedy walk already used the
 * largest granule inside it wherever its alignment allows one. */
void vmsa_merge_range(struct wctx *w, uint32_t va, uint64_t end,
                        bool check_empty, bool ends_only)
{
	struct vmsa_table *t = w->t;
	uint32_t mb, next, lo = top_index(va);
	uint32_t hi = (uint32_t)((end - 1) >> TOP_SHIFT);
	bool merge = !(t->flags & VMSA_TF_NO_MERGE);

	for (mb = lo; mb <= hi; mb = next) {
		next = ends_only && mb == lo && hi > lo + 1 ? hi : mb + 1;
		dw_t *l2;
		uint32_t unit;
		uint64_t mlo = (uint64_t)mb << TOP_SHIFT, mhi = mlo + TOP_SIZE;
		bool fine;

		l2 = vmsa_table_of(t, vmsa_top(t)[mb], &fine, &unit);
		if (l2 == NULL ||
		    (check_empty && release_if_empty(w, mb, l2, fine, unit)))
			continue;
		if (!merge)
			continue;
		vmsa_merge_groups(w, l2, fine, va > mlo ? va : mlo,
		                  end < mhi ? end : mhi, ends_only);
		vmsa_merge_section(w, mb, l2, fine, unit);
	}
	/* Groups of top entries: supersections. */
	if (!merge || fmt_v5(t->fmt) || VMSA_ENG_LPAE)
		return;
	for (mb = lo & ~15u; mb <= hi; mb = next) {
		next = ends_only && mb == (lo & ~15u) && (hi & ~15u) > mb + 16 ?
		       (hi & ~15u) : mb + 16;
		vmsa_merge_super(w, mb);
	}
}

