/*
 * src/boot/tables.c - build a translation table from the board's region
 * array, shared by the ARMv7 and ARMv5 boot code (boot.c, boot_v5.c) and
 * by tests that rebuild the tables in another format.
 *
 * Covers: vmsa_init over the caller's L1 and pool, vmsa_map_regions of
 * board.regions, a readable message naming the region that failed. Does
 * not cover turning the MMU on (boot.c / boot_v5.c).
 */
#include <stdio.h>

#include "boot.h"

int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
                     void *pool, size_t pool_bytes)
{
	size_t bad = 0;
	/* Identity-mapped memory: PA == VA while the tables are built. */
	int rc = vmsa_init(t, fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), pool_bytes);

	if (rc != VMSA_OK) {
		printf("boot: vmsa_init: %s\n", vmsa_strerror(rc));
		return rc;
	}
	rc = vmsa_map_regions(t, board.regions, board.n_regions, &bad);
	if (rc != VMSA_OK) {
		printf("boot: vmsa_map_regions: %s at region %u (%s)\n",
		       vmsa_strerror(rc), (unsigned)bad,
		       bad < board.n_regions ? board.regions[bad].name : "?");
		return rc;
	}
	return VMSA_OK;
}
