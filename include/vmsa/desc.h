/*
 * vmsa/desc.h - descriptor encoding and decoding.
 *
 * Pure functions: no globals, no CP15, no table memory. Every encoder has a
 * decoder and decode(encode(d)) == d for every descriptor whose attributes
 * are canonical (vmsa_attr_canonical) for the format.
 *
 * Not covered here: where descriptors go, replication of supersections
 * and large pages (16 identical words; the engine writes them), TLB upkeep.
 */
#ifndef VMSA_DESC_H
#define VMSA_DESC_H

#include "../vmsa.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vmsa_desc_type {
	VMSA_DESC_FAULT = 0,
	VMSA_DESC_TABLE,        /* L1: coarse page table (ARMv7 and ARMv5) */
	VMSA_DESC_FINE_TABLE,   /* L1: ARMv5 fine page table */
	VMSA_DESC_SECTION,      /* L1 */
	VMSA_DESC_SUPERSECTION, /* L1, ARMv7 */
	VMSA_DESC_LARGE,        /* L2 */
	VMSA_DESC_SMALL,        /* L2 */
	VMSA_DESC_TINY,         /* L2, ARMv5 fine tables */
};

/*
 * A descriptor in abstract form.
 *  - pa: the output address (sections and pages) or the physical address of
 *    the second-level table (TABLE, FINE_TABLE).
 *  - attrs: canonical attributes. For a TABLE descriptor only the domain,
 *    VMSA_NS and VMSA_PXN (the bits an L1 page-table entry carries for all
 *    its pages); for L2 pages everything except those.
 */
struct vmsa_desc {
	uint8_t type;           /* enum vmsa_desc_type */
	vmsa_pa_t pa;
	vmsa_attr_t attrs;
};

/* The attribute bits a page-table (L1) descriptor holds for its pages. */
#define VMSA_TABLE_ATTRS (VMSA_DOMAIN_MASK | VMSA_NS | VMSA_PXN)

/*
 * Encode a first-level descriptor. Returns VMSA_OK, VMSA_ERR_INVAL (bad
 * type for level, bad attributes), VMSA_ERR_ALIGN (pa not aligned for the
 * type), VMSA_ERR_RANGE (pa too large for the type),
 * VMSA_ERR_UNSUPPORTED (format lacks the type or an attribute: e.g. a
 * supersection outside domain 0, PXN without VMSA_FMT_PXN).
 * *word is written only on success.
 */
int vmsa_l1_encode(vmsa_fmt_t fmt, const struct vmsa_desc *d, uint32_t *word);

/*
 * Decode a first-level descriptor. Returns VMSA_OK or VMSA_ERR_UNSUPPORTED
 * for an encoding the format reserves (then d->type is VMSA_DESC_FAULT,
 * as the MMU treats it).
 */
int vmsa_l1_decode(vmsa_fmt_t fmt, uint32_t word, struct vmsa_desc *d);

/*
 * Encode a second-level descriptor. `fine` says the entry sits in an ARMv5
 * fine table (needed for tiny pages; large and small pages encode the same
 * in coarse and fine tables). Return codes as vmsa_l1_encode.
 */
int vmsa_l2_encode(vmsa_fmt_t fmt, bool fine, const struct vmsa_desc *d,
                   uint32_t *word);
int vmsa_l2_decode(vmsa_fmt_t fmt, bool fine, uint32_t word,
                   struct vmsa_desc *d);

/* Raw fields of a descriptor word, for dumps and tests. Fields a type
 * lacks read 0. ap is AP[2]:AP[1:0] on ARMv7 (APX in bit 2), AP[1:0] on
 * ARMv5 (of subpage 0 for large and small pages). */
struct vmsa_bits {
	uint8_t tex, c, b, ap, s, ng, xn, pxn, ns, domain;
};
void vmsa_desc_bits(vmsa_fmt_t fmt, int level, bool fine, uint32_t word,
                    struct vmsa_bits *bits);

/* Check a format word. Returns VMSA_OK or VMSA_ERR_INVAL. */
int vmsa_fmt_check(vmsa_fmt_t fmt);

/* Short name of a memory type as the dump prints it ("WB", "DEV-NS"...). */
const char *vmsa_mt_name(vmsa_attr_t mt);

#ifdef __cplusplus
}
#endif

#endif /* VMSA_DESC_H */
