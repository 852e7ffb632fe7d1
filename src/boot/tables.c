/*
 * src/boot/tables.c - build a translation table from the board's region
 * array, shared by the ARMv7 and ARMv5 boot code (boot.c, boot_v5.c) and
 * by tests that rebuild the tables in another format.
 *
 * Covers: vmsa_init over the caller's L1 and pool, vmsa_map_regions of
 * boot_regions (the image's regions and the board's, src/boot/image.c),
 * a readable message naming the region that failed. Does
 * not cover turning the MMU on (boot.c / boot_v5.c).
 */
#include <stdio.h>

#include "boot.h"

int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
                     void *pool, size_t pool_bytes)
{
	size_t bad = 0, n = 0;
	const struct vmsa_region *r = NULL;
	/* Identity-mapped memory: PA == VA while the tables are built. */
	int rc = vmsa_init(t, fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), pool_bytes);

	if (rc != VMSA_OK) {
		printf("boot: vmsa_init: %s\n", vmsa_strerror(rc));
		return rc;
	}
	rc = boot_regions(fmt, &r, &n);
	if (rc != VMSA_OK) {
		printf("boot: image and board need more than %u regions\n",
		       (unsigned)BOOT_REGIONS_MAX);
		return rc;
	}
	rc = vmsa_map_regions(t, r, n, &bad);
	if (rc != VMSA_OK) {
		printf("boot: vmsa_map_regions: %s at region %u (%s)\n",
		       vmsa_strerror(rc), (unsigned)bad,
		       bad < n ? r[bad].name : "?");
		return rc;
	}
	return VMSA_OK;
}
