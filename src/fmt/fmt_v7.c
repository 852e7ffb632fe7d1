/*
 * fmt_v7.c - the ARMv7-A short-descriptor format (direct and TEX remap,
 * with and without PXN): where each field sits in L1 and L2 descriptor
 * words. Its templates, its decoders (the reference path, through struct
 * hwattr and src/fmt/fmt_attr.c's mapping), its raw fields, and its answers
 * to src/fmt/fmt.h (the engine's path: straight from the word, attributes by
 * table in vmsa_desc_attrs_v7), its one-pass translation, and its object
 * (vmsa_format_v7: naming it links this file, src/fmt/fmt.h).
 *
 * Pure functions: no globals, no CP15, no table memory. What bits mean
 * (the abstract attribute mapping, the policy) is src/fmt/fmt_attr.c's.
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.5.1 (descriptor formats,
 * figures B3-4 and B3-5), B3.7.1 (AP), B3.8.2 (TEX/C/B, table B3-10),
 * B3.8.3 (TEX remap).
 */
#include "fmt_int.h"

/* The same mapping as vmsa_hw_to_attrs (src/fmt/fmt_attr.c) for ARMv7, as
 * tables: the hot path of vmsa_translate and vmsa_fmt_leaf_attrs. 0: no
 * abstract form. */
#define DEVICE_MTS ((1u << VMSA_MT_UNCACHED) | (1u << VMSA_MT_DEVICE) | \
                    (1u << VMSA_MT_DEVICE_NS))

int vmsa_desc_attrs_v7(vmsa_fmt_t fmt, uint32_t tcb, uint32_t ap, uint32_t s,
                       vmsa_attr_t extra, vmsa_attr_t *out)
{
	static const uint8_t mt_direct[32] = {
		[0x0] = VMSA_MT_UNCACHED, [0x1] = VMSA_MT_DEVICE,
		[0x2] = VMSA_MT_WRITETHROUGH, [0x3] = VMSA_MT_WRITEBACK,
		[0x4] = VMSA_MT_NORMAL_NC, [0x7] = VMSA_MT_WRITEALLOC,
		[0x8] = VMSA_MT_DEVICE_NS,
	};
	static const uint8_t mt_remap[16] = {
		/* TEX[0]:C:B, then the same with S = 1 */
		VMSA_MT_UNCACHED, VMSA_MT_BUFFERABLE, VMSA_MT_WRITETHROUGH,
		VMSA_MT_WRITEBACK, VMSA_MT_DEVICE_NS, VMSA_MT_UNCACHED,
		VMSA_MT_UNCACHED, VMSA_MT_WRITEALLOC,
		VMSA_MT_UNCACHED, VMSA_MT_BUFFERABLE, VMSA_MT_WRITETHROUGH,
		VMSA_MT_WRITEBACK, VMSA_MT_DEVICE, VMSA_MT_UNCACHED,
		VMSA_MT_UNCACHED, VMSA_MT_WRITEALLOC,
	};
	uint32_t mt = fmt_is_remap(fmt) ? mt_remap[(tcb & 7u) | (s << 3)] :
	                                  mt_direct[tcb & 31u];
	uint32_t acc = vmsa_ap_access(ap);
	vmsa_attr_t a;

	if (mt == 0 || acc == 0)
		return VMSA_ERR_UNSUPPORTED;
	a = mt | acc | extra;
	if (((DEVICE_MTS >> mt) & 1u) || (acc & VMSA_RW)) {
		if (!(extra & VMSA_XN))
			a |= VMSA_EXEC;     /* an exception to the policy */
	}
	if (s && !((DEVICE_MTS >> mt) & 1u))
		a |= VMSA_SHARED;
	*out = a;
	return VMSA_OK;
}

/* ---- templates: the bit layout of each descriptor kind --------------------
 * The encoders (src/fmt/fmt.c) OR an address into these words, and the engine
 * does the same.
 */
/* Bits of one field value in each kind's place: section, large and small
 * page. L2 pages share B, C, AP[1:0], APX, S and nG positions; the section
 * has them six bits higher except B and C. */
struct tmpl_bits {
	uint32_t sect, large, small;
};

/* TEX:C:B = v (TEX << 2 | C << 1 | B), S = sh, in each kind's place. */
#define TB_MT(v, sh) {                                                    \
	L1_SECT_TEX((v) >> 2) | (((v) & 1) ? L1_SECT_B : 0) |             \
	(((v) & 2) ? L1_SECT_C : 0) | ((sh) ? L1_SECT_S : 0),              \
	L2_LARGE_TEX((v) >> 2) | (((v) & 1) ? L2_LARGE_B : 0) |           \
	(((v) & 2) ? L2_LARGE_C : 0) | ((sh) ? L2_LARGE_S : 0),            \
	L2_SMALL_TEX((v) >> 2) | (((v) & 1) ? L2_SMALL_B : 0) |           \
	(((v) & 2) ? L2_SMALL_C : 0) | ((sh) ? L2_SMALL_S : 0) }

/* APX:AP[1:0] = ap in each kind's place (large and small share it). */
#define TB_AP(ap) {                                                       \
	(((ap) & 1) ? L1_SECT_AP0 : 0) | (((ap) & 2) ? L1_SECT_AP1 : 0) |  \
	(((ap) & 4) ? L1_SECT_APX : 0),                                    \
	(((ap) & 1) ? L2_SMALL_AP0 : 0) | (((ap) & 2) ? L2_SMALL_AP1 : 0) | \
	(((ap) & 4) ? L2_SMALL_APX : 0), 0 }

/* ap_encode of the access bits RO, RW, USER, USER_RO (attrs >> 4). */
#define AP_OF(i) ((((i) & 4) ? 3 : ((i) & 8) ? 2 : 1) | (((i) & 1) ? 4 : 0))

/*
 * ARMv7 templates straight from canonical attributes, by table: the one
 * ARMv7 encoder of memory type and access (the type table above
 * mt_decode in src/fmt/fmt_attr.c, ap_encode's there), for every descriptor
 * kind and the page-table entry. The round-trip tests decode every word
 * it builds back to the attributes. This is on every map call.
 */
void vmsa_v7_tmpl_attrs(vmsa_fmt_t fmt, vmsa_attr_t a, struct vmsa_tmpl *tm)
{
	static const struct tmpl_bits mt_bits[2][9] = {
		{ /* TRE = 0 */
			[VMSA_MT_UNCACHED] = TB_MT(0x0, 0),
			[VMSA_MT_BUFFERABLE] = TB_MT(0x1, 0),
			[VMSA_MT_WRITETHROUGH] = TB_MT(0x2, 0),
			[VMSA_MT_WRITEBACK] = TB_MT(0x3, 0),
			[VMSA_MT_WRITEALLOC] = TB_MT(0x7, 0),
			[VMSA_MT_DEVICE] = TB_MT(0x1, 0),
			[VMSA_MT_DEVICE_NS] = TB_MT(0x8, 0),
			[VMSA_MT_NORMAL_NC] = TB_MT(0x4, 0),
		}, { /* TRE = 1: Device shareability is S */
			[VMSA_MT_UNCACHED] = TB_MT(0, 0),
			[VMSA_MT_BUFFERABLE] = TB_MT(1, 0),
			[VMSA_MT_WRITETHROUGH] = TB_MT(2, 0),
			[VMSA_MT_WRITEBACK] = TB_MT(3, 0),
			[VMSA_MT_WRITEALLOC] = TB_MT(7, 0),
			[VMSA_MT_DEVICE] = TB_MT(4, 1),
			[VMSA_MT_DEVICE_NS] = TB_MT(4, 0),
			[VMSA_MT_NORMAL_NC] = TB_MT(1, 0),
		},
	};
	static const struct tmpl_bits ap_bits[16] = {
		TB_AP(AP_OF(0)), TB_AP(AP_OF(1)), TB_AP(AP_OF(2)),
		TB_AP(AP_OF(3)), TB_AP(AP_OF(4)), TB_AP(AP_OF(5)),
		TB_AP(AP_OF(6)), TB_AP(AP_OF(7)), TB_AP(AP_OF(8)),
		TB_AP(AP_OF(9)), TB_AP(AP_OF(10)), TB_AP(AP_OF(11)),
		TB_AP(AP_OF(12)), TB_AP(AP_OF(13)), TB_AP(AP_OF(14)),
		TB_AP(AP_OF(15)),
	};
	const struct tmpl_bits *m = &mt_bits[fmt_is_remap(fmt) ? 1 : 0][VMSA_MT(a)];
	const struct tmpl_bits *p = &ap_bits[(a >> 4) & 0xfu];
	uint32_t dom = VMSA_ATTR_DOMAIN(a), sect, l2 = p->large;

	sect = L1_TYPE_SECT | m->sect | p->sect;
	if (a & VMSA_SHARED) {
		sect |= L1_SECT_S;
		l2 |= L2_SMALL_S;
	}
	if (a & VMSA_NG) {
		sect |= L1_SECT_nG;
		l2 |= L2_SMALL_nG;
	}
	tm->small = L2_TYPE_SMALL | m->small | l2;
	tm->large = L2_TYPE_LARGE | m->large | l2;
	if (a & VMSA_XN) {
		sect |= L1_SECT_XN;
		tm->small |= L2_SMALL_XN;
		tm->large |= L2_LARGE_XN;
	}
	tm->table = L1_TYPE_TABLE | L1_TABLE_DOMAIN(dom);
	if (a & VMSA_PXN) {
		sect |= L1_SECT_PXN;
		tm->table |= L1_TABLE_PXN;
	}
	if (a & VMSA_NS) {
		sect |= L1_SECT_NS;
		tm->table |= L1_TABLE_NS;
	}
	tm->super_ok = dom == 0;
	tm->super = dom == 0 ? sect | L1_SECT_SUPER : 0;
	tm->sect = sect | L1_SECT_DOMAIN(dom);
	tm->tiny = 0;
}

/* ---- decoders: the reference path, through struct hwattr ----------------- */

int vmsa_v7_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d)
{
	struct hwattr h = { 0 };
	int err;

	switch (w & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		return VMSA_OK;
	case L1_TYPE_TABLE:
		d->type = VMSA_DESC_TABLE;
		d->pa.p = w & L1_TABLE_ADDR_MASK;
		d->attrs = vmsa_v7_l1_table_attrs(fmt, w);
		return VMSA_OK;
	case L1_TYPE_SECT_PXN:
		if (!(fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;   /* reserved without PXN */
		h.pxn = 1;
		break;
	default:
		break;
	}
	h.b = (w & L1_SECT_B) ? 1 : 0;
	h.c = (w & L1_SECT_C) ? 1 : 0;
	h.xn = (w & L1_SECT_XN) ? 1 : 0;
	h.tex = L1_SECT_TEX_OF(w);
	h.ap = vmsa_v7_l1_ap(w);
	h.s = (w & L1_SECT_S) ? 1 : 0;
	h.ng = (w & L1_SECT_nG) ? 1 : 0;
	h.ns = (w & L1_SECT_NS) ? 1 : 0;
	if (w & L1_SECT_SUPER) {
		d->pa.p = vmsa_fmt_leaf_pa(fmt, VMSA_KIND_SUPERSECTION, w);
		h.domain = 0;
	} else {
		d->pa.p = w & L1_SECT_ADDR_MASK;
		h.domain = L1_SECT_DOMAIN_OF(w);
	}
	err = vmsa_hw_to_attrs(fmt, &h, &d->attrs);
	if (err != VMSA_OK) {
		d->pa.p = 0;
		return err;
	}
	d->type = (w & L1_SECT_SUPER) ? VMSA_DESC_SUPERSECTION :
	                                VMSA_DESC_SECTION;
	return VMSA_OK;
}

int vmsa_v7_l2_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d)
{
	struct hwattr h = { 0 };
	enum vmsa_desc_type type;
	uint32_t mask;
	int err;

	switch (w & L2_TYPE_MASK) {
	case L2_TYPE_FAULT:
		return VMSA_OK;
	case L2_TYPE_LARGE:
		type = VMSA_DESC_LARGE;
		mask = L2_LARGE_ADDR_MASK;
		h.tex = L2_LARGE_TEX_OF(w);
		h.xn = (w & L2_LARGE_XN) ? 1 : 0;
		break;
	default:        /* 1x: small page, bit 0 is XN */
		type = VMSA_DESC_SMALL;
		mask = L2_SMALL_ADDR_MASK;
		h.tex = L2_SMALL_TEX_OF(w);
		h.xn = (w & L2_SMALL_XN) ? 1 : 0;
		break;
	}
	/* The fields large and small pages share (V7_SAME_PLACE,
	 * src/fmt/fmt_int.h). */
	h.b = (w & L2_SMALL_B) ? 1 : 0;
	h.c = (w & L2_SMALL_C) ? 1 : 0;
	h.ap = vmsa_v7_l2_ap(w);
	h.s = (w & L2_SMALL_S) ? 1 : 0;
	h.ng = (w & L2_SMALL_nG) ? 1 : 0;
	err = vmsa_hw_to_attrs(fmt, &h, &d->attrs);
	if (err != VMSA_OK) {
		d->attrs = 0;
		return err;
	}
	d->type = type;
	d->pa.p = w & mask;
	return VMSA_OK;
}

void vmsa_v7_bits(vmsa_fmt_t fmt, int level, uint32_t w, struct vmsa_bits *b)
{
	uint32_t ty = w & L1_TYPE_MASK;
	struct vmsa_desc d;

	if (level == 1) {
		/* A PXN section on a format without PXN is reserved, but its
		 * fields are still shown. */
		if (vmsa_l1_decode(fmt, w, &d) != VMSA_OK &&
		    ty != L1_TYPE_SECT_PXN)
			return;
		if (d.type == VMSA_DESC_FAULT && ty != L1_TYPE_SECT &&
		    ty != L1_TYPE_SECT_PXN)
			return;
		if (d.type == VMSA_DESC_TABLE) {
			b->domain = (uint8_t)L1_TABLE_DOMAIN_OF(w);
			b->ns = (w & L1_TABLE_NS) ? 1 : 0;
			b->pxn = (w & L1_TABLE_PXN) ? 1 : 0;
			return;
		}
		b->b = (w & L1_SECT_B) ? 1 : 0;
		b->c = (w & L1_SECT_C) ? 1 : 0;
		b->tex = (uint8_t)L1_SECT_TEX_OF(w);
		b->xn = (w & L1_SECT_XN) ? 1 : 0;
		b->pxn = ty == L1_TYPE_SECT_PXN;
		b->ap = (uint8_t)vmsa_v7_l1_ap(w);
		b->s = (w & L1_SECT_S) ? 1 : 0;
		b->ng = (w & L1_SECT_nG) ? 1 : 0;
		b->ns = (w & L1_SECT_NS) ? 1 : 0;
		b->domain = (w & L1_SECT_SUPER) ? 0 :
		            (uint8_t)L1_SECT_DOMAIN_OF(w);
		return;
	}
	if ((w & L2_TYPE_MASK) == L2_TYPE_FAULT)
		return;
	b->b = (w & L2_SMALL_B) ? 1 : 0;   /* same bit in every L2 kind */
	b->c = (w & L2_SMALL_C) ? 1 : 0;
	if ((w & L2_TYPE_MASK) == L2_TYPE_LARGE) {
		b->tex = (uint8_t)L2_LARGE_TEX_OF(w);
		b->xn = (w & L2_LARGE_XN) ? 1 : 0;
	} else {
		b->tex = (uint8_t)L2_SMALL_TEX_OF(w);
		b->xn = (w & L2_SMALL_XN) ? 1 : 0;
	}
	b->ap = (uint8_t)vmsa_v7_l2_ap(w);
	b->s = (w & L2_SMALL_S) ? 1 : 0;
	b->ng = (w & L2_SMALL_nG) ? 1 : 0;
}

/* ---- src/fmt/fmt.h for ARMv7: straight from the word ------------------------- */

uint32_t vmsa_v7_l1_table_move(uint32_t w, uint32_t table_pa)
{
	return (w & ~L1_TABLE_ADDR_MASK) | table_pa;
}

enum vmsa_kind vmsa_v7_kind(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                            bool *reserved)
{
	*reserved = false;
	if (level == 1) {
		switch (w & L1_TYPE_MASK) {
		case L1_TYPE_FAULT:
		case L1_TYPE_TABLE:
			return VMSA_KIND_FAULT;
		case L1_TYPE_SECT_PXN:
			if (!(fmt & VMSA_FMT_PXN)) {
				*reserved = true;
				return VMSA_KIND_FAULT;
			}
			break;
		default:
			break;
		}
		return (w & L1_SECT_SUPER) ? VMSA_KIND_SUPERSECTION :
		                             VMSA_KIND_SECTION;
	}
	if (fine) {
		*reserved = true;       /* ARMv7 has no fine tables */
		return VMSA_KIND_FAULT;
	}
	switch (w & L2_TYPE_MASK) {
	case L2_TYPE_FAULT: return VMSA_KIND_FAULT;
	case L2_TYPE_LARGE: return VMSA_KIND_LARGE;
	default: return VMSA_KIND_SMALL;        /* 1x: bit 0 is XN */
	}
}

bool vmsa_v7_leaf_xn(enum vmsa_kind k, uint32_t w)
{
	switch (k) {
	case VMSA_KIND_SUPERSECTION:
	case VMSA_KIND_SECTION: return (w & L1_SECT_XN) != 0;
	case VMSA_KIND_LARGE: return (w & L2_LARGE_XN) != 0;
	case VMSA_KIND_SMALL: return (w & L2_SMALL_XN) != 0;
	default: return false;
	}
}

/* vmsa_fmt_leaf for ARMv7: the kind test, size, entries and address in
 * one function (every walk reads each word through it). */
int vmsa_v7_leaf(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                 struct vmsa_leaf *lf)
{
	bool res;

	lf->kind = vmsa_v7_kind(fmt, level, fine, w, &res);
	lf->reps = 1;
	switch (lf->kind) {
	case VMSA_KIND_SUPERSECTION:
		lf->size = VMSA_SZ_SUPERSECTION;
		lf->reps = VMSA_SZ_SUPERSECTION / VMSA_SZ_SECTION;
		lf->pa = vmsa_super_pa(w);
		break;
	case VMSA_KIND_SECTION:
		lf->size = VMSA_SZ_SECTION;
		lf->pa = w & L1_SECT_ADDR_MASK;
		break;
	case VMSA_KIND_LARGE:
		lf->size = VMSA_SZ_LARGE;
		lf->reps = VMSA_SZ_LARGE / VMSA_SZ_SMALL;
		lf->pa = w & L2_LARGE_ADDR_MASK;
		break;
	case VMSA_KIND_SMALL:
		lf->size = VMSA_SZ_SMALL;
		lf->pa = w & L2_SMALL_ADDR_MASK;
		break;
	default:
		lf->size = 0;
		lf->pa = 0;
		break;
	}
	return res ? VMSA_ERR_UNSUPPORTED : VMSA_OK;
}

/* The second-level part of vmsa_v7_mapped_run: small pages (type 1x,
 * the common case) a word and three instructions each, the AND of their
 * words keeping bit 0 (XN) only if every one has it; large pages (16
 * entries). */
static uint32_t l2_mapped_run(const uint32_t *p, uint32_t n, uint64_t limit,
                              uint64_t *bytes, bool *exec)
{
	uint32_t i = 0, all = ~0u, m;
	uint64_t b = 0;

	while (i < n) {
		if (p[i] & L2_TYPE_SMALL) {
			uint32_t j = i;

			m = n;
			if (limit - b < (uint64_t)(n - i) * VMSA_SZ_SMALL)
				m = i + (uint32_t)((limit - b) / VMSA_SZ_SMALL);
			while (j < m && (p[j] & L2_TYPE_SMALL))
				all &= p[j++];
			b += (uint64_t)(j - i) * VMSA_SZ_SMALL;
			i = j;
			if (i == m)
				break;
			continue;
		}
		if ((p[i] & L2_TYPE_MASK) != L2_TYPE_LARGE ||
		    b + VMSA_SZ_LARGE > limit)
			break;
		if (!(p[i] & L2_LARGE_XN))
			*exec = true;
		b += VMSA_SZ_LARGE;
		i += VMSA_SZ_LARGE / VMSA_SZ_SMALL;
	}
	if (!(all & L2_SMALL_XN))
		*exec = true;
	*bytes = b;
	return i;
}

/* vmsa_fmt_mapped_run for ARMv7 (coarse tables only), the kind test and
 * XN inline: the word loop of an unmap. */
uint32_t vmsa_v7_mapped_run(vmsa_fmt_t fmt, int level, const uint32_t *p,
                            uint32_t n, uint64_t limit, uint64_t *bytes,
                            bool *exec)
{
	uint32_t i = 0, size = 0, reps = 1;
	uint64_t b = 0;
	enum vmsa_kind k;
	bool res;

	if (level == 2)
		return l2_mapped_run(p, n, limit, bytes, exec);
	for (; i < n; i += reps, b += size) {
		k = vmsa_v7_kind(fmt, level, false, p[i], &res);
		if (k == VMSA_KIND_FAULT || res)
			break;
		/* Sizes inline, not through vmsa_v7_leaf. */
		size = k == VMSA_KIND_SECTION ? VMSA_SZ_SECTION :
		       VMSA_SZ_SUPERSECTION;
		reps = k == VMSA_KIND_SUPERSECTION ?
		       VMSA_SZ_SUPERSECTION / VMSA_SZ_SECTION : 1;
		if (b + size > limit)
			break;
		if (!vmsa_v7_leaf_xn(k, p[i]))
			*exec = true;
	}
	*bytes = b;
	return i;
}

/* By kind, through the field readers src/fmt/fmt_int.h shares with the
 * one-pass translation (below). */
int vmsa_v7_leaf_attrs(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w,
                       vmsa_attr_t tattrs, vmsa_attr_t *attrs)
{
	switch (k) {
	case VMSA_KIND_SECTION:
	case VMSA_KIND_SUPERSECTION:
		return vmsa_v7_sect_attrs(fmt, k, w, attrs);
	case VMSA_KIND_LARGE:
		return vmsa_v7_page_attrs(fmt, w, L2_LARGE_TEX_OF(w),
		                          (w & L2_LARGE_XN) != 0, tattrs, attrs);
	case VMSA_KIND_SMALL:
		return vmsa_v7_page_attrs(fmt, w, L2_SMALL_TEX_OF(w),
		                          (w & L2_SMALL_XN) != 0, tattrs, attrs);
	default:
		return VMSA_ERR_INVAL;
	}
}

/*
 * vmsa_fmt_fold for ARMv7: the fields of leaf w moved to where the next
 * larger granule keeps them (ARM ARM B3.5.1, the short-descriptor
 * formats):
 *
 *   field    small  large  section  (the page table's L1 descriptor)
 *   XN       0      15     4
 *   B, C     2, 3   2, 3   2, 3
 *   AP[1:0]  5:4    5:4    11:10
 *   TEX      8:6    14:12  14:12
 *   AP[2]    9      9      15
 *   S, nG    10, 11 10, 11 16, 17
 *   domain   -      -      8:5      8:5
 *   NS, PXN  -      -      19, 0    3, 2
 *
 * A supersection is its section with bit 18 set; only a section of
 * domain 0 folds (bits 8:5 are PA[39:36] in a supersection).
 */
#define MOVE(w, from, to) (((w) & (from)) ? (to) : 0u)

uint32_t vmsa_v7_fold(enum vmsa_kind k, uint32_t w, uint32_t l1w)
{
	const uint32_t same = L2_SMALL_B | L2_SMALL_C | L2_SMALL_AP0 |
	                      L2_SMALL_AP1 | L2_SMALL_APX | L2_SMALL_S |
	                      L2_SMALL_nG;

	switch (k) {
	case VMSA_KIND_SMALL:
		return L2_TYPE_LARGE | (w & same) |
		       L2_LARGE_TEX(L2_SMALL_TEX_OF(w)) |
		       MOVE(w, L2_SMALL_XN, L2_LARGE_XN);
	case VMSA_KIND_LARGE:
		return L1_TYPE_SECT | (w & (L2_LARGE_B | L2_LARGE_C)) |
		       L1_SECT_TEX(L2_LARGE_TEX_OF(w)) |
		       MOVE(w, L2_LARGE_AP0, L1_SECT_AP0) |
		       MOVE(w, L2_LARGE_AP1, L1_SECT_AP1) |
		       MOVE(w, L2_LARGE_APX, L1_SECT_APX) |
		       MOVE(w, L2_LARGE_S, L1_SECT_S) |
		       MOVE(w, L2_LARGE_nG, L1_SECT_nG) |
		       MOVE(w, L2_LARGE_XN, L1_SECT_XN) |
		       L1_SECT_DOMAIN(L1_TABLE_DOMAIN_OF(l1w)) |
		       MOVE(l1w, L1_TABLE_NS, L1_SECT_NS) |
		       MOVE(l1w, L1_TABLE_PXN, L1_SECT_PXN);
	case VMSA_KIND_SECTION:         /* of domain 0: bits 8:5 are clear */
		return (w & ~L1_SECT_ADDR_MASK) | L1_SECT_SUPER;
	default:
		return 0;
	}
}

/* ---- the one-pass translation (src/fmt/fmt.h) ---------------------------------
 * The L1 word, the second-level table through the engine's pool window
 * (vmsa_pool_window), the L2 word, and the answer straight from those
 * words, without the generic granule (struct gran) in between: what
 * vmsa_translate and vmsa_translate_pa (src/engine/query.c) run inside their
 * lock-free guard. tests/host/test_xlat_agree.c holds it to the generic
 * lookup (vmsa_find, vmsa_lookup in src/engine/engine.c). Reads the L1 table and
 * the pool, writes nothing but the answer.
 */

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
		if (!vmsa_pool_window(t, w & L1_TABLE_ADDR_MASK, false, &l2))
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

/* The format's object (src/fmt/fmt.h). */
const struct vmsa_format vmsa_format_v7 = { .arch = VMSA_FMT_V7 };
