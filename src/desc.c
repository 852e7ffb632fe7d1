/*
 * desc.c - layer 1: descriptor encoding and decoding, and the one place
 * where abstract attributes (vmsa_attr_t) become descriptor bits.
 *
 * Pure functions: no globals, no CP15, no table memory. What it covers:
 * attribute canonicalisation and policy, L1 and L2 descriptors of the
 * ARMv7 short-descriptor format (direct and TEX remap) and of the ARMv5
 * MMU. What it does not: where descriptors are written, replication of
 * supersections and large pages, maintenance (src/table.c).
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.5.1 (descriptor formats),
 * B3.7.1 (AP), B3.8.2 (TEX/C/B, table B3-10), B3.8.3 (TEX remap);
 * ARM926EJ-S TRM (DDI 0198E) 3.2 and ARM ARM (DDI 0100I) B4.3 for ARMv5.
 */
#include "vmsa/desc.h"
#include "vmsa/hwdef.h"
#include "tmpl.h"

/* Hardware-independent view of the bits an attribute set needs; filled by
 * attr_to_bits, read by attr_from_bits. Every format-specific choice lives
 * in those two functions. */
struct hwattr {
	uint32_t tex, c, b;   /* TEX[2:0], C, B (or remap index bits) */
	uint32_t ap;          /* v7: APX:AP[1:0]; v5: AP[1:0] */
	uint32_t s, ng, xn, pxn, ns, domain;
};

int vmsa_fmt_check(vmsa_fmt_t fmt)
{
	switch (fmt & VMSA_FMT_ARCH_MASK) {
	case VMSA_FMT_V7:
		if (fmt & ~(VMSA_FMT_ARCH_MASK | VMSA_FMT_TEX_REMAP | VMSA_FMT_PXN))
			return VMSA_ERR_INVAL;
		return VMSA_OK;
	case VMSA_FMT_V5:
		if (fmt & ~VMSA_FMT_ARCH_MASK)
			return VMSA_ERR_INVAL;
		return VMSA_OK;
	default:
		return VMSA_ERR_INVAL;
	}
}

static bool is_v5(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

static bool is_remap(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_TEX_REMAP) != 0;
}

/* Device and Strongly-ordered types of a canonical attribute word: the
 * ones the never-executable policy covers and S does not apply to. */
static bool mt_is_device(vmsa_attr_t mt)
{
	return mt == VMSA_MT_UNCACHED || mt == VMSA_MT_DEVICE ||
	       mt == VMSA_MT_DEVICE_NS;
}

int vmsa_attr_canonical(vmsa_fmt_t fmt, vmsa_attr_t a, vmsa_attr_t *out)
{
	vmsa_attr_t mt;

	if (out == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (a & ~VMSA_ATTR_VALID_MASK)
		return VMSA_ERR_INVAL;
	mt = VMSA_MT(a);
	if (mt == 0 || mt > VMSA_MT_NORMAL_NC)
		return VMSA_ERR_INVAL;
	if (!(a & VMSA_RO) == !(a & VMSA_RW))
		return VMSA_ERR_INVAL;          /* exactly one of RO, RW */
	if ((a & VMSA_USER) && (a & VMSA_USER_RO))
		return VMSA_ERR_INVAL;
	if ((a & VMSA_USER_RO) && (a & VMSA_RO))
		return VMSA_ERR_INVAL;          /* say RO | USER */
	if ((a & VMSA_XN) && (a & VMSA_EXEC))
		return VMSA_ERR_INVAL;

	if (is_v5(fmt)) {
		/* ARMv5: four C/B types, AP without read-only privileged
		 * encodings (they need SCTLR.S/R), no XN, PXN, nG, S, NS. */
		if (mt > VMSA_MT_WRITEBACK)
			return VMSA_ERR_UNSUPPORTED;
		if (a & (VMSA_RO | VMSA_XN | VMSA_PXN | VMSA_NG | VMSA_SHARED |
		         VMSA_NS))
			return VMSA_ERR_UNSUPPORTED;
		/* Everything mapped is executable: EXEC asks for nothing more,
		 * and the execute-never defaults below cannot apply. They are
		 * not the caller's request, so they do not fail the call; an
		 * explicit VMSA_XN did (above). */
		*out = a & ~VMSA_EXEC;
		return VMSA_OK;
	}

	if ((a & VMSA_PXN) && !(fmt & VMSA_FMT_PXN))
		return VMSA_ERR_UNSUPPORTED;
	/* Fold the aliases of this format (table in vmsa.h). */
	if (is_remap(fmt)) {
		if (mt == VMSA_MT_NORMAL_NC)
			mt = VMSA_MT_BUFFERABLE;
	} else if (mt == VMSA_MT_BUFFERABLE) {
		mt = VMSA_MT_DEVICE;    /* TEX=000 C=0 B=1 is Shareable Device */
	}
	if ((a & VMSA_SHARED) && mt_is_device(mt))
		return VMSA_ERR_INVAL;  /* S applies to Normal memory only */
	a = (a & ~VMSA_MT_MASK) | mt;

	/* The policy, the one place it is applied (every encoder and the
	 * engine canonicalise through here):
	 *  - Device and Strongly-ordered memory is execute-never unless the
	 *    caller said VMSA_EXEC;
	 *  - privileged-writable (VMSA_RW) Normal memory is execute-never
	 *    unless the caller said VMSA_EXEC (Trusted Firmware-A's rule:
	 *    RW memory is XN), so W^X holds by default;
	 *  - read-only Normal memory without VMSA_XN stays executable (code),
	 *    and VMSA_EXEC asks for nothing more there.
	 * ARMv5 returned above: it has no XN, so these defaults cannot be
	 * expressed there and are not applied (an explicit VMSA_XN is
	 * VMSA_ERR_UNSUPPORTED). */
	if (mt_is_device(mt) || (a & VMSA_RW)) {
		if (!(a & VMSA_EXEC))
			a |= VMSA_XN;
	} else {
		a &= ~VMSA_EXEC;
	}
	*out = a;
	return VMSA_OK;
}

/* ---- attributes <-> bits: the one mapping ------------------------------ */

/*
 * ARMv7 AP[2:0] (B3.7.1, table B3-8, SCTLR.AFE = 0) and ARMv5 AP[1:0]
 * (S = R = 0):
 *
 *   access                  APX:AP  v5 AP
 *   priv RW, user none      0:01    01
 *   priv RW, user RO        0:10    10
 *   priv RW, user RW        0:11    11
 *   priv RO, user none      1:01    -
 *   priv RO, user RO        1:11    -      (1:10 decodes the same)
 */
static uint32_t ap_encode(vmsa_attr_t a)
{
	uint32_t ap;

	if (a & VMSA_USER)
		ap = 3;
	else if (a & VMSA_USER_RO)
		ap = 2;
	else
		ap = 1;
	if (a & VMSA_RO)
		ap |= 4;        /* APX */
	return ap;
}

static int ap_decode(uint32_t ap, vmsa_attr_t *a)
{
	switch (ap) {
	case 1: *a |= VMSA_RW; return VMSA_OK;
	case 2: *a |= VMSA_RW | VMSA_USER_RO; return VMSA_OK;
	case 3: *a |= VMSA_RW | VMSA_USER; return VMSA_OK;
	case 5: *a |= VMSA_RO; return VMSA_OK;
	case 6: /* fall through: deprecated encoding of priv RO, user RO */
	case 7: *a |= VMSA_RO | VMSA_USER; return VMSA_OK;
	default: return VMSA_ERR_UNSUPPORTED;  /* no access, reserved */
	}
}

/*
 * Memory type to TEX/C/B.
 *
 * ARMv7, TRE = 0 (B3.8.2, table B3-10):   ARMv7, TRE = 1 (Linux PRRR/NMRR):
 *   type          TEX C B                  type          TEX[0] C B  S
 *   UNCACHED      000 0 0  SO              UNCACHED      0 0 0
 *   DEVICE        000 0 1  Shared Device   BUFFERABLE    0 0 1  (Normal NC)
 *   WRITETHROUGH  000 1 0  WT no WA        WRITETHROUGH  0 1 0
 *   WRITEBACK     000 1 1  WB no WA        WRITEBACK     0 1 1
 *   NORMAL_NC     001 0 0  Normal NC       DEVICE        1 0 0       1
 *   WRITEALLOC    001 1 1  WB WA           DEVICE_NS     1 0 0       0
 *   DEVICE_NS     010 0 0  NS Device       WRITEALLOC    1 1 1
 *
 * ARMv5: C and B only (UNCACHED .. WRITEBACK).
 */
static void mt_encode(vmsa_fmt_t fmt, vmsa_attr_t mt, struct hwattr *h)
{
	static const uint8_t direct[] = {
		/* TEX << 2 | C << 1 | B, indexed by VMSA_MT_* */
		[VMSA_MT_UNCACHED] = 0x0, [VMSA_MT_BUFFERABLE] = 0x1,
		[VMSA_MT_WRITETHROUGH] = 0x2, [VMSA_MT_WRITEBACK] = 0x3,
		[VMSA_MT_WRITEALLOC] = 0x7, [VMSA_MT_DEVICE] = 0x1,
		[VMSA_MT_DEVICE_NS] = 0x8, [VMSA_MT_NORMAL_NC] = 0x4,
	};
	static const uint8_t remap[] = {
		/* TEX[0] << 2 | C << 1 | B: the PRRR/NMRR index */
		[VMSA_MT_UNCACHED] = 0, [VMSA_MT_BUFFERABLE] = 1,
		[VMSA_MT_WRITETHROUGH] = 2, [VMSA_MT_WRITEBACK] = 3,
		[VMSA_MT_WRITEALLOC] = 7, [VMSA_MT_DEVICE] = 4,
		[VMSA_MT_DEVICE_NS] = 4, [VMSA_MT_NORMAL_NC] = 1,
	};
	uint32_t v = is_remap(fmt) ? remap[mt] : direct[mt];

	h->tex = v >> 2;
	h->c = (v >> 1) & 1;
	h->b = v & 1;
	/* With remap, Device shareability is the S bit (PRRR.DS1 = 1). */
	if (is_remap(fmt) && mt == VMSA_MT_DEVICE)
		h->s = 1;
}

static int mt_decode(vmsa_fmt_t fmt, const struct hwattr *h, vmsa_attr_t *a)
{
	uint32_t v = h->tex << 2 | h->c << 1 | h->b;
	vmsa_attr_t mt;

	if (is_v5(fmt)) {
		*a |= VMSA_MT_UNCACHED + (v & 3);
		return VMSA_OK;
	}
	if (is_remap(fmt)) {
		/* TEX[2:1] are ignored by the MMU with TRE = 1. */
		switch (v & 7) {
		case 1: mt = VMSA_MT_BUFFERABLE; break;
		case 2: mt = VMSA_MT_WRITETHROUGH; break;
		case 3: mt = VMSA_MT_WRITEBACK; break;
		case 4: mt = h->s ? VMSA_MT_DEVICE : VMSA_MT_DEVICE_NS; break;
		case 7: mt = VMSA_MT_WRITEALLOC; break;
		default: mt = VMSA_MT_UNCACHED; break;  /* 0, 5, 6: SO */
		}
	} else {
		switch (v) {
		case 0x0: mt = VMSA_MT_UNCACHED; break;
		case 0x1: mt = VMSA_MT_DEVICE; break;
		case 0x2: mt = VMSA_MT_WRITETHROUGH; break;
		case 0x3: mt = VMSA_MT_WRITEBACK; break;
		case 0x4: mt = VMSA_MT_NORMAL_NC; break;
		case 0x7: mt = VMSA_MT_WRITEALLOC; break;
		case 0x8: mt = VMSA_MT_DEVICE_NS; break;
		default: return VMSA_ERR_UNSUPPORTED; /* inner/outer split,
		                                         reserved, IMP DEF */
		}
	}
	*a |= mt;
	return VMSA_OK;
}

/* Attributes to hardware fields; *canon receives the canonical form. */
static int attr_to_bits(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct hwattr *h,
                        vmsa_attr_t *canon)
{
	vmsa_attr_t a;
	int err = vmsa_attr_canonical(fmt, attrs, &a);

	if (err != VMSA_OK)
		return err;
	*canon = a;
	*h = (struct hwattr){ 0 };
	mt_encode(fmt, VMSA_MT(a), h);
	h->ap = ap_encode(a);
	h->s |= (a & VMSA_SHARED) ? 1 : 0;
	h->ng = (a & VMSA_NG) ? 1 : 0;
	h->xn = (a & VMSA_XN) ? 1 : 0;
	h->pxn = (a & VMSA_PXN) ? 1 : 0;
	h->ns = (a & VMSA_NS) ? 1 : 0;
	h->domain = VMSA_ATTR_DOMAIN(a);
	return VMSA_OK;
}

/* Hardware fields to canonical attributes. */
static int attr_from_bits(vmsa_fmt_t fmt, const struct hwattr *h,
                          vmsa_attr_t *out)
{
	vmsa_attr_t a = 0;
	int err = mt_decode(fmt, h, &a);

	if (err == VMSA_OK)
		err = ap_decode(h->ap, &a);
	if (err != VMSA_OK)
		return err;
	if (h->s && !mt_is_device(VMSA_MT(a)))
		a |= VMSA_SHARED;       /* S is ignored for Device and SO */
	if (h->ng)
		a |= VMSA_NG;
	if (h->xn)
		a |= VMSA_XN;
	else if ((mt_is_device(VMSA_MT(a)) || (a & VMSA_RW)) && !is_v5(fmt))
		a |= VMSA_EXEC;         /* the caller asked for an exception */
	if (h->pxn)
		a |= VMSA_PXN;
	if (h->ns)
		a |= VMSA_NS;
	a |= VMSA_DOMAIN(h->domain);
	*out = a;
	return VMSA_OK;
}

/* The same mapping as mt_decode / ap_decode / attr_from_bits for ARMv7,
 * as tables: the hot path of vmsa_translate. 0: no abstract form. */
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
	static const uint8_t ap_v7[8] = {
		[1] = VMSA_RW, [2] = VMSA_RW | VMSA_USER_RO,
		[3] = VMSA_RW | VMSA_USER, [5] = VMSA_RO,
		[6] = VMSA_RO | VMSA_USER, [7] = VMSA_RO | VMSA_USER,
	};
	uint32_t mt = is_remap(fmt) ? mt_remap[(tcb & 7u) | (s << 3)] :
	                              mt_direct[tcb & 31u];
	uint32_t acc = ap_v7[ap & 7u];
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
 * One function per format lays out the fields of every kind; the encoders
 * below OR an address into these words, and the engine does the same.
 */
static void tmpl_v7(const struct hwattr *h, struct vmsa_tmpl *tm)
{
	uint32_t ap0 = h->ap & 1, ap1 = (h->ap >> 1) & 1, apx = h->ap >> 2;

	/* B3.5.1, figure B3-4: section and supersection. */
	tm->sect = L1_TYPE_SECT | (h->pxn ? L1_SECT_PXN : 0) |
	           (h->b ? L1_SECT_B : 0) | (h->c ? L1_SECT_C : 0) |
	           (h->xn ? L1_SECT_XN : 0) | L1_SECT_TEX(h->tex) |
	           (ap0 ? L1_SECT_AP0 : 0) | (ap1 ? L1_SECT_AP1 : 0) |
	           (apx ? L1_SECT_APX : 0) | (h->s ? L1_SECT_S : 0) |
	           (h->ng ? L1_SECT_nG : 0) | (h->ns ? L1_SECT_NS : 0);
	tm->super_ok = h->domain == 0;
	tm->super = tm->super_ok ? tm->sect | L1_SECT_SUPER : 0;
	tm->sect |= L1_SECT_DOMAIN(h->domain);
	/* Figure B3-4: page table. */
	tm->table = L1_TYPE_TABLE | (h->pxn ? L1_TABLE_PXN : 0) |
	            (h->ns ? L1_TABLE_NS : 0) | L1_TABLE_DOMAIN(h->domain);
	/* Figure B3-5: large and small pages. */
	tm->large = L2_TYPE_LARGE | (h->b ? L2_LARGE_B : 0) |
	            (h->c ? L2_LARGE_C : 0) | (ap0 ? L2_LARGE_AP0 : 0) |
	            (ap1 ? L2_LARGE_AP1 : 0) | (apx ? L2_LARGE_APX : 0) |
	            (h->s ? L2_LARGE_S : 0) | (h->ng ? L2_LARGE_nG : 0) |
	            L2_LARGE_TEX(h->tex) | (h->xn ? L2_LARGE_XN : 0);
	tm->small = L2_TYPE_SMALL | (h->xn ? L2_SMALL_XN : 0) |
	            (h->b ? L2_SMALL_B : 0) | (h->c ? L2_SMALL_C : 0) |
	            (ap0 ? L2_SMALL_AP0 : 0) | (ap1 ? L2_SMALL_AP1 : 0) |
	            L2_SMALL_TEX(h->tex) | (apx ? L2_SMALL_APX : 0) |
	            (h->s ? L2_SMALL_S : 0) | (h->ng ? L2_SMALL_nG : 0);
	tm->tiny = 0;
}

static void tmpl_v5(const struct hwattr *h, struct vmsa_tmpl *tm)
{
	uint32_t cb = (h->c ? V5_L2_C : 0) | (h->b ? V5_L2_B : 0);
	uint32_t ap4 = V5_L2_AP0(h->ap) | V5_L2_AP1(h->ap) | V5_L2_AP2(h->ap) |
	               V5_L2_AP3(h->ap);

	/* ARM926EJ-S TRM 3.2: bit 4 of L1 descriptors should be one. */
	tm->sect = V5_L1_TYPE_SECT | V5_L1_BIT4 | cb |
	           L1_SECT_DOMAIN(h->domain) | V5_L1_SECT_AP(h->ap);
	tm->super_ok = false;
	tm->super = 0;
	tm->table = V5_L1_TYPE_COARSE | V5_L1_BIT4 |
	            L1_TABLE_DOMAIN(h->domain);
	tm->large = V5_L2_TYPE_LARGE | cb | ap4;
	tm->small = V5_L2_TYPE_SMALL | cb | ap4;
	tm->tiny = V5_L2_TYPE_TINY | cb | V5_L2_TINY_AP(h->ap);
}

/*
 * ARMv7 templates straight from canonical attributes: the same words as
 * attr_to_bits + tmpl_v7 (the round-trip tests compare them through the
 * encoders), without the intermediate struct. This is on every map call.
 * L2 pages share B, C, AP[1:0], APX, S and nG positions; the section
 * has them six bits higher except B and C.
 */
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
 * ARMv7 templates straight from canonical attributes, by table: the same
 * words as attr_to_bits + tmpl_v7 (mt_encode and ap_encode tabulated; the
 * round-trip tests compare them through the encoders). This is on every
 * map call.
 */
static void tmpl_v7_direct(vmsa_fmt_t fmt, vmsa_attr_t a, struct vmsa_tmpl *tm)
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
	const struct tmpl_bits *m = &mt_bits[is_remap(fmt) ? 1 : 0][VMSA_MT(a)];
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

int vmsa_desc_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct vmsa_tmpl *tm)
{
	struct hwattr h;
	int err;

	if (!is_v5(fmt)) {
		err = vmsa_attr_canonical(fmt, attrs, &tm->attrs);
		if (err != VMSA_OK)
			return err;
		tmpl_v7_direct(fmt, tm->attrs, tm);
		tm->tattrs = tm->attrs & VMSA_TABLE_ATTRS;
		return VMSA_OK;
	}
	err = attr_to_bits(fmt, attrs, &h, &tm->attrs);
	if (err != VMSA_OK)
		return err;
	tmpl_v5(&h, tm);
	tm->tattrs = tm->attrs & VMSA_TABLE_ATTRS;
	return VMSA_OK;
}

/* ---- first level ------------------------------------------------------- */

int vmsa_l1_encode(vmsa_fmt_t fmt, const struct vmsa_desc *d, uint32_t *word)
{
	struct vmsa_tmpl tm;
	uint64_t pa;
	int err;

	if (d == NULL || word == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	pa = d->pa.p;

	switch (d->type) {
	case VMSA_DESC_FAULT:
		*word = 0;
		return VMSA_OK;

	case VMSA_DESC_TABLE:
	case VMSA_DESC_FINE_TABLE: {
		struct hwattr h = { 0 };

		if (d->attrs & ~VMSA_TABLE_ATTRS)
			return VMSA_ERR_INVAL;
		if (d->type == VMSA_DESC_FINE_TABLE && !is_v5(fmt))
			return VMSA_ERR_UNSUPPORTED;
		if (is_v5(fmt) && (d->attrs & (VMSA_NS | VMSA_PXN)))
			return VMSA_ERR_UNSUPPORTED;
		if ((d->attrs & VMSA_PXN) && !(fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;
		if (pa & ((d->type == VMSA_DESC_TABLE ? VMSA_L2_BYTES :
		           VMSA_L2_FINE_BYTES) - 1))
			return VMSA_ERR_ALIGN;
		if (pa >= VMSA_VA_SPAN)
			return VMSA_ERR_RANGE;
		h.domain = VMSA_ATTR_DOMAIN(d->attrs);
		h.ns = (d->attrs & VMSA_NS) ? 1 : 0;
		h.pxn = (d->attrs & VMSA_PXN) ? 1 : 0;
		if (is_v5(fmt))
			tmpl_v5(&h, &tm);
		else
			tmpl_v7(&h, &tm);
		*word = vmsa_tmpl_table(tm.table,
		                        d->type == VMSA_DESC_FINE_TABLE, pa);
		return VMSA_OK;
	}

	case VMSA_DESC_SECTION:
	case VMSA_DESC_SUPERSECTION:
		err = vmsa_desc_tmpl(fmt, d->attrs, &tm);
		if (err != VMSA_OK)
			return err;
		if (d->type == VMSA_DESC_SUPERSECTION) {
			if (!tm.super_ok)
				return VMSA_ERR_UNSUPPORTED;
			if (pa & (VMSA_SZ_SUPERSECTION - 1))
				return VMSA_ERR_ALIGN;
			if (pa >= VMSA_PA_MAX)
				return VMSA_ERR_RANGE;
			*word = vmsa_tmpl_super(tm.super, pa);
			return VMSA_OK;
		}
		if (pa & (VMSA_SZ_SECTION - 1))
			return VMSA_ERR_ALIGN;
		if (pa >= VMSA_VA_SPAN)
			return VMSA_ERR_RANGE;
		*word = tm.sect | (uint32_t)pa;
		return VMSA_OK;

	default:
		return VMSA_ERR_INVAL;
	}
}

int vmsa_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d)
{
	struct hwattr h = { 0 };
	int err;

	if (d == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	*d = (struct vmsa_desc){ .type = VMSA_DESC_FAULT };

	if (is_v5(fmt)) {
		switch (w & L1_TYPE_MASK) {
		case L1_TYPE_FAULT:
			return VMSA_OK;
		case V5_L1_TYPE_COARSE:
		case V5_L1_TYPE_FINE: {
			bool fine = (w & L1_TYPE_MASK) == V5_L1_TYPE_FINE;
			d->type = fine ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE;
			d->pa.p = w & (fine ? V5_L1_FINE_ADDR_MASK :
			                      V5_L1_COARSE_ADDR_MASK);
			d->attrs = VMSA_DOMAIN(L1_TABLE_DOMAIN_OF(w));
			return VMSA_OK;
		}
		default:        /* section */
			h.b = (w & L1_SECT_B) ? 1 : 0;
			h.c = (w & L1_SECT_C) ? 1 : 0;
			h.ap = V5_L1_SECT_AP_OF(w);
			h.domain = L1_SECT_DOMAIN_OF(w);
			err = attr_from_bits(fmt, &h, &d->attrs);
			if (err != VMSA_OK)
				return err;
			d->type = VMSA_DESC_SECTION;
			d->pa.p = w & L1_SECT_ADDR_MASK;
			return VMSA_OK;
		}
	}

	switch (w & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		return VMSA_OK;
	case L1_TYPE_TABLE:
		d->type = VMSA_DESC_TABLE;
		d->pa.p = w & L1_TABLE_ADDR_MASK;
		d->attrs = VMSA_DOMAIN(L1_TABLE_DOMAIN_OF(w)) |
		           ((w & L1_TABLE_NS) ? VMSA_NS : 0);
		if ((fmt & VMSA_FMT_PXN) && (w & L1_TABLE_PXN))
			d->attrs |= VMSA_PXN;
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
	h.ap = ((w & L1_SECT_AP0) ? 1 : 0) | ((w & L1_SECT_AP1) ? 2 : 0) |
	       ((w & L1_SECT_APX) ? 4 : 0);
	h.s = (w & L1_SECT_S) ? 1 : 0;
	h.ng = (w & L1_SECT_nG) ? 1 : 0;
	h.ns = (w & L1_SECT_NS) ? 1 : 0;
	if (w & L1_SECT_SUPER) {
		d->pa.p = (uint64_t)(w & L1_SUPER_ADDR_MASK) |
		          (uint64_t)L1_SUPER_PA35_32_OF(w) << 32 |
		          (uint64_t)L1_SUPER_PA39_36_OF(w) << 36;
		h.domain = 0;
	} else {
		d->pa.p = w & L1_SECT_ADDR_MASK;
		h.domain = L1_SECT_DOMAIN_OF(w);
	}
	err = attr_from_bits(fmt, &h, &d->attrs);
	if (err != VMSA_OK) {
		d->pa.p = 0;
		return err;
	}
	d->type = (w & L1_SECT_SUPER) ? VMSA_DESC_SUPERSECTION :
	                                VMSA_DESC_SECTION;
	return VMSA_OK;
}

/* ---- second level ------------------------------------------------------ */

int vmsa_l2_encode(vmsa_fmt_t fmt, bool fine, const struct vmsa_desc *d,
                   uint32_t *word)
{
	struct vmsa_tmpl tm;
	uint32_t size;
	int err;

	if (d == NULL || word == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (fine && !is_v5(fmt))
		return VMSA_ERR_UNSUPPORTED;
	switch (d->type) {
	case VMSA_DESC_FAULT:
		*word = 0;
		return VMSA_OK;
	case VMSA_DESC_LARGE: size = VMSA_SZ_LARGE; break;
	case VMSA_DESC_SMALL: size = VMSA_SZ_SMALL; break;
	case VMSA_DESC_TINY: size = VMSA_SZ_TINY; break;
	default: return VMSA_ERR_INVAL;
	}
	/* Domain, NS and PXN of pages live in the L1 table descriptor. */
	if (d->attrs & VMSA_TABLE_ATTRS)
		return VMSA_ERR_INVAL;
	if (d->type == VMSA_DESC_TINY && !(is_v5(fmt) && fine))
		return VMSA_ERR_UNSUPPORTED;
	err = vmsa_desc_tmpl(fmt, d->attrs, &tm);
	if (err != VMSA_OK)
		return err;
	if (d->pa.p & (size - 1))
		return VMSA_ERR_ALIGN;
	if (d->pa.p >= VMSA_VA_SPAN)
		return VMSA_ERR_RANGE;
	*word = (uint32_t)d->pa.p | (d->type == VMSA_DESC_LARGE ? tm.large :
	        d->type == VMSA_DESC_SMALL ? tm.small : tm.tiny);
	return VMSA_OK;
}

int vmsa_l2_decode(vmsa_fmt_t fmt, bool fine, uint32_t w, struct vmsa_desc *d)
{
	struct hwattr h = { 0 };
	enum vmsa_desc_type type;
	uint32_t mask;
	int err;

	if (d == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	*d = (struct vmsa_desc){ .type = VMSA_DESC_FAULT };
	if (fine && !is_v5(fmt))
		return VMSA_ERR_UNSUPPORTED;

	if (is_v5(fmt)) {
		switch (w & L2_TYPE_MASK) {
		case L2_TYPE_FAULT:
			return VMSA_OK;
		case V5_L2_TYPE_LARGE:
			type = VMSA_DESC_LARGE;
			mask = L2_LARGE_ADDR_MASK;
			break;
		case V5_L2_TYPE_SMALL:
			type = VMSA_DESC_SMALL;
			mask = L2_SMALL_ADDR_MASK;
			break;
		default:
			if (!fine)
				return VMSA_ERR_UNSUPPORTED; /* faults, B4.7 */
			type = VMSA_DESC_TINY;
			mask = V5_L2_TINY_ADDR_MASK;
			break;
		}
		h.b = (w & V5_L2_B) ? 1 : 0;
		h.c = (w & V5_L2_C) ? 1 : 0;
		h.ap = V5_L2_AP_OF(w);
		/* Subpages with different AP have no abstract form. */
		if (type != VMSA_DESC_TINY &&
		    ((w >> 4) & 0xff) != h.ap * 0x55u)
			return VMSA_ERR_UNSUPPORTED;
	} else {
		switch (w & L2_TYPE_MASK) {
		case L2_TYPE_FAULT:
			return VMSA_OK;
		case L2_TYPE_LARGE:
			type = VMSA_DESC_LARGE;
			mask = L2_LARGE_ADDR_MASK;
			h.b = (w & L2_LARGE_B) ? 1 : 0;
			h.c = (w & L2_LARGE_C) ? 1 : 0;
			h.tex = L2_LARGE_TEX_OF(w);
			h.xn = (w & L2_LARGE_XN) ? 1 : 0;
			h.ap = ((w & L2_LARGE_AP0) ? 1 : 0) |
			       ((w & L2_LARGE_AP1) ? 2 : 0) |
			       ((w & L2_LARGE_APX) ? 4 : 0);
			h.s = (w & L2_LARGE_S) ? 1 : 0;
			h.ng = (w & L2_LARGE_nG) ? 1 : 0;
			break;
		default:        /* 1x: small page, bit 0 is XN */
			type = VMSA_DESC_SMALL;
			mask = L2_SMALL_ADDR_MASK;
			h.b = (w & L2_SMALL_B) ? 1 : 0;
			h.c = (w & L2_SMALL_C) ? 1 : 0;
			h.tex = L2_SMALL_TEX_OF(w);
			h.xn = (w & L2_SMALL_XN) ? 1 : 0;
			h.ap = ((w & L2_SMALL_AP0) ? 1 : 0) |
			       ((w & L2_SMALL_AP1) ? 2 : 0) |
			       ((w & L2_SMALL_APX) ? 4 : 0);
			h.s = (w & L2_SMALL_S) ? 1 : 0;
			h.ng = (w & L2_SMALL_nG) ? 1 : 0;
			break;
		}
	}
	err = attr_from_bits(fmt, &h, &d->attrs);
	if (err != VMSA_OK) {
		d->attrs = 0;
		return err;
	}
	d->type = type;
	d->pa.p = w & mask;
	return VMSA_OK;
}

void vmsa_desc_bits(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                    struct vmsa_bits *b)
{
	struct vmsa_desc d;

	*b = (struct vmsa_bits){ 0 };
	/* No format, no fields (and d below is only written for a valid
	 * format: vmsa_l1_decode returns INVAL without touching it). */
	if (vmsa_fmt_check(fmt) != VMSA_OK)
		return;
	if (level == 1) {
		if (vmsa_l1_decode(fmt, w, &d) != VMSA_OK &&
		    !(!is_v5(fmt) && (w & L1_TYPE_MASK) == L1_TYPE_SECT_PXN))
			return;
		if (d.type == VMSA_DESC_FAULT &&
		    (w & L1_TYPE_MASK) != L1_TYPE_SECT &&
		    (w & L1_TYPE_MASK) != L1_TYPE_SECT_PXN)
			return;
		if (d.type == VMSA_DESC_TABLE || d.type == VMSA_DESC_FINE_TABLE) {
			b->domain = (uint8_t)L1_TABLE_DOMAIN_OF(w);
			if (!is_v5(fmt)) {
				b->ns = (w & L1_TABLE_NS) ? 1 : 0;
				b->pxn = (w & L1_TABLE_PXN) ? 1 : 0;
			}
			return;
		}
		b->b = (w & L1_SECT_B) ? 1 : 0;
		b->c = (w & L1_SECT_C) ? 1 : 0;
		if (is_v5(fmt)) {
			b->ap = (uint8_t)V5_L1_SECT_AP_OF(w);
			b->domain = (uint8_t)L1_SECT_DOMAIN_OF(w);
			return;
		}
		b->tex = (uint8_t)L1_SECT_TEX_OF(w);
		b->xn = (w & L1_SECT_XN) ? 1 : 0;
		b->pxn = (w & L1_TYPE_MASK) == L1_TYPE_SECT_PXN;
		b->ap = (uint8_t)(((w >> 10) & 3) | ((w & L1_SECT_APX) ? 4 : 0));
		b->s = (w & L1_SECT_S) ? 1 : 0;
		b->ng = (w & L1_SECT_nG) ? 1 : 0;
		b->ns = (w & L1_SECT_NS) ? 1 : 0;
		b->domain = (w & L1_SECT_SUPER) ? 0 :
		            (uint8_t)L1_SECT_DOMAIN_OF(w);
		return;
	}
	(void)fine;
	if ((w & L2_TYPE_MASK) == L2_TYPE_FAULT)
		return;
	b->b = (w & L2_SMALL_B) ? 1 : 0;   /* same bit in every L2 kind */
	b->c = (w & L2_SMALL_C) ? 1 : 0;
	if (is_v5(fmt)) {
		b->ap = (uint8_t)V5_L2_AP_OF(w);
		return;
	}
	if ((w & L2_TYPE_MASK) == L2_TYPE_LARGE) {
		b->tex = (uint8_t)L2_LARGE_TEX_OF(w);
		b->xn = (w & L2_LARGE_XN) ? 1 : 0;
	} else {
		b->tex = (uint8_t)L2_SMALL_TEX_OF(w);
		b->xn = (w & L2_SMALL_XN) ? 1 : 0;
	}
	b->ap = (uint8_t)(((w >> 4) & 3) | ((w & L2_SMALL_APX) ? 4 : 0));
	b->s = (w & L2_SMALL_S) ? 1 : 0;
	b->ng = (w & L2_SMALL_nG) ? 1 : 0;
}

const char *vmsa_mt_name(vmsa_attr_t mt)
{
	switch (VMSA_MT(mt)) {
	case VMSA_MT_UNCACHED: return "SO";
	case VMSA_MT_BUFFERABLE: return "BUF";
	case VMSA_MT_WRITETHROUGH: return "WT";
	case VMSA_MT_WRITEBACK: return "WB";
	case VMSA_MT_WRITEALLOC: return "WBWA";
	case VMSA_MT_DEVICE: return "DEV";
	case VMSA_MT_DEVICE_NS: return "DEV-NS";
	case VMSA_MT_NORMAL_NC: return "NC";
	default: return "?";
	}
}

const char *vmsa_strerror(int err)
{
	switch (err) {
	case VMSA_OK: return "VMSA_OK";
	case VMSA_ERR_INVAL: return "VMSA_ERR_INVAL";
	case VMSA_ERR_ALIGN: return "VMSA_ERR_ALIGN";
	case VMSA_ERR_RANGE: return "VMSA_ERR_RANGE";
	case VMSA_ERR_OVERLAP: return "VMSA_ERR_OVERLAP";
	case VMSA_ERR_NOMEM: return "VMSA_ERR_NOMEM";
	case VMSA_ERR_UNSUPPORTED: return "VMSA_ERR_UNSUPPORTED";
	case VMSA_ERR_CONFLICT: return "VMSA_ERR_CONFLICT";
	case VMSA_ERR_NOTMAPPED: return "VMSA_ERR_NOTMAPPED";
	case VMSA_ERR_BUSY: return "VMSA_ERR_BUSY";
	case VMSA_ERR_LOCKED: return "VMSA_ERR_LOCKED";
	default: return "VMSA_ERR_?";
	}
}

const char *vmsa_kind_name(enum vmsa_kind k)
{
	switch (k) {
	case VMSA_KIND_TINY: return "tiny";
	case VMSA_KIND_SMALL: return "small";
	case VMSA_KIND_LARGE: return "large";
	case VMSA_KIND_SECTION: return "section";
	case VMSA_KIND_SUPERSECTION: return "supersection";
	default: return "fault";
	}
}

uint32_t vmsa_kind_size(enum vmsa_kind k)
{
	switch (k) {
	case VMSA_KIND_TINY: return VMSA_SZ_TINY;
	case VMSA_KIND_SMALL: return VMSA_SZ_SMALL;
	case VMSA_KIND_LARGE: return VMSA_SZ_LARGE;
	case VMSA_KIND_SECTION: return VMSA_SZ_SECTION;
	case VMSA_KIND_SUPERSECTION: return VMSA_SZ_SUPERSECTION;
	default: return 0;
	}
}
