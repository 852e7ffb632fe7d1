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
 * (vmsa_*_xlat) and without (vmsa_*_xlat_pa, which decodes none).
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.5.1 (figures B3-4, B3-5);
 * ARM ARM (DDI 0100I) B4.3 and B4.7 for ARMv5.
 */
#include "fmt_int.h"

#define WALK static inline __attribute__((always_inline))

/* A translation that failed with err at `level` on word w (full: *x in
 * full; without, nothing to store). */
WALK int xlat_fail(struct vmsa_xlat *x, bool full, uint32_t level,
                   uint32_t w, int err)
{
	if (full) {
		x->pa.p = 0;
		x->attrs = 0;
		x->kind = VMSA_KIND_FAULT;
		x->level = (uint8_t)level;
		x->desc = w;
		x->base.v = 0;
	}
	return err;
}

/*
 * The end of a walk that found word w of kind k at `level`, output
 * address gpa, va `off` bytes into it (gpa is aligned to the granule:
 * OR adds). full: the attribute answer err (attributes a) and *x; else
 * *pa alone.
 */
WALK int xlat_end(uint32_t va, enum vmsa_kind k, uint32_t level, uint32_t w,
                  uint64_t gpa, uint32_t off, struct vmsa_xlat *x, bool full,
                  int err, vmsa_attr_t a, uint64_t *pa)
{
	if (!full) {
		*pa = gpa | off;
		return VMSA_OK;
	}
	if (err != VMSA_OK)
		return xlat_fail(x, full, level, w, err);
	x->pa.p = gpa | off;
	x->attrs = a;
	x->kind = (uint8_t)k;
	x->level = (uint8_t)level;
	x->desc = w;
	x->base.v = va - off;
	return VMSA_OK;
}

/* ---- ARMv7-A short descriptors ------------------------------------------- */

/* full: the whole answer into *x; else the address alone into *pa. */
WALK int v7_walk(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x,
                 uint64_t *pa, bool full)
{
	vmsa_fmt_t fmt = t->fmt;
	uint32_t w = t->l1[va >> 20], tw, off, tex;
	const uint32_t *l2;
	enum vmsa_kind k;
	uint64_t gpa;
	vmsa_attr_t a = 0;
	int err = VMSA_OK;
	bool xn;

	if ((w & L1_TYPE_MASK) == L1_TYPE_TABLE) {
		if (!vmsa_pool_window(t, w & L1_TABLE_ADDR_MASK, &l2))
			return xlat_fail(x, full, 1, w, VMSA_ERR_BUSY);
		tw = w;
		w = l2[vmsa_fmt_l2_index(va, false)];
		if ((w & L2_TYPE_MASK) == L2_TYPE_FAULT)
			return xlat_fail(x, full, 2, w, VMSA_ERR_NOTMAPPED);
		if ((w & L2_TYPE_MASK) == L2_TYPE_LARGE) {
			k = VMSA_KIND_LARGE;
			off = va & (VMSA_SZ_LARGE - 1);
			gpa = w & L2_LARGE_ADDR_MASK;
			tex = L2_LARGE_TEX_OF(w);
			xn = (w & L2_LARGE_XN) != 0;
		} else {        /* 1x: small page, bit 0 is XN */
			k = VMSA_KIND_SMALL;
			off = va & (VMSA_SZ_SMALL - 1);
			gpa = w & L2_SMALL_ADDR_MASK;
			tex = L2_SMALL_TEX_OF(w);
			xn = (w & L2_SMALL_XN) != 0;
		}
		if (full)
			err = vmsa_v7_page_attrs(fmt, w, tex, xn,
			                         vmsa_v7_l1_table_attrs(fmt, tw),
			                         &a);
		return xlat_end(va, k, 2, w, gpa, off, x, full, err, a, pa);
	}
	if ((w & L1_TYPE_MASK) == L1_TYPE_FAULT)
		return xlat_fail(x, full, 1, w, VMSA_ERR_NOTMAPPED);
	/* Type 0b11 is a section with PXN, reserved without the PXN
	 * extension (a translation fault on the CPU). */
	if ((w & L1_TYPE_MASK) == L1_TYPE_SECT_PXN && !(fmt & VMSA_FMT_PXN))
		return xlat_fail(x, full, 1, w, VMSA_ERR_UNSUPPORTED);
	if (w & L1_SECT_SUPER) {
		k = VMSA_KIND_SUPERSECTION;
		off = va & (VMSA_SZ_SUPERSECTION - 1);
		gpa = vmsa_super_pa(w);
	} else {
		k = VMSA_KIND_SECTION;
		off = va & (VMSA_SZ_SECTION - 1);
		gpa = w & L1_SECT_ADDR_MASK;
	}
	if (full)
		err = vmsa_v7_sect_attrs(fmt, k, w, &a);
	return xlat_end(va, k, 1, w, gpa, off, x, full, err, a, pa);
}

int vmsa_v7_xlat(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x)
{
	return v7_walk(t, va, x, NULL, true);
}

int vmsa_v7_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa)
{
	return v7_walk(t, va, NULL, pa, false);
}

/* ---- ARMv5 coarse and fine tables ---------------------------------------- */

WALK int v5_walk(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x,
                 uint64_t *pa, bool full)
{
	uint32_t w = t->l1[va >> 20], tw, off, mask;
	const uint32_t *l2;
	enum vmsa_kind k;
	vmsa_attr_t a = 0;
	int err = VMSA_OK;
	bool fine;

	switch (w & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		return xlat_fail(x, full, 1, w, VMSA_ERR_NOTMAPPED);
	case V5_L1_TYPE_SECT:
		off = va & (VMSA_SZ_SECTION - 1);
		if (full)
			err = vmsa_v5_leaf_attrs(VMSA_KIND_SECTION, w, 0, &a);
		return xlat_end(va, VMSA_KIND_SECTION, 1, w,
		                w & L1_SECT_ADDR_MASK, off, x, full, err, a, pa);
	default:        /* a coarse or a fine page table */
		break;
	}
	fine = (w & L1_TYPE_MASK) == V5_L1_TYPE_FINE;
	if (!vmsa_pool_window(t, w & (fine ? V5_L1_FINE_ADDR_MASK :
	                                     V5_L1_COARSE_ADDR_MASK), &l2))
		return xlat_fail(x, full, 1, w, VMSA_ERR_BUSY);
	tw = w;
	w = l2[vmsa_fmt_l2_index(va, fine)];
	switch (w & L2_TYPE_MASK) {
	case L2_TYPE_FAULT:
		return xlat_fail(x, full, 2, w, VMSA_ERR_NOTMAPPED);
	case V5_L2_TYPE_LARGE:
		k = VMSA_KIND_LARGE;
		off = va & (VMSA_SZ_LARGE - 1);
		mask = L2_LARGE_ADDR_MASK;
		break;
	case V5_L2_TYPE_SMALL:
		k = VMSA_KIND_SMALL;
		off = va & (VMSA_SZ_SMALL - 1);
		mask = L2_SMALL_ADDR_MASK;
		break;
	default:
		/* A tiny page in a coarse table faults (B4.7). */
		if (!fine)
			return xlat_fail(x, full, 2, w, VMSA_ERR_UNSUPPORTED);
		k = VMSA_KIND_TINY;
		off = va & (VMSA_SZ_TINY - 1);
		mask = V5_L2_TINY_ADDR_MASK;
		break;
	}
	if (full)
		err = vmsa_v5_leaf_attrs(k, w, vmsa_v5_l1_table_attrs(tw), &a);
	return xlat_end(va, k, 2, w, w & mask, off, x, full, err, a, pa);
}

int vmsa_v5_xlat(const struct vmsa_table *t, uint32_t va, struct vmsa_xlat *x)
{
	return v5_walk(t, va, x, NULL, true);
}

int vmsa_v5_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa)
{
	return v5_walk(t, va, NULL, pa, false);
}
