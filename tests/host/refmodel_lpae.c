/*
 * refmodel_lpae.c - the reference model's long-descriptor mode
 * (VMSA_FMT_LPAE): the attribute rules, the greedy split and a walker of
 * the 64-bit tables, written from the ARM ARM DDI 0406C B3.6.1 (figures
 * B3-15 table, B3-16/B3-17 block and page descriptors), B3.6.2 (figure
 * B3-18 attribute fields, table B3-11 SH), B3.7.1 (table B3-9, AP[2:1]),
 * B4.1.104 (MAIR0/MAIR1 attribute bytes), and what vmsa.h and
 * docs/lpae.md say vmsa writes (MAIR0/MAIR1 = VMSA_LPAE_MAIR0/1, AF always
 * set, SH = 11 for shared Normal memory and 10 for Device and
 * Strongly-ordered, no hierarchical bits in table descriptors, no
 * contiguous hint). Like refmodel.c it uses only vmsa.h's public types and
 * constants, never a library function; the bit positions are its own.
 *
 * Geometry (4KB granule, TTBCR.T0SZ = 0, 40-bit output addresses), as the
 * caller's memory holds it for vmsa:
 *
 *   level  index     entries  where                       leaf
 *   1      VA 31:30  4        t->l1 + VMSA_LPAE_L1_OFFSET  (never: tables)
 *   2      VA 29:21  4 x 512  t->l1, 16KB (l1_pa + i*4KB)  2MB block (01)
 *   3      VA 20:12  512      the pool, 4KB units          4KB page (11)
 *
 * Does not cover: the per-page map and its changes (refmodel.c, shared by
 * every format), the Hyp regime.
 */
#include "refmodel.h"

#include <string.h>

/* ---- Descriptor bits (B3.6.1, B3.6.2) ------------------------------------ */
#define D_TYPE        0x3ull            /* bits 1:0 */
#define D_VALID       0x1ull            /* bit 0 clear: fault */
#define D_TYPE_BLOCK  0x1ull            /* levels 1, 2 */
#define D_TYPE_TABLE  0x3ull            /* levels 1, 2 */
#define D_TYPE_PAGE   0x3ull            /* level 3 (01 is reserved) */
#define D_ADDR_TABLE  0x000000fffffff000ull     /* 39:12 */
#define D_ADDR_BLOCK2 0x000000ffffe00000ull     /* 39:21 */
#define D_ADDR_PAGE   0x000000fffffff000ull     /* 39:12 */
#define D_ATTRINDX(w) ((unsigned)((w) >> 2) & 7u)        /* 4:2 */
#define D_NS          (1ull << 5)
#define D_AP(w)       ((unsigned)((w) >> 6) & 3u)        /* AP[2:1], 7:6 */
#define D_SH(w)       ((unsigned)((w) >> 8) & 3u)        /* 9:8 */
#define D_AF          (1ull << 10)
#define D_NG          (1ull << 11)
#define D_CONT        (1ull << 52)
#define D_PXN         (1ull << 53)
#define D_XN          (1ull << 54)
/* Every bit a block or page defines below 55 besides its address: the
 * lower attributes 11:2 and the upper 54:52. Any other bit set (51:40,
 * the address's SBZ bits, the software bits 63:55) is not what vmsa
 * writes. */
#define D_LEAF_ATTRS  (0xffcull | D_CONT | D_PXN | D_XN)

#define SZ_2M 0x200000u
#define SZ_4K 0x1000u

/* ---- Attributes ------------------------------------------------------------ */
/* Normal memory with the MAIR values vmsa.h documents: index 1 (Normal
 * NC: BUFFERABLE and NORMAL_NC), 2 (WT), 3 (WB), 7 (WBWA); index 0 is
 * Strongly-ordered (UNCACHED), 4 Device. DEVICE_NS has no index. */
bool ref_lpae_mt_is_normal(vmsa_attr_t mt)
{
	switch (mt) {
	case VMSA_MT_BUFFERABLE:
	case VMSA_MT_NORMAL_NC:
	case VMSA_MT_WRITETHROUGH:
	case VMSA_MT_WRITEBACK:
	case VMSA_MT_WRITEALLOC:
		return true;
	default:
		return false;
	}
}

unsigned ref_lpae_canonical(vmsa_attr_t a, vmsa_attr_t *out)
{
	unsigned v = 0;
	vmsa_attr_t mt = VMSA_MT(a);

	/* vmsa.h's rules for every format. */
	if (a & ~VMSA_ATTR_VALID_MASK)
		v |= REF_VIOL_INVAL;
	if (mt == 0 || mt > VMSA_MT_NORMAL_NC)
		v |= REF_VIOL_INVAL;
	if (!(a & VMSA_RO) == !(a & VMSA_RW))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_USER) && (a & VMSA_USER_RO))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_USER_RO) && (a & VMSA_RO))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_XN) && (a & VMSA_EXEC))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_SHARED) && mt >= 1 && mt <= 8 &&
	    !ref_lpae_mt_is_normal(mt))
		v |= REF_VIOL_INVAL;
	/* What the long descriptors cannot hold: Device memory is Outer
	 * Shareable whatever SH says (no non-shareable Device), AP[2:1] has
	 * no "privileged RW, user RO" (B3-9), and there are no domains. PXN
	 * always exists. */
	if (mt == VMSA_MT_DEVICE_NS)
		v |= REF_VIOL_UNSUP;
	if (a & VMSA_USER_RO)
		v |= REF_VIOL_UNSUP;
	if (VMSA_ATTR_DOMAIN(a) != 0)
		v |= REF_VIOL_UNSUP;
	if (v)
		return v;

	vmsa_attr_t c = a;
	if (mt == VMSA_MT_NORMAL_NC)    /* one AttrIndx: 1 */
		c = (c & ~VMSA_MT_MASK) | VMSA_MT_BUFFERABLE;
	/* The policy of vmsa.h: XN unless asked for Device/SO memory and
	 * for writable Normal memory; EXEC redundant on read-only Normal. */
	if (ref_lpae_mt_is_normal(mt) && !(a & VMSA_RW))
		c &= ~VMSA_EXEC;
	else if (!(c & VMSA_EXEC))
		c |= VMSA_XN;
	if (out)
		*out = c;
	return 0;
}

/* ---- Greedy split ------------------------------------------------------------ */
uint32_t ref_lpae_granule(uint64_t va, uint64_t pa, uint64_t remaining)
{
	if (va % SZ_2M == 0 && pa % SZ_2M == 0 && remaining >= SZ_2M)
		return SZ_2M;
	if (va % SZ_4K == 0 && pa % SZ_4K == 0 && remaining >= SZ_4K)
		return SZ_4K;
	return 0;
}

/* ---- Walker ------------------------------------------------------------------- */

/* The memory type of MAIR attribute byte b (B4.1.104), as a vmsa type:
 * 0000 0000 Strongly-ordered, 0000 0100 Device; otherwise Normal with
 * outer (7:4) and inner (3:0) policies: 0100 non-cacheable, 10RW
 * write-through, 11RW write-back (R, W: allocation hints). vmsa uses
 * the same policy inside and outside. 0 for anything else. */
static vmsa_attr_t mair_type(unsigned b)
{
	unsigned outer = b >> 4, inner = b & 0xfu;

	if (outer == 0)
		return inner == 0 ? VMSA_MT_UNCACHED :
		       inner == 4 ? VMSA_MT_DEVICE : 0;
	if (outer != inner)
		return 0;
	switch (inner) {
	case 0x4: return VMSA_MT_BUFFERABLE;      /* Normal NC */
	case 0xa: return VMSA_MT_WRITETHROUGH;    /* WT, read-allocate */
	case 0xe: return VMSA_MT_WRITEBACK;       /* WB, read-allocate */
	case 0xf: return VMSA_MT_WRITEALLOC;      /* WB, read+write-alloc */
	default: return 0;
	}
}

/* A block (level 2) or page (level 3) word: attributes, as vmsa.h's
 * canonical form. REF_WALK_RESERVED for a word vmsa never writes. */
static int leaf_attrs(uint64_t w, int level, vmsa_attr_t *out)
{
	uint64_t addr = level == 2 ? D_ADDR_BLOCK2 : D_ADDR_PAGE;
	unsigned idx = D_ATTRINDX(w), sh = D_SH(w);
	vmsa_attr_t mt, a;
	bool normal;

	if (w & ~(addr | D_LEAF_ATTRS | D_TYPE))
		return REF_WALK_RESERVED;       /* SBZ, 51:40, 63:55 */
	if (!(w & D_AF) || (w & D_CONT))
		return REF_WALK_RESERVED;       /* AF always set, no hint */
	/* AttrIndx 5 and 6 hold 0x00 (Strongly-ordered) but vmsa never
	 * uses them: index 0 is its Strongly-ordered. */
	if (idx == 5 || idx == 6)
		return REF_WALK_RESERVED;
	mt = mair_type(((idx < 4 ? VMSA_LPAE_MAIR0 : VMSA_LPAE_MAIR1) >>
	                (8u * (idx & 3u))) & 0xffu);
	if (!mt)
		return REF_WALK_RESERVED;
	normal = ref_lpae_mt_is_normal(mt);
	/* SH (B3-11): 00 non-shareable, 10 outer, 11 inner, 01
	 * UNPREDICTABLE. vmsa: Normal 00 or 11 (VMSA_SHARED), Device and
	 * Strongly-ordered 10 (outer shareable whatever the field). */
	if (normal ? (sh != 0 && sh != 3) : sh != 2)
		return REF_WALK_RESERVED;
	/* AP[2:1] (B3-9): 00 PL1 RW, 01 RW both, 10 PL1 RO, 11 RO both. */
	a = mt | ((D_AP(w) & 2u) ? VMSA_RO : VMSA_RW) |
	    ((D_AP(w) & 1u) ? VMSA_USER : 0);
	if (normal && sh == 3)
		a |= VMSA_SHARED;
	if (w & D_XN)
		a |= VMSA_XN;
	else if (!normal || (a & VMSA_RW))
		a |= VMSA_EXEC;         /* executable because asked */
	if (w & D_PXN)
		a |= VMSA_PXN;
	if (w & D_NG)
		a |= VMSA_NG;
	if (w & D_NS)
		a |= VMSA_NS;
	*out = a;
	return REF_WALK_OK;
}

/* The 4KB table at physical address pa: one of the four level-2 tables
 * in t->l1 (lvl2) or a level-3 table in the pool; NULL if not there. */
static const uint64_t *table_at(const struct vmsa_table *t, uint64_t pa,
                                bool lvl2)
{
	const uint8_t *base;
	uint64_t lo, bytes;

	if (lvl2) {
		base = (const uint8_t *)t->l1;
		lo = t->l1_pa.p;
		bytes = 0x4000u;
	} else {
		base = t->pool;
		lo = t->pool_pa.p;
		bytes = (uint64_t)t->pool_units * SZ_4K;
	}
	if (!base || pa < lo || pa - lo >= bytes || bytes - (pa - lo) < SZ_4K)
		return NULL;
	return (const uint64_t *)(const void *)(base + (pa - lo));
}

int ref_lpae_walk(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x)
{
	const uint64_t *l1 = (const uint64_t *)(const void *)
	                     ((const uint8_t *)t->l1 + VMSA_LPAE_L1_OFFSET);
	const uint64_t *tab;
	uint64_t w1 = l1[va >> 30], w;
	vmsa_attr_t a;
	int rc;

	memset(x, 0, sizeof(*x));
	/* Level 1: the table descriptors vmsa_init wrote, level-2 table i
	 * at l1_pa + i * 4KB, without hierarchical bits. */
	x->level = 1;
	if (w1 != ((t->l1_pa.p + (uint64_t)(va >> 30) * SZ_4K) | D_TYPE_TABLE))
		return REF_WALK_RESERVED;
	tab = table_at(t, w1 & D_ADDR_TABLE, true);
	if (!tab)
		return REF_WALK_BAD;
	w = tab[(va >> 21) & 0x1ffu];
	x->level = 2;
	x->lw2 = w;
	x->l1_word = (uint32_t)w;
	if (!(w & D_VALID))
		return REF_WALK_FAULT;
	if ((w & D_TYPE) == D_TYPE_TABLE) {
		/* A table descriptor: its address and type only (vmsa sets
		 * no NSTable, APTable, XNTable, PXNTable, no ignored bit). */
		if (w & ~(D_ADDR_TABLE | D_TYPE))
			return REF_WALK_RESERVED;
		tab = table_at(t, w & D_ADDR_TABLE, false);
		if (!tab)
			return REF_WALK_BAD;
		w = tab[(va >> 12) & 0x1ffu];
		x->level = 3;
		x->lw3 = w;
		x->l2_word = (uint32_t)w;
		if (!(w & D_VALID))
			return REF_WALK_FAULT;
		if ((w & D_TYPE) != D_TYPE_PAGE)
			return REF_WALK_RESERVED;       /* 01 at level 3 */
		rc = leaf_attrs(w, 3, &a);
		if (rc)
			return rc;
		x->kind = VMSA_KIND_SMALL;
		x->pa = (w & D_ADDR_PAGE) | (va & (SZ_4K - 1));
	} else {
		rc = leaf_attrs(w, 2, &a);
		if (rc)
			return rc;
		x->kind = VMSA_KIND_BLOCK;
		x->pa = (w & D_ADDR_BLOCK2) | (va & (SZ_2M - 1));
	}
	x->attrs = a;
	return REF_WALK_OK;
}
