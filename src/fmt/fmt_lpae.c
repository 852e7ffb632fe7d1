/*
 * fmt_lpae.c - the ARMv7-A long-descriptor (LPAE) format, 4KB granule:
 * where each field sits in a 64-bit block, page and table descriptor,
 * the abstract attributes to AttrIndx/SH/AP[2:1]/AF/XN/PXN/nG/NS and
 * back, the geometry of the three levels and the one-pass translation of
 * a VA over the raw words.
 *
 * Pure functions: no globals, no CP15; table memory is read only by the
 * translation, through the caller's window on it. The attribute
 * checks and the execute-never policy are src/fmt/fmt_attr.c's, shared
 * with the short formats; what is this format's own is its limits (no
 * domains, no "privileged RW, user RO", no non-shareable Device).
 *
 * Choices written down:
 *  - AF is set in every descriptor written (SCTLR.AFE's access-flag
 *    faults are for an OS that ages pages; a firmware's map is in use);
 *  - SH: Normal memory with VMSA_SHARED is Inner Shareable (11), as the
 *    short format's S=1 with Linux's PRRR; without it Non-shareable (00).
 *    Device and Strongly-ordered memory is written Outer Shareable (10),
 *    which is what the MMU treats it as whatever the field says;
 *  - table descriptors carry no hierarchical controls (APTable, XNTable,
 *    PXNTable, NSTable all 0): every attribute lives in the leaves, so a
 *    table never restricts what its entries say and a leaf decodes alone;
 *  - the contiguous hint is never set: it is safe only if every entry of
 *    the 16-entry group agrees, and Trusted Firmware-A never sets it
 *    (errata); vmsa decodes a word with it as having no abstract form.
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.6.1 (descriptors, figures
 * B3-15 to B3-17), B3.6.2 (attributes, figure B3-18, table B3-11), B3.7.1
 * (AP[2:1], table B3-9), B4.1.104 (MAIR0/MAIR1).
 */
#include "fmt_int.h"
#include "fmt_lpae.h"

#define LPAE_PA_LIMIT   (1ull << 40)
/* Bits that are zero in every block or page vmsa writes and accepts:
 * 51:40 (the output address stops at 39) and 52 (the contiguous hint,
 * never written). The SBZ bits below a block's address are the level's. */
#define LPAE_LEAF_RES   0x001fff0000000000ull

uint64_t vmsa_lpae_level_size(int level)
{
	switch (level) {
	case 1: return 1ull << 30;
	case 2: return 1ull << 21;
	case 3: return 1ull << 12;
	default: return 0;
	}
}

uint32_t vmsa_lpae_index(int level, uint32_t va)
{
	switch (level) {
	case 1: return va >> 30;
	case 2: return (va >> 21) & 511u;
	case 3: return (va >> 12) & 511u;
	default: return 0;
	}
}

/* The address bits of a leaf at `level` (0: no such level). */
static uint64_t leaf_addr_mask(int level)
{
	switch (level) {
	case 1: return LPAE_L1_BLOCK_ADDR_MASK;
	case 2: return LPAE_L2_BLOCK_ADDR_MASK;
	case 3: return LPAE_L3_PAGE_ADDR_MASK;
	default: return 0;
	}
}

/* AttrIndx of each canonical memory type (the table in fmt_lpae.h);
 * 0xff: none. Indexed by VMSA_MT_*. */
static const uint8_t mt_index[16] = {
	[0] = 0xff,
	[VMSA_MT_UNCACHED] = 0, [VMSA_MT_BUFFERABLE] = 1,
	[VMSA_MT_WRITETHROUGH] = 2, [VMSA_MT_WRITEBACK] = 3,
	[VMSA_MT_DEVICE] = 4, [VMSA_MT_WRITEALLOC] = 7,
	[VMSA_MT_DEVICE_NS] = 0xff, [VMSA_MT_NORMAL_NC] = 1,
	[9] = 0xff, [10] = 0xff, [11] = 0xff, [12] = 0xff, [13] = 0xff,
	[14] = 0xff, [15] = 0xff,
};

/* And back: the type of each AttrIndx; 0 for 5 and 6, which vmsa never
 * writes. */
static const uint8_t index_mt[8] = {
	VMSA_MT_UNCACHED, VMSA_MT_BUFFERABLE, VMSA_MT_WRITETHROUGH,
	VMSA_MT_WRITEBACK, VMSA_MT_DEVICE, 0, 0, VMSA_MT_WRITEALLOC,
};

/* The attribute checks of both regimes: PL1 (hyp false) and the
 * Non-secure PL2 (Hyp mode) stage 1 regime, which has no PL0 access (AP[1]
 * is SBO), no ASIDs (nG), no PXN and no Secure state (NS). */
static int canonical(bool hyp, vmsa_attr_t a, vmsa_attr_t *out)
{
	vmsa_attr_t mt;
	int err;

	if (out == NULL)
		return VMSA_ERR_INVAL;
	err = vmsa_attr_form(a);
	if (err != VMSA_OK)
		return err;
	mt = VMSA_MT(a);
	/* Device is Outer Shareable; AP[2:1] has no priv RW / user RO;
	 * there are no domains. */
	if (mt == VMSA_MT_DEVICE_NS || (a & VMSA_USER_RO) ||
	    (a & VMSA_DOMAIN_MASK))
		return VMSA_ERR_UNSUPPORTED;
	if (hyp && (a & (VMSA_USER | VMSA_NG | VMSA_PXN | VMSA_NS)))
		return VMSA_ERR_UNSUPPORTED;
	if (mt == VMSA_MT_NORMAL_NC)
		mt = VMSA_MT_BUFFERABLE;        /* one index: 0x44 */
	return vmsa_attr_policy(a, mt, out);
}

int vmsa_lpae_canonical(vmsa_attr_t a, vmsa_attr_t *out)
{
	return canonical(false, a, out);
}

int vmsa_lpae_hyp_canonical(vmsa_attr_t a, vmsa_attr_t *out)
{
	return canonical(true, a, out);
}

/*
 * The attribute bits of a block or page for canonical attributes a
 * (type bits 1:0 left 0):
 *
 *   vmsa flags            AP[2:1]  privileged  user
 *   VMSA_RW               00       RW          none
 *   VMSA_RW | VMSA_USER   01       RW          RW
 *   VMSA_RO               10       RO          none
 *   VMSA_RO | VMSA_USER   11       RO          RO
 *
 * In the Hyp regime AP[1] is SBO (there is no PL0 access to give), so
 * its words have AP[1] = 1: 01 is RW, 11 RO, for PL2.
 */
static uint64_t leaf_bits(vmsa_attr_t a, bool hyp)
{
	vmsa_attr_t mt = VMSA_MT(a);
	uint64_t w = LPAE_LEAF_ATTRINDX(mt_index[mt]) | LPAE_LEAF_AF;

	if (a & VMSA_RO)
		w |= LPAE_LEAF_AP2;
	if ((a & VMSA_USER) || hyp)
		w |= LPAE_LEAF_AP1;
	if (mt_is_device(mt))
		w |= LPAE_LEAF_SH(LPAE_SH_OUTER);
	else if (a & VMSA_SHARED)
		w |= LPAE_LEAF_SH(LPAE_SH_INNER);
	if (a & VMSA_NS)
		w |= LPAE_LEAF_NS;
	if (a & VMSA_NG)
		w |= LPAE_LEAF_nG;
	if (a & VMSA_PXN)
		w |= LPAE_LEAF_PXN;
	if (a & VMSA_XN)
		w |= LPAE_LEAF_XN;
	return w;
}

static int tmpl(bool hyp, vmsa_attr_t attrs, struct vmsa_lpae_tmpl *tm)
{
	vmsa_attr_t a;
	int err;
	uint64_t w;

	if (tm == NULL)
		return VMSA_ERR_INVAL;
	err = canonical(hyp, attrs, &a);
	if (err != VMSA_OK)
		return err;
	w = leaf_bits(a, hyp);
	tm->block = w | LPAE_TYPE_BLOCK;
	tm->page = w | LPAE_TYPE_PAGE;
	tm->attrs = a;
	return VMSA_OK;
}

int vmsa_lpae_tmpl(vmsa_attr_t attrs, struct vmsa_lpae_tmpl *tm)
{
	return tmpl(false, attrs, tm);
}

static int leaf_encode(bool hyp, int level, uint64_t pa, vmsa_attr_t attrs,
                       uint64_t *w)
{
	struct vmsa_lpae_tmpl tm;
	uint64_t size = vmsa_lpae_level_size(level);
	int err;

	if (size == 0 || w == NULL)
		return VMSA_ERR_INVAL;
	err = tmpl(hyp, attrs, &tm);
	if (err != VMSA_OK)
		return err;
	if (pa & (size - 1))
		return VMSA_ERR_ALIGN;
	if (pa >= LPAE_PA_LIMIT)
		return VMSA_ERR_RANGE;
	*w = (level == 3 ? tm.page : tm.block) | pa;
	return VMSA_OK;
}

int vmsa_lpae_leaf_encode(int level, uint64_t pa, vmsa_attr_t attrs,
                          uint64_t *w)
{
	return leaf_encode(false, level, pa, attrs, w);
}

int vmsa_lpae_hyp_leaf_encode(int level, uint64_t pa, vmsa_attr_t attrs,
                              uint64_t *w)
{
	return leaf_encode(true, level, pa, attrs, w);
}

int vmsa_lpae_table_encode(int level, uint64_t table_pa, uint64_t *w)
{
	if ((level != 1 && level != 2) || w == NULL)
		return VMSA_ERR_INVAL;
	if (table_pa & 0xfffu)
		return VMSA_ERR_ALIGN;
	if (table_pa >= LPAE_PA_LIMIT)
		return VMSA_ERR_RANGE;
	*w = table_pa | LPAE_TYPE_TABLE;
	return VMSA_OK;
}

enum vmsa_lpae_kind vmsa_lpae_kind(int level, uint64_t w)
{
	if (level < 1 || level > 3)
		return LPAE_KIND_RESERVED;
	if (!(w & LPAE_TYPE_VALID))
		return LPAE_KIND_FAULT;
	if ((w & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE)
		return level == 3 ? LPAE_KIND_PAGE : LPAE_KIND_TABLE;
	return level == 3 ? LPAE_KIND_RESERVED : LPAE_KIND_BLOCK;
}

uint64_t vmsa_lpae_addr(int level, uint64_t w)
{
	switch (vmsa_lpae_kind(level, w)) {
	case LPAE_KIND_TABLE: return w & LPAE_TABLE_ADDR_MASK;
	case LPAE_KIND_BLOCK:
	case LPAE_KIND_PAGE: return w & leaf_addr_mask(level);
	default: return 0;
	}
}

static int leaf_attrs(bool hyp, int level, uint64_t w, vmsa_attr_t *attrs)
{
	enum vmsa_lpae_kind k = vmsa_lpae_kind(level, w);
	uint64_t sbz = ~leaf_addr_mask(level) & 0x000000fffffff000ull;
	vmsa_attr_t mt, a;
	uint32_t sh;

	if ((k != LPAE_KIND_BLOCK && k != LPAE_KIND_PAGE) || attrs == NULL)
		return VMSA_ERR_INVAL;
	mt = index_mt[LPAE_LEAF_ATTRINDX_OF(w)];
	sh = LPAE_LEAF_SH_OF(w);
	if (mt == 0 || !(w & LPAE_LEAF_AF) || (w & (LPAE_LEAF_RES | sbz)) ||
	    sh == 1)
		return VMSA_ERR_UNSUPPORTED;
	/* Hyp: AP[1] SBO, nG, PXN and NS never written (none is in the
	 * regime); the word's AP[1] gives no PL0 access. */
	if (hyp && (!(w & LPAE_LEAF_AP1) ||
	            (w & (LPAE_LEAF_nG | LPAE_LEAF_PXN | LPAE_LEAF_NS))))
		return VMSA_ERR_UNSUPPORTED;
	if (hyp)
		w &= ~LPAE_LEAF_AP1;
	a = mt | ((w & LPAE_LEAF_AP2) ? VMSA_RO : VMSA_RW) |
	    ((w & LPAE_LEAF_AP1) ? VMSA_USER : 0) |
	    ((w & LPAE_LEAF_NS) ? VMSA_NS : 0) |
	    ((w & LPAE_LEAF_nG) ? VMSA_NG : 0) |
	    ((w & LPAE_LEAF_PXN) ? VMSA_PXN : 0) |
	    ((w & LPAE_LEAF_XN) ? VMSA_XN : 0);
	/* SH is ignored for Device and Strongly-ordered memory (treated as
	 * Outer Shareable); for Normal memory 11 is VMSA_SHARED and 10 has
	 * no abstract form. */
	if (!mt_is_device(mt)) {
		if (sh == LPAE_SH_OUTER)
			return VMSA_ERR_UNSUPPORTED;
		if (sh == LPAE_SH_INNER)
			a |= VMSA_SHARED;
	}
	/* Executable where the policy would have made it XN: the caller
	 * asked for the exception (vmsa_attr_canonical keeps VMSA_EXEC). */
	if (!(a & VMSA_XN) && (mt_is_device(mt) || (a & VMSA_RW)))
		a |= VMSA_EXEC;
	*attrs = a;
	return VMSA_OK;
}

int vmsa_lpae_leaf_attrs(int level, uint64_t w, vmsa_attr_t *attrs)
{
	return leaf_attrs(false, level, w, attrs);
}

int vmsa_lpae_hyp_leaf_attrs(int level, uint64_t w, vmsa_attr_t *attrs)
{
	return leaf_attrs(true, level, w, attrs);
}

int vmsa_lpae_attr_index(vmsa_attr_t mt)
{
	uint32_t i = mt_index[mt & VMSA_MT_MASK];

	return mt & ~VMSA_MT_MASK || i > 7 ? VMSA_ERR_UNSUPPORTED : (int)i;
}

int vmsa_lpae_mair_byte(vmsa_attr_t mt)
{
	uint64_t mair = (uint64_t)VMSA_LPAE_MAIR1 << 32 | VMSA_LPAE_MAIR0;
	uint32_t i = mt_index[mt & VMSA_MT_MASK];

	if (mt & ~VMSA_MT_MASK || i > 7)
		return VMSA_ERR_UNSUPPORTED;
	return (int)((mair >> (8 * i)) & 0xffu);
}

int vmsa_lpae_translate(const uint64_t *l1, vmsa_lpae_table_fn at, void *arg,
                        uint32_t va, struct vmsa_lpae_xlat *x)
{
	const uint64_t *t = l1;
	int level;

	if (l1 == NULL || at == NULL || x == NULL)
		return VMSA_ERR_INVAL;
	x->pa = 0;
	x->attrs = 0;
	x->base = 0;
	x->kind = LPAE_KIND_FAULT;
	for (level = 1; level <= 3; level++) {
		uint64_t w = t[vmsa_lpae_index(level, va)];
		enum vmsa_lpae_kind k = vmsa_lpae_kind(level, w);
		uint32_t off;
		int err;

		x->level = (uint8_t)level;
		x->desc = w;
		if (k == LPAE_KIND_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if (k == LPAE_KIND_TABLE) {
			t = at(arg, w & LPAE_TABLE_ADDR_MASK);
			if (t == NULL)
				return VMSA_ERR_BUSY;
			continue;
		}
		if (k == LPAE_KIND_RESERVED)
			return VMSA_ERR_UNSUPPORTED;
		err = leaf_attrs(false, level, w, &x->attrs);
		if (err != VMSA_OK) {
			x->attrs = 0;
			return err;
		}
		off = va & (uint32_t)(vmsa_lpae_level_size(level) - 1);
		x->kind = (uint8_t)k;
		x->pa = (w & leaf_addr_mask(level)) | off;
		x->base = va - off;
		return VMSA_OK;
	}
	return VMSA_ERR_UNSUPPORTED;    /* not reached: level 3 has no table */
}
