/*
 * fmt_int.h - internal to the descriptor format modules: what
 * src/fmt/fmt_attr.c (shared by both short formats), src/fmt/fmt_v7.c (ARMv7-A)
 * and src/fmt/fmt_v5.c (ARMv5, each with its one-pass translation) share,
 * and the per-format functions that src/fmt/fmt.c dispatches to (through
 * weak references, src/fmt/fmt.h). The long-descriptor module
 * (src/fmt/fmt_lpae.c) shares the attribute checks and the policy. Nothing
 * outside those five files includes it.
 */
#ifndef VMSA_FMT_INT_H
#define VMSA_FMT_INT_H

#include "fmt.h"

/* Hardware-independent view of the bits an attribute set needs; read by
 * vmsa_hw_to_attrs (both formats), filled by vmsa_hw_from_attrs (ARMv5;
 * ARMv7 encodes by table, vmsa_v7_tmpl_attrs in src/fmt/fmt_v7.c). */
struct hwattr {
	uint32_t tex, c, b;   /* TEX[2:0], C, B (or remap index bits) */
	uint32_t ap;          /* v7: APX:AP[1:0]; v5: AP[1:0] */
	uint32_t s, ng, xn, pxn, ns, domain;
};

static inline bool fmt_is_v5(vmsa_fmt_t fmt)
{
	return vmsa_fmt_is_v5(fmt);
}

static inline bool fmt_is_remap(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_TEX_REMAP) != 0;
}

/* Device and Strongly-ordered types of a canonical attribute word: the
 * ones the never-executable policy covers and S does not apply to. */
static inline bool mt_is_device(vmsa_attr_t mt)
{
	return mt == VMSA_MT_UNCACHED || mt == VMSA_MT_DEVICE ||
	       mt == VMSA_MT_DEVICE_NS;
}

/* The access bits (VMSA_RO/RW/USER/USER_RO) of APX:AP[1:0] (ARMv7) or
 * AP[1:0] (ARMv5), 0 for an encoding without access (no access,
 * reserved). The table of ap_encode's inverse (src/fmt/fmt_attr.c); inline,
 * as the leaf decoders on the engine's hot path read it. */
static inline vmsa_attr_t vmsa_ap_access(uint32_t ap)
{
	static const uint8_t access[8] = {
		[1] = VMSA_RW, [2] = VMSA_RW | VMSA_USER_RO,
		[3] = VMSA_RW | VMSA_USER, [5] = VMSA_RO,
		/* 6: deprecated encoding of priv RO, user RO */
		[6] = VMSA_RO | VMSA_USER, [7] = VMSA_RO | VMSA_USER,
		/* 0 and 4: no access, reserved */
	};

	return access[ap & 7u];
}

/* ---- ARMv7 fields, inline -------------------------------------------------
 * Read by src/fmt/fmt_v7.c's decoders, leaf attributes and one-pass
 * translation, where a call per field would cost more
 * than the field.
 */

/* Large and small pages keep B, C, AP[1:0], APX, S and nG in the same
 * places (figure B3-5): the ARMv7 code reads them with the small-page
 * names. */
#define V7_SAME_PLACE(f) _Static_assert(L2_LARGE_##f == L2_SMALL_##f, #f)
V7_SAME_PLACE(B);
V7_SAME_PLACE(C);
V7_SAME_PLACE(AP0);
V7_SAME_PLACE(AP1);
V7_SAME_PLACE(APX);
V7_SAME_PLACE(S);
V7_SAME_PLACE(nG);

/* APX:AP[1:0] of an L1 section or supersection. */
static inline uint32_t vmsa_v7_l1_ap(uint32_t w)
{
	return ((w & L1_SECT_AP0) ? 1u : 0u) | ((w & L1_SECT_AP1) ? 2u : 0u) |
	       ((w & L1_SECT_APX) ? 4u : 0u);
}

/* APX:AP[1:0] of an L2 page (large and small pages share the places). */
static inline uint32_t vmsa_v7_l2_ap(uint32_t w)
{
	return ((w & L2_SMALL_AP0) ? 1u : 0u) | ((w & L2_SMALL_AP1) ? 2u : 0u) |
	       ((w & L2_SMALL_APX) ? 4u : 0u);
}

/* The table attributes (domain, NS, PXN) of page-table descriptor w. */
static inline vmsa_attr_t vmsa_v7_l1_table_attrs(vmsa_fmt_t fmt, uint32_t w)
{
	vmsa_attr_t a = VMSA_DOMAIN(L1_TABLE_DOMAIN_OF(w));

	if (w & L1_TABLE_NS)
		a |= VMSA_NS;
	/* Without the PXN extension the bit is SBZ and ignored. */
	if ((fmt & VMSA_FMT_PXN) && (w & L1_TABLE_PXN))
		a |= VMSA_PXN;
	return a;
}

/* Canonical attributes of ARMv7 section (k VMSA_KIND_SECTION) or
 * supersection w: VMSA_ERR_UNSUPPORTED for type 0b11 without PXN (it is
 * reserved there) and for encodings without an abstract form. */
static inline int vmsa_v7_sect_attrs(vmsa_fmt_t fmt, enum vmsa_kind k,
                                     uint32_t w, vmsa_attr_t *attrs)
{
	/* Supersections are in domain 0 (vmsa_fmt_leaf_domain). */
	vmsa_attr_t x = k == VMSA_KIND_SECTION ?
	                VMSA_DOMAIN(L1_SECT_DOMAIN_OF(w)) : 0;
	uint32_t tcb = L1_SECT_TEX_OF(w) << 2 | ((w & L1_SECT_C) ? 2u : 0u) |
	               ((w & L1_SECT_B) ? 1u : 0u);

	if ((w & L1_TYPE_MASK) == L1_TYPE_SECT_PXN) {
		if (!(fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;
		x |= VMSA_PXN;
	}
	x |= ((w & L1_SECT_XN) ? VMSA_XN : 0) |
	     ((w & L1_SECT_nG) ? VMSA_NG : 0) |
	     ((w & L1_SECT_NS) ? VMSA_NS : 0);
	return vmsa_desc_attrs_v7(fmt, tcb, vmsa_v7_l1_ap(w),
	                          (w & L1_SECT_S) ? 1u : 0u, x, attrs);
}

/* Canonical attributes of ARMv7 L2 page w whose TEX is tex and whose XN
 * bit is xn (their places differ between large and small pages), the
 * attributes tattrs of its page-table descriptor merged in. */
static inline int vmsa_v7_page_attrs(vmsa_fmt_t fmt, uint32_t w, uint32_t tex,
                                     bool xn, vmsa_attr_t tattrs,
                                     vmsa_attr_t *attrs)
{
	uint32_t tcb = tex << 2 | ((w & L2_SMALL_C) ? 2u : 0u) |
	               ((w & L2_SMALL_B) ? 1u : 0u);
	vmsa_attr_t x = tattrs | (xn ? VMSA_XN : 0) |
	                ((w & L2_SMALL_nG) ? VMSA_NG : 0);

	return vmsa_desc_attrs_v7(fmt, tcb, vmsa_v7_l2_ap(w),
	                          (w & L2_SMALL_S) ? 1u : 0u, x, attrs);
}

/* ---- attribute checks and policy (inline), src/fmt/fmt_attr.c ----------------- */

/* What every format asks of an attribute word before its own limits: no
 * unknown bit, a memory type, exactly one of RO and RW, USER and USER_RO
 * not both, USER_RO only with RW, not XN and EXEC both. */
static inline int vmsa_attr_form(vmsa_attr_t a)
{
	vmsa_attr_t mt = VMSA_MT(a);

	if (a & ~VMSA_ATTR_VALID_MASK)
		return VMSA_ERR_INVAL;
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
	return VMSA_OK;
}

/*
 * The policy, the one place it is applied (every encoder and the engine
 * canonicalise through here, for every format with XN): a, checked by
 * vmsa_attr_form, with its memory type replaced by mt (the format's alias
 * folded). Returns VMSA_ERR_INVAL for VMSA_SHARED on Device or SO.
 *  - Device and Strongly-ordered memory is execute-never unless the
 *    caller said VMSA_EXEC;
 *  - privileged-writable (VMSA_RW) Normal memory is execute-never unless
 *    the caller said VMSA_EXEC (Trusted Firmware-A's rule: RW memory is
 *    XN), so W^X holds by default;
 *  - read-only Normal memory without VMSA_XN stays executable (code), and
 *    VMSA_EXEC asks for nothing more there.
 * ARMv5 has no XN, so these defaults cannot be expressed there and are
 * not applied (vmsa_attr_canonical; an explicit VMSA_XN is
 * VMSA_ERR_UNSUPPORTED). Inline: a call per template would cost more
 * than the checks.
 */
static inline int vmsa_attr_policy(vmsa_attr_t a, vmsa_attr_t mt,
                                   vmsa_attr_t *out)
{
	if ((a & VMSA_SHARED) && mt_is_device(mt))
		return VMSA_ERR_INVAL;  /* S applies to Normal memory only */
	a = (a & ~VMSA_MT_MASK) | mt;
	if (mt_is_device(mt) || (a & VMSA_RW)) {
		if (!(a & VMSA_EXEC))
			a |= VMSA_XN;
	} else {
		a &= ~VMSA_EXEC;
	}
	*out = a;
	return VMSA_OK;
}

/* Attributes to hardware fields; *canon receives the canonical form.
 * Returns the codes of vmsa_attr_canonical. */
int vmsa_hw_from_attrs(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct hwattr *h,
                       vmsa_attr_t *canon);
/* Hardware fields to canonical attributes, or VMSA_ERR_UNSUPPORTED. */
int vmsa_hw_to_attrs(vmsa_fmt_t fmt, const struct hwattr *h,
                     vmsa_attr_t *out);

/* ---- src/fmt/fmt_v7.c: ARMv7-A short descriptors ----------------------------- */

void vmsa_v7_tmpl_attrs(vmsa_fmt_t fmt, vmsa_attr_t a, struct vmsa_tmpl *tm);
/* Decoders: d is already cleared to a fault and fmt checked. */
int vmsa_v7_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d);
int vmsa_v7_l2_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d);
/* b is already cleared and fmt checked. */
void vmsa_v7_bits(vmsa_fmt_t fmt, int level, uint32_t w, struct vmsa_bits *b);
uint32_t vmsa_v7_l1_table_move(uint32_t w, uint32_t table_pa);
enum vmsa_kind vmsa_v7_kind(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                            bool *reserved);
bool vmsa_v7_leaf_xn(enum vmsa_kind k, uint32_t w);
/* A supersection's output address: PA[31:24] in place, PA[35:32] at
 * bits 23:20, PA[39:36] at bits 8:5 (B3.5.1, figure B3-4). */
static inline uint64_t vmsa_super_pa(uint32_t w)
{
	return (uint64_t)(w & L1_SUPER_ADDR_MASK) |
	       (uint64_t)L1_SUPER_PA35_32_OF(w) << 32 |
	       (uint64_t)L1_SUPER_PA39_36_OF(w) << 36;
}

int vmsa_v7_leaf(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                 struct vmsa_leaf *lf);
uint32_t vmsa_v7_mapped_run(vmsa_fmt_t fmt, int level, const uint32_t *p,
                            uint32_t n, uint64_t limit, uint64_t *bytes,
                            bool *exec);
int vmsa_v7_leaf_attrs(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w,
                       vmsa_attr_t tattrs, vmsa_attr_t *attrs);
uint32_t vmsa_v7_fold(enum vmsa_kind k, uint32_t w, uint32_t l1w);

/* ---- src/fmt/fmt_v5.c: ARMv5 coarse and fine tables -------------------------- */

void vmsa_v5_tmpl(const struct hwattr *h, struct vmsa_tmpl *tm);
/* vmsa_desc_tmpl for ARMv5. */
int vmsa_v5_tmpl_attrs(vmsa_fmt_t fmt, vmsa_attr_t attrs,
                       struct vmsa_tmpl *tm);
int vmsa_v5_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d);
int vmsa_v5_l2_decode(vmsa_fmt_t fmt, bool fine, uint32_t w,
                      struct vmsa_desc *d);
void vmsa_v5_bits(int level, uint32_t w, struct vmsa_bits *b);
uint32_t vmsa_v5_l1_table_move(uint32_t w, bool fine, uint32_t table_pa);
vmsa_attr_t vmsa_v5_l1_table_attrs(uint32_t w);
enum vmsa_kind vmsa_v5_kind(int level, bool fine, uint32_t w, bool *reserved);
int vmsa_v5_leaf_attrs(enum vmsa_kind k, uint32_t w, vmsa_attr_t tattrs,
                       vmsa_attr_t *attrs);
uint32_t vmsa_v5_fold(enum vmsa_kind k, uint32_t w, uint32_t l1w);
int vmsa_v5_leaf(int level, bool fine, uint32_t w, struct vmsa_leaf *lf);
uint32_t vmsa_v5_mapped_run(int level, bool fine, const uint32_t *p,
                            uint32_t n, uint64_t limit, uint64_t *bytes,
                            bool *exec);

/* ---- the one-pass translation's answer (src/fmt/fmt.h) -----------------------
 * Each format has one walk (src/fmt/fmt_v7.c, src/fmt/fmt_v5.c), inlined twice:
 * with the attributes (vmsa_*_xlat) and without (vmsa_*_xlat_pa, which
 * decodes none); every answer is stored in one place (xlat_answer,
 * xlat_answer_pa). */

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
	x->desc_hi = 0;
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

#endif /* VMSA_FMT_INT_H */
