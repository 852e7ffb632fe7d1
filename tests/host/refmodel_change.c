/*
 * refmodel_change.c - the reference model's page map (refmodel.h) under
 * attribute and address changes, for tests/fuzz: protect (new canonical
 * attributes for every page of a mapped range) and remap (new output
 * addresses), each refusing a range that is not wholly mapped
 * (VMSA_ERR_NOTMAPPED), misaligned (VMSA_ERR_ALIGN) or past 4GB
 * (VMSA_ERR_RANGE), the model unchanged then. The same for every format
 * (pages of 4KB, 1KB on ARMv5). No library function.
 *
 * Does not cover: legality of the new attributes or addresses (the
 * callers judge them), the split into granules (ref_granule).
 */
#include "refmodel.h"

/* ---- Attribute and address changes ---------------------------------------- */
static int range_mapped(const struct ref_model *m, uint32_t va, uint64_t size)
{
	uint64_t pg = (uint64_t)1 << m->shift;
	if (va % pg || size % pg || size == 0)
		return VMSA_ERR_ALIGN;
	if ((uint64_t)va + size > VMSA_VA_SPAN)
		return VMSA_ERR_RANGE;
	for (uint64_t o = 0; o < size; o += pg)
		if (!m->pages[(va + o) >> m->shift].attrs)
			return VMSA_ERR_NOTMAPPED;
	return 0;
}

int ref_model_protect(struct ref_model *m, uint32_t va, uint64_t size,
                      vmsa_attr_t canon)
{
	int rc = range_mapped(m, va, size);
	if (rc)
		return rc;
	for (uint64_t o = 0; o < size; o += (uint64_t)1 << m->shift)
		m->pages[(va + o) >> m->shift].attrs = canon;
	return 0;
}

int ref_model_remap(struct ref_model *m, uint32_t va, uint64_t pa,
                    uint64_t size)
{
	uint64_t pg = (uint64_t)1 << m->shift;
	if (pa % pg)
		return VMSA_ERR_ALIGN;
	int rc = range_mapped(m, va, size);
	if (rc)
		return rc;
	for (uint64_t o = 0; o < size; o += pg)
		m->pages[(va + o) >> m->shift].pa_1k = (uint32_t)((pa + o) >> 10);
	return 0;
}
