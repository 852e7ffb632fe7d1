/*
 * fmt.c - the descriptor layer's entry points, one per question, each
 * dispatching on the format to src/fmt/fmt_v7.c or src/fmt/fmt_v5.c: the public
 * encoders (format-independent: they validate, then OR the address into a
 * template, src/fmt/tmpl.h), decoders and raw fields (include/vmsa/desc.h),
 * templates (src/fmt/tmpl.h) and the engine's questions (src/fmt/fmt.h).
 *
 * Pure functions: no globals, no CP15, no table memory.
 */
#include "fmt_int.h"

/* Every format function called here is a weak reference, so this file
 * links no format: a firmware has those a call named (src/fmt/fmt.h). Each
 * caller checked the format first (vmsa_fmt_check, vmsa_table_ok). */
#pragma weak vmsa_v7_tmpl_attrs
#pragma weak vmsa_v7_l1_decode
#pragma weak vmsa_v7_l2_decode
#pragma weak vmsa_v7_bits
#pragma weak vmsa_v7_l1_table_move
#pragma weak vmsa_v7_kind
#pragma weak vmsa_v7_leaf_xn
#pragma weak vmsa_v7_leaf
#pragma weak vmsa_v7_mapped_run
#pragma weak vmsa_v7_leaf_attrs
#pragma weak vmsa_v7_fold
#pragma weak vmsa_v5_tmpl
#pragma weak vmsa_v5_tmpl_attrs
#pragma weak vmsa_v5_l1_decode
#pragma weak vmsa_v5_l2_decode
#pragma weak vmsa_v5_bits
#pragma weak vmsa_v5_l1_table_move
#pragma weak vmsa_v5_l1_table_attrs
#pragma weak vmsa_v5_kind
#pragma weak vmsa_v5_leaf
#pragma weak vmsa_v5_mapped_run
#pragma weak vmsa_v5_leaf_attrs
#pragma weak vmsa_v5_fold

/* ---- encoders ------------------------------------------------------------ */

/* Can an entry of `size` bytes be at pa, below limit? */
static int place(uint64_t pa, uint64_t size, uint64_t limit)
{
	if (pa & (size - 1))
		return VMSA_ERR_ALIGN;
	return pa >= limit ? VMSA_ERR_RANGE : VMSA_OK;
}

int vmsa_l1_encode(vmsa_fmt_t fmt, const struct vmsa_desc *d, uint32_t *word)
{
	struct vmsa_tmpl tm;
	enum vmsa_kind k;
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
		if (d->attrs & ~VMSA_TABLE_ATTRS)
			return VMSA_ERR_INVAL;
		if (d->type == VMSA_DESC_FINE_TABLE && !fmt_is_v5(fmt))
			return VMSA_ERR_UNSUPPORTED;
		if (fmt_is_v5(fmt) && (d->attrs & (VMSA_NS | VMSA_PXN)))
			return VMSA_ERR_UNSUPPORTED;
		if ((d->attrs & VMSA_PXN) && !(fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;
		err = place(pa, d->type == VMSA_DESC_TABLE ? VMSA_L2_BYTES :
		            VMSA_L2_FINE_BYTES, VMSA_VA_SPAN);
		if (err != VMSA_OK)
			return err;
		if (fmt_is_v5(fmt)) {
			struct hwattr h = {
				.domain = VMSA_ATTR_DOMAIN(d->attrs) };

			vmsa_v5_tmpl(&h, &tm);
		} else {
			/* Domain, NS, PXN: the table word. */
			vmsa_v7_tmpl_attrs(fmt, d->attrs, &tm);
		}
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
			err = place(pa, VMSA_SZ_SUPERSECTION, VMSA_PA_MAX);
			k = VMSA_KIND_SUPERSECTION;
		} else {
			err = place(pa, VMSA_SZ_SECTION, VMSA_VA_SPAN);
			k = VMSA_KIND_SECTION;
		}
		if (err == VMSA_OK)
			*word = vmsa_fmt_leaf_word(&tm, k, pa);
		return err;

	default:
		return VMSA_ERR_INVAL;
	}
}

int vmsa_l2_encode(vmsa_fmt_t fmt, bool fine, const struct vmsa_desc *d,
                   uint32_t *word)
{
	struct vmsa_tmpl tm;
	enum vmsa_kind k;
	int err;

	if (d == NULL || word == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (fine && !fmt_is_v5(fmt))
		return VMSA_ERR_UNSUPPORTED;
	switch (d->type) {
	case VMSA_DESC_FAULT:
		*word = 0;
		return VMSA_OK;
	case VMSA_DESC_LARGE: k = VMSA_KIND_LARGE; break;
	case VMSA_DESC_SMALL: k = VMSA_KIND_SMALL; break;
	case VMSA_DESC_TINY: k = VMSA_KIND_TINY; break;
	default: return VMSA_ERR_INVAL;
	}
	/* Domain, NS and PXN of pages live in the L1 table descriptor. */
	if (d->attrs & VMSA_TABLE_ATTRS)
		return VMSA_ERR_INVAL;
	if (d->type == VMSA_DESC_TINY && !(fmt_is_v5(fmt) && fine))
		return VMSA_ERR_UNSUPPORTED;
	err = vmsa_desc_tmpl(fmt, d->attrs, &tm);
	if (err != VMSA_OK)
		return err;
	err = place(d->pa.p, vmsa_kind_size(k), VMSA_VA_SPAN);
	if (err == VMSA_OK)
		*word = vmsa_fmt_leaf_word(&tm, k, d->pa.p);
	return err;
}

/* ---- templates ----------------------------------------------------------- */

int vmsa_desc_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct vmsa_tmpl *tm)
{
	int err;

	/* No dispatch to a format this firmware lacks (the callers checked
	 * the format; this keeps the engine's own entry safe too). */
	if (vmsa_format_of(fmt) == NULL)
		return VMSA_ERR_INVAL;
	if (!fmt_is_v5(fmt)) {
		err = vmsa_attr_canonical(fmt, attrs, &tm->attrs);
		if (err != VMSA_OK)
			return err;
		vmsa_v7_tmpl_attrs(fmt, tm->attrs, tm);
		tm->tattrs = tm->attrs & VMSA_TABLE_ATTRS;
		return VMSA_OK;
	}
	return vmsa_v5_tmpl_attrs(fmt, attrs, tm);
}

/* ---- decoders and raw fields --------------------------------------------- */

int vmsa_l1_decode(vmsa_fmt_t fmt, uint32_t w, struct vmsa_desc *d)
{
	if (d == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	*d = (struct vmsa_desc){ .type = VMSA_DESC_FAULT };
	return fmt_is_v5(fmt) ? vmsa_v5_l1_decode(fmt, w, d) :
	                        vmsa_v7_l1_decode(fmt, w, d);
}

int vmsa_l2_decode(vmsa_fmt_t fmt, bool fine, uint32_t w, struct vmsa_desc *d)
{
	if (d == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	*d = (struct vmsa_desc){ .type = VMSA_DESC_FAULT };
	if (!fmt_is_v5(fmt))
		return fine ? VMSA_ERR_UNSUPPORTED : vmsa_v7_l2_decode(fmt, w, d);
	return vmsa_v5_l2_decode(fmt, fine, w, d);
}

void vmsa_desc_bits(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                    struct vmsa_bits *b)
{
	*b = (struct vmsa_bits){ 0 };
	(void)fine;     /* L2 fields sit in the same places in both tables */
	/* No format, no fields (the decoders the per-format functions call
	 * write nothing for an invalid format). */
	if (vmsa_fmt_check(fmt) != VMSA_OK)
		return;
	if (fmt_is_v5(fmt))
		vmsa_v5_bits(level, w, b);
	else
		vmsa_v7_bits(fmt, level, w, b);
}

/* ---- src/fmt/fmt.h ----------------------------------------------------------- */

uint32_t vmsa_fmt_l1_table_move(vmsa_fmt_t fmt, uint32_t w, bool fine,
                                uint32_t table_pa)
{
	return fmt_is_v5(fmt) ? vmsa_v5_l1_table_move(w, fine, table_pa) :
	                        vmsa_v7_l1_table_move(w, table_pa);
}

bool vmsa_fmt_l1_table_same(vmsa_fmt_t fmt, uint32_t w,
                            const struct vmsa_tmpl *tm)
{
	bool fine;
	uint32_t pa;

	/* The very word the template gives for the table w points to. */
	return vmsa_fmt_l1_table(fmt, w, &fine, &pa) &&
	       w == vmsa_tmpl_table(tm->table, fine, pa);
}

vmsa_attr_t vmsa_fmt_l1_table_attrs(vmsa_fmt_t fmt, uint32_t w)
{
	return fmt_is_v5(fmt) ? vmsa_v5_l1_table_attrs(w) :
	                        vmsa_v7_l1_table_attrs(fmt, w);
}

enum vmsa_kind vmsa_fmt_kind(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                             bool *reserved)
{
	return fmt_is_v5(fmt) ? vmsa_v5_kind(level, fine, w, reserved) :
	                        vmsa_v7_kind(fmt, level, fine, w, reserved);
}

int vmsa_fmt_leaf(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                  struct vmsa_leaf *lf)
{
	return fmt_is_v5(fmt) ? vmsa_v5_leaf(level, fine, w, lf) :
	                        vmsa_v7_leaf(fmt, level, fine, w, lf);
}

uint32_t vmsa_fmt_mapped_run(vmsa_fmt_t fmt, int level, bool fine,
                             const uint32_t *p, uint32_t n, uint64_t limit,
                             uint64_t *bytes, bool *exec)
{
	return fmt_is_v5(fmt) ?
	       vmsa_v5_mapped_run(level, fine, p, n, limit, bytes, exec) :
	       vmsa_v7_mapped_run(fmt, level, p, n, limit, bytes, exec);
}

/* A kind keeps its output address in the same place in both formats
 * (and tiny pages and supersections exist in one each), so the next two
 * need no dispatch. */
uint64_t vmsa_fmt_leaf_pa(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w)
{
	(void)fmt;
	switch (k) {
	case VMSA_KIND_SUPERSECTION:    /* PA[31:24], PA[35:32], PA[39:36] */
		return vmsa_super_pa(w);
	case VMSA_KIND_SECTION: return w & L1_SECT_ADDR_MASK;
	case VMSA_KIND_LARGE: return w & L2_LARGE_ADDR_MASK;
	case VMSA_KIND_SMALL: return w & L2_SMALL_ADDR_MASK;
	case VMSA_KIND_TINY: return w & V5_L2_TINY_ADDR_MASK;
	default: return 0;
	}
}

bool vmsa_fmt_leaf_xn(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w)
{
	return !fmt_is_v5(fmt) && vmsa_v7_leaf_xn(k, w);
}

uint32_t vmsa_fmt_leaf_domain(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w)
{
	/* Supersections are in domain 0: those bits are PA[39:36]. */
	(void)fmt;
	return k == VMSA_KIND_SECTION ? L1_SECT_DOMAIN_OF(w) : 0;
}

int vmsa_fmt_leaf_attrs(vmsa_fmt_t fmt, enum vmsa_kind k, bool fine,
                        uint32_t w, vmsa_attr_t tattrs, vmsa_attr_t *attrs)
{
	/* Large and small pages encode the same in coarse and fine tables;
	 * whether a tiny page may be there is vmsa_fmt_kind's answer. */
	(void)fine;
	return fmt_is_v5(fmt) ? vmsa_v5_leaf_attrs(k, w, tattrs, attrs) :
	                        vmsa_v7_leaf_attrs(fmt, k, w, tattrs, attrs);
}

uint32_t vmsa_fmt_fold(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w,
                       uint32_t l1w)
{
	return fmt_is_v5(fmt) ? vmsa_v5_fold(k, w, l1w) :
	                        vmsa_v7_fold(k, w, l1w);
}

uint32_t vmsa_fmt_leaf_word(const struct vmsa_tmpl *tm, enum vmsa_kind k,
                            uint64_t pa)
{
	switch (k) {
	case VMSA_KIND_SUPERSECTION: return vmsa_tmpl_super(tm->super, pa);
	case VMSA_KIND_SECTION: return tm->sect | (uint32_t)pa;
	case VMSA_KIND_LARGE: return tm->large | (uint32_t)pa;
	case VMSA_KIND_SMALL: return tm->small | (uint32_t)pa;
	case VMSA_KIND_TINY: return tm->tiny | (uint32_t)pa;
	default: return 0;
	}
}
