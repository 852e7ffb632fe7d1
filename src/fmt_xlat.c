/*
 * fmt_xlat.c - the one-pass translation of a VA, per format (src/fmt.h):
 * the L1 word, the second-level table through the engine's pool window
 * (vmsa_pool_window), the L2 word, and the answer straight from those
 * words, without the generic granule (struct gran) in between. What
 * vmsa_translate and vmsa_translate_pa (src/query.c) run inside their
 * lock-free guard. The generic lookup (vmsa_find, vmsa_lookup in
 * src/engine.c) stays for the walks that need a whole granule;
 * tests/host/test_xlat_agree.c holds the two to the same answers.
 *
 * Reads the L1 table and the pool, writes nothing but the answer; no
 * CP15. Each format has one walk, inlined twice: with the attributes
 * (vmsa_*_xlat) and without (vmsa_*_xlat_pa, which decodes none); every
 * answer is stored in one place (xlat_answer, xlat_answer_pa).
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.5.1 (figures B3-4, B3-5);
 * ARM ARM (DDI 0100I) B4.3 and B4.7 for ARMv5.
 */
#include "fmt_int.h"

#define WALK static inline __attribute__((always_inline))

/* What a walk found: the word at `level` (the one that failed, on an
 * error); on success its kind, output address gpa (aligned to the
 * granule), va's offset into it and (full) its attributes. The walks
 * decode the attributes into a local, not into h->a: a pointer into *h
 * would keep all of it in memory. */
struct hit {
	uint32_t level, w, off;
	enum vmsa_kind k;
	uint64_t gpa;
	vmsa_attr_t a;
};

/* vmsa_translate's answer in *x, whatever the outcome (on an error the
 * fault answer with level and word): one place for every exit of a
 * walk, so each store is written once. */
WALK int xlat_answer(uint32_t va, int err, const struct hit *h,
                     struct vmsa_xlat *x)
{
	x->level = (uint8_t)h->level;
	x->desc = h->w;
	if (err != VMSA_OK) {
		x->pa.p = 0;
		x->attrs = 0;
		x->kind = VMSA_KIND_FAULT;
		x->base.v = 0;
		return err;
	}
	x->pa.p = h->gpa | h->off;      /* aligned: OR adds */
	x->attrs = h->a;
	x->kind = (uint8_t)h->k;
	x->base.v = va - h->off;
	return VMSA_OK;
}

/* vmsa_translate_pa's: the address alone, on success only. */
WALK int xlat_answer_pa(int err, const struct hit *h, uint64_t *pa)
{
	if (err == VMSA_OK)
		*pa = h->gpa | h->off;
	return err;
}

/* ---- ARMv7-A short descriptors ------------------------------------------- */

/* full: the attributes too (the codes of vmsa_v7_leaf_attrs). */
WALK int v7_find(const struct vmsa_table *t, uint32_t va, struct hit *h,
                 bool full)
{
	vmsa_fmt_t fmt = t->fmt;
	uint32_t w = t->l1[va >> 20], tw, tex;
	const uint32_t *l2;
	vmsa_attr_t a = 0;
	int err = VMSA_OK;
	bool xn;

	h->level = 1;
	h->w = w;
	if ((w & L1_TYPE_MASK) == L1_TYPE_TABLE) {
		if (!vmsa_pool_window(t, w & L1_TABLE_ADDR_MASK, &l2))
			return VMSA_ERR_BUSY;
		tw = w;
		w = l2[vmsa_fmt_l2_index(va, false)];
		h->level = 2;
		h->w = w;
		if ((w & L2_TYPE_MASK) == L2_TYPE_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if ((w & L2_TYPE_MASK) == L2_TYPE_LARGE) {
			h->k = VMSA_KIND_LARGE;
			h->off = va & (VMSA_SZ_LARGE - 1);
			h->gpa = w & L2_LARGE_ADDR_MASK;
			tex = L2_LARGE_TEX_OF(w);
			xn = (w & L2_LARGE_XN) != 0;
		} else {        /* 1x: small page, bit 0 is XN */
			h->k = VMSA_KIND_SMALL;
			h->off = va & (VMSA_SZ_SMALL - 1);
			h->gpa = w & L2_SMALL_ADDR_MASK;
			tex = L2_SMALL_TEX_OF(w);
			xn = (w & L2_SMALL_XN) != 0;
		}
		if (full)
			err = vmsa_v7_page_attrs(fmt, w, tex, xn,
			                         vmsa_v7_l1_table_attrs(fmt, tw),
			                         &a);
		h->a = a;
		return err;
	}
	if ((w & L1_TYPE_MASK) == L1_TYPE_FAULT)
		return VMSA_ERR_NOTMAPPED;
	/* Type 0b11 is a section with PXN, reserved without the PXN
	 * extension (a translation fault on the CPU). */
	if ((w & L1_TYPE_MASK) == L1_TYPE_SECT_PXN && !(fmt & VMSA_FMT_PXN))
		return VMSA_ERR_UNSUPPORTED;
	if (w & L1_SECT_SUPER) {
		h->k = VMSA_KIND_SUPERSECTION;
		h->off = va & (VMSA_SZ_SUPERSECTION - 1);
		h->gpa = vmsa_super_pa(w);
	} else {
		h->k = VMSA_KIND_SECTION;
		h->off = va & (VMSA_SZ_SECTION - 1);
		h->gpa = w & L1_SECT_ADDR_MASK;
	}
	if (full)
		err = vmsa_v7_sect_attrs(fmt, h->k, w, &a);
	h->a = a;
	return err;
}

int vmsa_v7_xlat(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x)
{
	struct hit h;

	return xlat_answer(va, v7_find(t, va, &h, true), &h, x);
}

int vmsa_v7_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa)
{
	struct hit h;

	return xlat_answer_pa(v7_find(t, va, &h, false), &h, pa);
}

/* ---- ARMv5 coarse and fine tables ---------------------------------------- */

WALK int v5_find(const struct vmsa_table *t, uint32_t va, struct hit *h,
                 bool full)
{
	uint32_t w = t->l1[va >> 20], tw, mask;
	const uint32_t *l2;
	vmsa_attr_t a = 0;
	int err = VMSA_OK;
	bool fine;

	h->level = 1;
	h->w = w;
	switch (w & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		return VMSA_ERR_NOTMAPPED;
	case V5_L1_TYPE_SECT:
		h->k = VMSA_KIND_SECTION;
		h->off = va & (VMSA_SZ_SECTION - 1);
		h->gpa = w & L1_SECT_ADDR_MASK;
		if (full)
			err = vmsa_v5_leaf_attrs(h->k, w, 0, &a);
		h->a = a;
		return err;
	default:        /* a coarse or a fine page table */
		break;
	}
	fine = (w & L1_TYPE_MASK) == V5_L1_TYPE_FINE;
	if (!vmsa_pool_window(t, w & (fine ? V5_L1_FINE_ADDR_MASK :
	                                     V5_L1_COARSE_ADDR_MASK), &l2))
		return VMSA_ERR_BUSY;
	tw = w;
	w = l2[vmsa_fmt_l2_index(va, fine)];
	h->level = 2;
	h->w = w;
	switch (w & L2_TYPE_MASK) {
	case L2_TYPE_FAULT:
		return VMSA_ERR_NOTMAPPED;
	case V5_L2_TYPE_LARGE:
		h->k = VMSA_KIND_LARGE;
		h->off = va & (VMSA_SZ_LARGE - 1);
		mask = L2_LARGE_ADDR_MASK;
		break;
	case V5_L2_TYPE_SMALL:
		h->k = VMSA_KIND_SMALL;
		h->off = va & (VMSA_SZ_SMALL - 1);
		mask = L2_SMALL_ADDR_MASK;
		break;
	default:
		/* A tiny page in a coarse table faults (B4.7). */
		if (!fine)
			return VMSA_ERR_UNSUPPORTED;
		h->k = VMSA_KIND_TINY;
		h->off = va & (VMSA_SZ_TINY - 1);
		mask = V5_L2_TINY_ADDR_MASK;
		break;
	}
	h->gpa = w & mask;
	if (full)
		err = vmsa_v5_leaf_attrs(h->k, w, vmsa_v5_l1_table_attrs(tw),
		                         &a);
	h->a = a;
	return err;
}

int vmsa_v5_xlat(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x)
{
	struct hit h;

	return xlat_answer(va, v5_find(t, va, &h, true), &h, x);
}

int vmsa_v5_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa)
{
	struct hit h;

	return xlat_answer_pa(v5_find(t, va, &h, false), &h, pa);
}
