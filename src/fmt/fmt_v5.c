/*
 * fmt_v5.c - the ARMv5 MMU's descriptors (sections, coarse and fine page
 * tables; large, small and tiny pages): where each field sits in L1 and L2
 * words. Its templates, its decoders (the reference path, through struct
 * hwattr and src/fmt/fmt_attr.c's mapping), its raw fields, its answers to
 * src/fmt/fmt.h (the engine's path, straight from the word), its one-pass
 * translation, and its object (vmsa_format_v5: naming it links this
 * file, src/fmt/fmt.h; an ARMv7 firmware has none of it).
 *
 * Pure functions: no globals, no CP15, no table memory. ARMv5 has C and B
 * only (four memory types), AP[1:0] without the read-only privileged
 * encodings (those need SCTLR.S/R), and no XN, PXN, nG, S or NS.
 *
 * References: ARM926EJ-S TRM (DDI 0198E) 3.2; ARM ARM (DDI 0100I) B4.3
 * (descriptors) and B4.7 (faults).
 */
#include "fmt_int.h"

/* The four subpage AP fields of a large or small page, all set to ap:
 * vmsa writes the same AP to every quarter of a page. */
static uint32_t ap4(uint32_t ap)
{
	return V5_L2_AP0(ap) | V5_L2_AP1(ap) | V5_L2_AP2(ap) | V5_L2_AP3(ap);
}

/* The L2 kind of a type field; *reserved for a tiny page in a coarse
 * table (it faults, B4.7). */
static enum vmsa_kind l2_kind(bool fine, uint32_t w, bool *reserved)
{
	*reserved = false;
	switch (w & L2_TYPE_MASK) {
	case L2_TYPE_FAULT: return VMSA_KIND_FAULT;
	case V5_L2_TYPE_LARGE: return VMSA_KIND_LARGE;
	case V5_L2_TYPE_SMALL: return VMSA_KIND_SMALL;
	default:
		if (fine)
			return VMSA_KIND_TINY;
		*reserved = true;
		return VMSA_KIND_FAULT;
	}
}

void vmsa_v5_tmpl(const struct hwattr *h, struct vmsa_tmpl *tm)
{
	uint32_t cb = (h->c ? V5_L2_C : 0) | (h->b ? V5_L2_B : 0);

	/* ARM926EJ-S TRM 3.2: bit 4 of L1 descriptors should be one. */
	tm->sect = V5_L1_TYPE_SECT | V5_L1_BIT4 | cb |
	           L1_SECT_DOMAIN(h->domain) | V5_L1_SECT_AP(h->ap);
	tm->super_ok = false;
	tm->super = 0;
	tm->table = V5_L1_TYPE_COARSE | V5_L1_BIT4 |
	            L1_TABLE_DOMAIN(h->domain);
	tm->large = V5_L2_TYPE_LARGE | cb | ap4(h->ap);
	tm->small = V5_L2_TYPE_SMALL | cb | ap4(h->ap);
	tm->tiny = V5_L2_TYPE_TINY | cb | V5_L2_TINY_AP(h->ap);
}

/* vmsa_fmt_fold for ARMv5: C and B stay at bits 3:2 in every kind; a
 * tiny page's AP (5:4) goes into all four AP fields of a small page, whose
 * four (11:4) a large page keeps; a large page's first AP field goes to
 * the section's AP (11:10), its page table's domain (8:5) to the
 * section's, and bit 4 is set (ARM926EJ-S TRM 3.2). */
uint32_t vmsa_v5_fold(enum vmsa_kind k, uint32_t w, uint32_t l1w)
{
	uint32_t cb = w & (V5_L2_B | V5_L2_C);

	switch (k) {
	case VMSA_KIND_TINY:
		return V5_L2_TYPE_SMALL | cb | ap4(V5_L2_AP_OF(w));
	case VMSA_KIND_SMALL:
		return V5_L2_TYPE_LARGE | cb | (w & V5_L2_AP_ALL);
	case VMSA_KIND_LARGE:
		return V5_L1_TYPE_SECT | V5_L1_BIT4 | cb |
		       L1_SECT_DOMAIN(L1_TABLE_DOMAIN_OF(l1w)) |
		       V5_L1_SECT_AP(V5_L2_AP_OF(w));
	default:
		return 0;
	}
}

/* vmsa_desc_tmpl for ARMv5: through the hardware fields (src/fmt/fmt_attr.c's
 * vmsa_hw_from_attrs, which only this format needs). */
int vmsa_v5_tmpl_attrs(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct vmsa_tmpl *tm)
{
	struct hwattr h;
	int err = vmsa_hw_from_attrs(fmt, attrs, &h, &tm->attrs);

	if (err != VMSA_OK)
		return err;
	vmsa_v5_tmpl(&h, tm);
	tm->tattrs = tm->attrs & VMSA_TABLE_ATTRS;
	return VMSA_OK;
}

/* ---- decoders: the reference path, through struct hwattr ----------------- */

int vmsa_v5_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d)
{
	struct hwattr h = { 0 };
	bool fine;
	uint32_t pa;
	int err;

	if ((w & L1_TYPE_MASK) == L1_TYPE_FAULT)
		return VMSA_OK;
	if (vmsa_v5_l1_table(w, &fine, &pa)) {
		d->type = fine ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE;
		d->pa.p = pa;
		d->attrs = vmsa_v5_l1_table_attrs(w);
		return VMSA_OK;
	}
	h.b = (w & L1_SECT_B) ? 1 : 0;
	h.c = (w & L1_SECT_C) ? 1 : 0;
	h.ap = V5_L1_SECT_AP_OF(w);
	h.domain = L1_SECT_DOMAIN_OF(w);
	err = vmsa_hw_to_attrs(fmt, &h, &d->attrs);
	if (err != VMSA_OK)
		return err;
	d->type = VMSA_DESC_SECTION;
	d->pa.p = w & L1_SECT_ADDR_MASK;
	return VMSA_OK;
}

int vmsa_v5_l2_decode(vmsa_fmt_t fmt, bool fine, uint32_t w,
                      struct vmsa_desc *d)
{
	static const uint8_t type[] = {
		[VMSA_KIND_TINY] = VMSA_DESC_TINY,
		[VMSA_KIND_SMALL] = VMSA_DESC_SMALL,
		[VMSA_KIND_LARGE] = VMSA_DESC_LARGE,
	};
	struct hwattr h = { 0 };
	bool reserved;
	enum vmsa_kind k = l2_kind(fine, w, &reserved);
	int err;

	if (reserved)
		return VMSA_ERR_UNSUPPORTED;
	if (k == VMSA_KIND_FAULT)
		return VMSA_OK;
	h.b = (w & V5_L2_B) ? 1 : 0;
	h.c = (w & V5_L2_C) ? 1 : 0;
	h.ap = V5_L2_AP_OF(w);
	/* Subpages with different AP have no abstract form. */
	if (k != VMSA_KIND_TINY && (w & V5_L2_AP_ALL) != ap4(h.ap))
		return VMSA_ERR_UNSUPPORTED;
	err = vmsa_hw_to_attrs(fmt, &h, &d->attrs);
	if (err != VMSA_OK) {
		d->attrs = 0;
		return err;
	}
	d->type = type[k];
	d->pa.p = vmsa_fmt_leaf_pa(fmt, k, w);
	return VMSA_OK;
}

void vmsa_v5_bits(int level, uint32_t w, struct vmsa_bits *b)
{
	struct vmsa_desc d;

	if (level == 1) {
		if (vmsa_l1_decode(VMSA_FMT_V5, w, &d) != VMSA_OK ||
		    d.type == VMSA_DESC_FAULT)
			return;
		if (d.type == VMSA_DESC_SECTION) {
			b->b = (w & L1_SECT_B) ? 1 : 0;
			b->c = (w & L1_SECT_C) ? 1 : 0;
			b->ap = (uint8_t)V5_L1_SECT_AP_OF(w);
			b->domain = (uint8_t)L1_SECT_DOMAIN_OF(w);
		} else {
			b->domain = (uint8_t)L1_TABLE_DOMAIN_OF(w);
		}
		return;
	}
	if ((w & L2_TYPE_MASK) == L2_TYPE_FAULT)
		return;
	b->b = (w & V5_L2_B) ? 1 : 0;
	b->c = (w & V5_L2_C) ? 1 : 0;
	b->ap = (uint8_t)V5_L2_AP_OF(w);
}

/* ---- src/fmt/fmt.h for ARMv5: straight from the word ------------------------- */

uint32_t vmsa_v5_l1_table_move(uint32_t w, bool fine, uint32_t table_pa)
{
	return (w & ~(V5_L1_COARSE_ADDR_MASK | L1_TYPE_MASK)) |
	       (fine ? V5_L1_TYPE_FINE : V5_L1_TYPE_COARSE) | table_pa;
}

vmsa_attr_t vmsa_v5_l1_table_attrs(uint32_t w)
{
	return VMSA_DOMAIN(L1_TABLE_DOMAIN_OF(w));
}

enum vmsa_kind vmsa_v5_kind(int level, bool fine, uint32_t w, bool *reserved)
{
	if (level != 1)
		return l2_kind(fine, w, reserved);
	*reserved = false;
	return (w & L1_TYPE_MASK) == V5_L1_TYPE_SECT ? VMSA_KIND_SECTION :
	                                               VMSA_KIND_FAULT;
}

/* By table, as vmsa_hw_to_attrs reads ARMv5 fields: C:B is the memory
 * type, AP the access, and nothing else (no XN, so no EXEC either). */
int vmsa_v5_leaf_attrs(enum vmsa_kind k, uint32_t w, vmsa_attr_t tattrs,
                       vmsa_attr_t *attrs)
{
	uint32_t cb, ap;
	vmsa_attr_t acc;

	switch (k) {
	case VMSA_KIND_SECTION:
		cb = ((w & L1_SECT_C) ? 2u : 0u) | ((w & L1_SECT_B) ? 1u : 0u);
		ap = V5_L1_SECT_AP_OF(w);
		tattrs = VMSA_DOMAIN(L1_SECT_DOMAIN_OF(w));
		break;
	case VMSA_KIND_LARGE:
	case VMSA_KIND_SMALL:
	case VMSA_KIND_TINY:
		cb = ((w & V5_L2_C) ? 2u : 0u) | ((w & V5_L2_B) ? 1u : 0u);
		ap = V5_L2_AP_OF(w);
		if (k != VMSA_KIND_TINY && (w & V5_L2_AP_ALL) != ap4(ap))
			return VMSA_ERR_UNSUPPORTED;
		break;
	default:
		return VMSA_ERR_INVAL;
	}
	acc = vmsa_ap_access(ap);
	if (acc == 0)
		return VMSA_ERR_UNSUPPORTED;
	*attrs = (VMSA_MT_UNCACHED + cb) | acc | tattrs;
	return VMSA_OK;
}

int vmsa_v5_leaf(int level, bool fine, uint32_t w, struct vmsa_leaf *lf)
{
	bool res;

	lf->kind = vmsa_v5_kind(level, fine, w, &res);
	lf->size = vmsa_kind_size(lf->kind);
	lf->reps = vmsa_fmt_reps(lf->kind, fine);
	lf->pa = vmsa_fmt_leaf_pa(VMSA_FMT_V5, lf->kind, w);
	return res ? VMSA_ERR_UNSUPPORTED : VMSA_OK;
}

/* No execute-never: every mapped leaf is executable. */
uint32_t vmsa_v5_mapped_run(int level, bool fine, const uint32_t *p,
                            uint32_t n, uint64_t limit, uint64_t *bytes,
                            bool *exec)
{
	struct vmsa_leaf lf;
	uint32_t i = 0;
	uint64_t b = 0;

	for (; i < n; i += lf.reps, b += lf.size) {
		if (vmsa_v5_leaf(level, fine, p[i], &lf) != VMSA_OK ||
		    lf.kind == VMSA_KIND_FAULT || b + lf.size > limit)
			break;
		*exec = true;
	}
	*bytes = b;
	return i;
}

/* ---- the one-pass translation (src/fmt/fmt.h) ---------------------------------
 * As src/fmt/fmt_v7.c's, for coarse and fine tables (B4.3, B4.7).
 */

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
	                                     V5_L1_COARSE_ADDR_MASK), fine, &l2))
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

/* The format's object (src/fmt/fmt.h). */
const struct vmsa_format vmsa_format_v5 = { .arch = VMSA_FMT_V5 };
