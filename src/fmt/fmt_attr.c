/*
 * fmt_attr.c - what the two short-descriptor formats share: the format
 * word check, attribute canonicalisation with the secure-default policy
 * (the one place it is applied), TEX/C/B/AP/S fields to abstract
 * attributes (vmsa_attr_t) for both formats and back for ARMv5 (ARMv7
 * encodes by table, src/fmt/fmt_v7.c) and the names of memory types, errors
 * and kinds. It calls no format's function (src/fmt/fmt.c dispatches).
 *
 * Pure functions: no globals, no CP15, no table memory. Where the fields
 * sit in a descriptor word is each format's (src/fmt/fmt_v7.c, src/fmt/fmt_v5.c).
 *
 * References: ARM ARM ARMv7-A/R (DDI 0406C) B3.7.1 (AP), B3.8.2 (TEX/C/B,
 * table B3-10), B3.8.3 (TEX remap); ARM926EJ-S TRM (DDI 0198E) 3.2 and
 * ARM ARM (DDI 0100I) B4.3 for ARMv5.
 */
#include "fmt_int.h"

int vmsa_fmt_check(vmsa_fmt_t fmt)
{
	return vmsa_fmt_status(fmt);
}

int vmsa_attr_canonical(vmsa_fmt_t fmt, vmsa_attr_t a, vmsa_attr_t *out)
{
	vmsa_attr_t mt;
	int err;

	if (out == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	err = vmsa_attr_form(a);
	if (err != VMSA_OK)
		return err;
	mt = VMSA_MT(a);

	if (fmt_is_v5(fmt)) {
		/* ARMv5: four C/B types, AP without read-only privileged
		 * encodings (they need SCTLR.S/R), no XN, PXN, nG, S, NS. */
		if (mt > VMSA_MT_WRITEBACK)
			return VMSA_ERR_UNSUPPORTED;
		if (a & (VMSA_RO | VMSA_XN | VMSA_PXN | VMSA_NG | VMSA_SHARED |
		         VMSA_NS))
			return VMSA_ERR_UNSUPPORTED;
		/* Everything mapped is executable: EXEC asks for nothing more,
		 * and the execute-never defaults cannot apply. They are not
		 * the caller's request, so they do not fail the call; an
		 * explicit VMSA_XN did (above). */
		*out = a & ~VMSA_EXEC;
		return VMSA_OK;
	}

	if ((a & VMSA_PXN) && !(fmt & VMSA_FMT_PXN))
		return VMSA_ERR_UNSUPPORTED;
	/* Fold the aliases of this format (table in vmsa.h). */
	if (fmt_is_remap(fmt)) {
		if (mt == VMSA_MT_NORMAL_NC)
			mt = VMSA_MT_BUFFERABLE;
	} else if (mt == VMSA_MT_BUFFERABLE) {
		mt = VMSA_MT_DEVICE;    /* TEX=000 C=0 B=1 is Shareable Device */
	}
	return vmsa_attr_policy(a, mt, out);
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

/*
 * TEX/C/B to memory type (src/fmt/fmt_v7.c's encoder tables, mt_bits, are
 * the inverse; the round-trip tests hold them to this).
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
static int mt_decode(vmsa_fmt_t fmt, const struct hwattr *h, vmsa_attr_t *a)
{
	uint32_t v = h->tex << 2 | h->c << 1 | h->b;
	vmsa_attr_t mt;

	if (fmt_is_v5(fmt)) {
		*a |= VMSA_MT_UNCACHED + (v & 3);
		return VMSA_OK;
	}
	if (fmt_is_remap(fmt)) {
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

/* Attributes to hardware fields; *canon receives the canonical form.
 * ARMv5 only (ARMv7 builds its words by table: src/fmt/fmt_v7.c,
 * vmsa_v7_tmpl_attrs): its canonical types are UNCACHED .. WRITEBACK,
 * C:B 00 .. 11 in order, and it has no S, nG, XN, PXN or NS (the
 * canonical form refuses them). */
int vmsa_hw_from_attrs(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct hwattr *h,
                       vmsa_attr_t *canon)
{
	vmsa_attr_t a;
	int err = vmsa_attr_canonical(fmt, attrs, &a);
	uint32_t cb;

	if (err != VMSA_OK)
		return err;
	*canon = a;
	cb = VMSA_MT(a) - VMSA_MT_UNCACHED;
	*h = (struct hwattr){ .c = cb >> 1, .b = cb & 1u, .ap = ap_encode(a),
	                      .domain = VMSA_ATTR_DOMAIN(a) };
	return VMSA_OK;
}

/* Hardware fields to canonical attributes. */
int vmsa_hw_to_attrs(vmsa_fmt_t fmt, const struct hwattr *h,
                     vmsa_attr_t *out)
{
	vmsa_attr_t a = 0, acc = vmsa_ap_access(h->ap);
	int err = mt_decode(fmt, h, &a);

	if (err != VMSA_OK)
		return err;
	if (acc == 0)
		return VMSA_ERR_UNSUPPORTED;    /* no access, reserved */
	a |= acc;
	if (h->s && !mt_is_device(VMSA_MT(a)))
		a |= VMSA_SHARED;       /* S is ignored for Device and SO */
	if (h->ng)
		a |= VMSA_NG;
	if (h->xn)
		a |= VMSA_XN;
	else if ((mt_is_device(VMSA_MT(a)) || (a & VMSA_RW)) && !fmt_is_v5(fmt))
		a |= VMSA_EXEC;         /* the caller asked for an exception */
	if (h->pxn)
		a |= VMSA_PXN;
	if (h->ns)
		a |= VMSA_NS;
	a |= VMSA_DOMAIN(h->domain);
	*out = a;
	return VMSA_OK;
}

/* ---- names --------------------------------------------------------------- */

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
	case VMSA_ERR_CORRUPT: return "VMSA_ERR_CORRUPT";
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
	case VMSA_KIND_BLOCK: return "block";
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
	case VMSA_KIND_BLOCK: return VMSA_SZ_BLOCK;
	default: return 0;
	}
}
