/*
 * op_split.c - layer 2: for unmap, protect and remap (op.c), the cuts of
 * granules the op cannot keep whole (they straddle an end of the range,
 * or the new mapping cannot hold their size), each one level down with
 * break-before-make; and the remap past 4GB, where only supersections
 * reach, which writes whole 16MB groups as supersections.
 *
 * Does not cover: which granules need a cut (op.c), the rewrite of what
 * fits (op_run.c), maintenance (maint.c).
 */
#include "op.h"

/* ARMv5: MB mb will hold 1KB granules after the op (a cut on a 1KB
 * boundary, or a remap by a multiple of 1KB only), so its table is fine. */
bool vmsa_op_needs_tiny(const struct vmsa_table *t, const struct op *o,
                        uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << TOP_SHIFT, hi = lo + TOP_SIZE;

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
bool vmsa_op_remap_whole(const struct gran *g, const struct op *o)
{
	return o->kind == OP_REMAP && o->gmax >= SZ_1M && g->va >= o->va &&
	       (uint64_t)g->va + g->size <= o->end;
}

void vmsa_op_split(struct wctx *w, const struct gran *g, const struct op *o)
{
	struct vmsa_table *t = w->t;
	struct vmsa_words nw;
	struct tmpl tm;
	dw_t *p = g->entry;
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
		 * (the rewrite then finds nothing to change). */
		if (pa + SZ_16M > FOUR_GB && vmsa_op_remap_whole(g, o)) {
			pa = op_new_pa(o, g->va);
			/* The translation changes here, not in the rewrite. */
			if (!(a & VMSA_XN))
				w->exec_changed = true;
		}
		nw = (struct vmsa_words){ tm.sect | (opa_t)pa, SZ_1M, 1, 16 };
		break;
	case KIND_TOP: {
		/* A table of the granules a table folds from (16 large
		 * pages, 512 long-descriptor pages) covering the same MB. */
		uint64_t tpa;
		bool fine = vmsa_op_needs_tiny(t, o, top_index(g->va));
		dw_t *l2 = vmsa_new_table(w, fine, &tpa);
		uint32_t reps = vmsa_fmt_reps(FOLD_KIND, fine);

		vmsa_store(l2, &(struct vmsa_words){ FOLD_TMPL(tm) | (opa_t)pa,
		           FOLD_STEP, reps, FOLD_N });
		vmsa_sync(t, l2, FOLD_N * reps);
		nw = (struct vmsa_words){ vmsa_tmpl_table(tm.table, fine, tpa), 0, 1,
		                          1 };
		break;
	}
	case VMSA_KIND_LARGE:
		/* 16 small pages. */
		if (fmt_v5(t->fmt) && !g->fine &&
		    vmsa_op_needs_tiny(t, o, g->va >> 20)) {
			vmsa_to_fine(w, g->va >> 20);
			return;         /* re-looked-up by the caller */
		}
		nw = (struct vmsa_words){ tm.small | (opa_t)pa, SZ_4K,
		                          g->fine ? 4 : 1, 16 };
		break;
	case VMSA_KIND_SMALL:
		/* 4 tiny pages, in a fine table. */
		if (!g->fine) {
			vmsa_to_fine(w, g->va >> 20);
			return;
		}
		nw = (struct vmsa_words){ tm.tiny | (opa_t)pa, SZ_1K, 1, 4 };
		break;
	default:
		return;
	}
	vmsa_replace(w, p, &nw, g->va, g->size, VMSA_R_BBM);
}

/* OP_REMAP: does the part of g inside the range (g may start before it)
 * get output addresses past 4GB? */
bool vmsa_op_past_4gb(const struct op *o, const struct gran *g)
{
	uint32_t lo = g->va < o->va ? o->va : g->va;
	uint64_t gend = (uint64_t)g->va + g->size;
	uint64_t hi = gend < o->end ? gend : o->end;

	return !VMSA_ENG_LPAE && op_new_pa(o, lo) + (hi - lo) > FOUR_GB;
}

/* OP_REMAP of granule g (not a supersection kept whole) past 4GB, where
 * only supersections reach: its 16MB group becomes one, as vmsa_map
 * writes there, whatever granules earlier calls left in it; the group
 * wholly in the range, delta 16MB-aligned, attributes a supersection's
 * (vmsa_super_group), else VMSA_ERR_RANGE. Prepare (w NULL) checks,
 * commit writes; *cur moves past what was handled. */
int vmsa_op_remap_super(const struct vmsa_table *t, struct wctx *w,
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
	if (!vmsa_mt_cacheable(g->attrs))
		w->nc_remapped = true;
	vmsa_write_super(w, glo >> 20, &tm, op_new_pa(o, glo));
	return VMSA_OK;
}
