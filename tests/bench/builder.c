/*
 * tests/bench/builder.c - the straight-line table builder, the baseline
 * of the region-scaling rows: what a vendor's boot code does with its
 * memory map. No validation at all (overlaps, alignment, sizes, table
 * attributes, pool space are the author's problem), descriptor templates
 * prepared beforehand, the largest granule the VA/PA alignment and the
 * remaining size allow, one second-level table per MB taken from a bump
 * allocator. Also linked alone into the code-size firmwares (size.c).
 */
#include <string.h>

#include <vmsa/arch.h>
#include <vmsa/desc.h>

#include "bench.h"

#define KB 1024u
#define MB (1024u * 1024u)

uint32_t sl_build(uint32_t *l1, uint32_t *pool, uint32_t pool_pa,
                  const struct sl_region *r, size_t n)
{
	uint32_t *next = pool;
	size_t i;

	memset(l1, 0, VMSA_L1_BYTES);
	for (i = 0; i < n; i++) {
		const struct sl_tmpl *t = r[i].t;
		uint32_t va = r[i].va, pa = r[i].pa;
		uint32_t left = r[i].size, k;

		while (left) {
			uint32_t *p = &l1[va >> 20], *l2, step;

			if (t->super && !((va | pa) & (16 * MB - 1)) &&
			    left >= 16 * MB) {
				for (k = 0; k < 16; k++)
					p[k] = t->super | pa;
				step = 16 * MB;
			} else if (!((va | pa) & (MB - 1)) && left >= MB) {
				*p = t->sect | pa;
				step = MB;
			} else {
				if (*p == 0) {
					/* A new table for this MB. */
					memset(next, 0, VMSA_L2_BYTES);
					*p = t->table | (pool_pa + (uint32_t)
					     ((uintptr_t)next - (uintptr_t)pool));
					next += VMSA_L2_BYTES / 4;
				}
				l2 = (uint32_t *)(uintptr_t)((uintptr_t)pool +
				     ((*p & ~(VMSA_L2_BYTES - 1)) - pool_pa));
				l2 += (va >> 12) & 0xffu;
				if (!((va | pa) & (64 * KB - 1)) &&
				    left >= 64 * KB) {
					for (k = 0; k < 16; k++)
						l2[k] = t->large | pa;
					step = 64 * KB;
				} else {
					*l2 = t->small | pa;
					step = 4 * KB;
				}
			}
			va += step;
			pa += step;
			left -= step;
		}
	}
	/* Make the tables visible to the walker, as the engine does. */
	vmsa_arch_sync_table(l1, VMSA_L1_BYTES);
	vmsa_arch_sync_table(pool, (size_t)(next - pool) * 4u);
	return (uint32_t)(next - pool) * 4u;
}

/* Outside every measurement: the vendor's #defines. */
int sl_tmpl_of(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct sl_tmpl *t)
{
	struct vmsa_desc d = { .pa = { 0 } };
	vmsa_attr_t a;
	int rc;

	rc = vmsa_attr_canonical(fmt, attrs, &a);
	if (rc != VMSA_OK)
		return rc;
	d.attrs = a;
	d.type = VMSA_DESC_SECTION;
	rc = vmsa_l1_encode(fmt, &d, &t->sect);
	t->super = 0;
	if (rc == VMSA_OK && VMSA_ATTR_DOMAIN(a) == 0) {
		d.type = VMSA_DESC_SUPERSECTION;
		rc = vmsa_l1_encode(fmt, &d, &t->super);
	}
	d.attrs = a & ~VMSA_TABLE_ATTRS;
	d.type = VMSA_DESC_LARGE;
	if (rc == VMSA_OK)
		rc = vmsa_l2_encode(fmt, false, &d, &t->large);
	d.type = VMSA_DESC_SMALL;
	if (rc == VMSA_OK)
		rc = vmsa_l2_encode(fmt, false, &d, &t->small);
	d.attrs = a & VMSA_TABLE_ATTRS;
	d.type = VMSA_DESC_TABLE;
	if (rc == VMSA_OK)
		rc = vmsa_l1_encode(fmt, &d, &t->table);
	return rc;
}
