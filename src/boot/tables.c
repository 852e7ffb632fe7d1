/*
 * src/boot/tables.c - build a translation table from the board's region
 * array, shared by the ARMv7 and ARMv5 boot code (boot.c, boot_v5.c) and
 * by tests that rebuild the tables in another format.
 *
 * Covers: vmsa_init over the caller's L1 and pool, vmsa_map_regions of
 * boot_regions (the image's regions and the board's, src/boot/image.c),
 * the full message of a failure (vmsa_format_region_error: the regions,
 * the field, the reason). Does not cover turning the MMU on (boot.c /
 * boot_v5.c).
 */
#include <stdio.h>

#include "boot.h"

int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t flags,
                     uint32_t *l1, void *pool, size_t pool_bytes)
{
	size_t n = 0;
	const struct vmsa_region *r = NULL;
	struct vmsa_region_error why;
	char msg[320];
	/* Identity-mapped memory: PA == VA while the tables are built. */
	int rc = vmsa_init(t, fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), pool_bytes);

	if (rc != VMSA_OK) {
		printf("boot: vmsa_init: %s\n", vmsa_strerror(rc));
		return rc;
	}
	/* Flags that shape the mapping (VMSA_TF_SMP: Normal memory
	 * Shareable) before anything is mapped. */
	vmsa_set_flags(t, flags, 0);
	rc = boot_regions(fmt, &r, &n);
	if (rc != VMSA_OK) {
		printf("boot: image and board need more than %u regions\n",
		       (unsigned)BOOT_REGIONS_MAX);
		return rc;
	}
	rc = vmsa_map_regions_ex(t, r, n, &why);
	if (rc != VMSA_OK) {
		/* Both regions of an overlap, the field and granule of a
		 * misalignment, the bytes a pool lacks: the library's own
		 * message, as the build-time board check prints it. */
		vmsa_format_region_error(&why, msg, sizeof msg);
		printf("boot: vmsa_map_regions: %s\n", msg);
		return rc;
	}
	return VMSA_OK;
}
