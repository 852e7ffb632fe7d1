/*
 * tmpl.h - internal: descriptor templates, shared by the descriptor layer
 * (src/fmt/fmt_attr.c, src/fmt/fmt_v7.c and src/fmt/fmt_v5.c, which build them) and
 * the table engine (src/engine/map.c, src/engine/op_run.c, src/engine/merge.c, which OR output
 * addresses into them).
 *
 * A template is a descriptor with address 0: every descriptor of a kind
 * with the same attributes is its template ORed with the address, so the
 * engine's write loops do no encoding and no validation. Not part of the
 * public API.
 */
#ifndef VMSA_TMPL_H
#define VMSA_TMPL_H

#include "vmsa/desc.h"
#include "vmsa/hwdef.h"

struct vmsa_tmpl {
	uint32_t sect;          /* L1 section */
	uint32_t super;         /* L1 supersection (valid if super_ok) */
	uint32_t large, small;  /* L2, attributes without VMSA_TABLE_ATTRS */
	uint32_t tiny;          /* ARMv5 fine tables only */
	uint32_t table;         /* L1 coarse page-table descriptor */
	bool super_ok;          /* ARMv7 and domain 0 */
	vmsa_attr_t attrs;      /* canonical */
	vmsa_attr_t tattrs;     /* attrs & VMSA_TABLE_ATTRS */
};

/* Canonicalise attrs for fmt and build every template at once. Returns
 * the codes of vmsa_attr_canonical. */
int vmsa_desc_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct vmsa_tmpl *tm);

/* ARMv7 attributes from descriptor fields, by table: tcb = TEX << 2 |
 * C << 1 | B, ap = APX:AP[1:0], s the S bit, `extra` the bits already in
 * vmsa_attr_t form (VMSA_NG, VMSA_XN, VMSA_PXN, VMSA_NS, domain). The
 * same result and codes as vmsa_l1_decode / vmsa_l2_decode give for
 * those fields; no validation of the format (the caller's). */
int vmsa_desc_attrs_v7(vmsa_fmt_t fmt, uint32_t tcb, uint32_t ap, uint32_t s,
                       vmsa_attr_t extra, vmsa_attr_t *out);

/* A supersection: PA[31:24] in place, PA[35:32] at bits 23:20 and
 * PA[39:36] at bits 8:5 (B3.5.1, figure B3-4). */
static inline uint32_t vmsa_tmpl_super(uint32_t tmpl, uint64_t pa)
{
	return tmpl | ((uint32_t)pa & L1_SUPER_ADDR_MASK) |
	       L1_SUPER_PA35_32((uint32_t)(pa >> 32)) |
	       L1_SUPER_PA39_36((uint32_t)(pa >> 36));
}

/* An L1 page-table descriptor from the coarse template; `fine` turns it
 * into an ARMv5 fine-table descriptor (type 0b11). */
static inline uint32_t vmsa_tmpl_table(uint32_t tmpl, bool fine,
                                       uint64_t table_pa)
{
	return (fine ? tmpl | V5_L1_TYPE_FINE : tmpl) | (uint32_t)table_pa;
}

#endif /* VMSA_TMPL_H */
