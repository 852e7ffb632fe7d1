/*
 * src/boot/tables.c - build a translation table from the board's region
 * array, shared by the ARMv7 and ARMv5 boot code (boot.c, boot_v5.c) and
 * by tests that rebuild the tables in another format.
 *
 * Covers: vmsa_init over the caller's L1 and pool, vmsa_map_regions of
 * boot_regions (the image's regions and the board's, src/boot/image.c),
 * the full message of a failure (vmsa_format_region_error: the regions,
 * the field, the reason); the same with the tables' physical addresses
 * apart from where they are written (the host generator of prebuilt
 * tables builds this file with BOOT_IMAGE_HOST, and the boot test); the
 * VMSA_TF_* flags prebuilt tables are built with; with VMSA_BOOT_PREBUILT
 * the fields the MMU enable reads of prebuilt tables, and their adoption.
 * Does not cover turning the MMU on (boot.c / boot_v5.c).
 */
#include <stdio.h>

#include "boot.h"

int boot_build_table_at(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t flags,
                        uint32_t *l1, uint64_t l1_pa, void *pool,
                        uint64_t pool_pa, size_t pool_bytes,
                        const struct vmsa_region *r, size_t n)
{
	struct vmsa_region_error why;
	char msg[320];
	int rc = vmsa_init(t, fmt, l1, vmsa_pa(l1_pa), pool, vmsa_pa(pool_pa),
	                   pool_bytes);

	if (rc != VMSA_OK) {
		printf("boot: vmsa_init: %s\n", vmsa_strerror(rc));
		return rc;
	}
	/* Flags that shape the mapping (VMSA_TF_SMP: Normal memory
	 * Shareable) before anything is mapped. */
	vmsa_set_flags(t, flags, 0);
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

uint32_t boot_prebuilt_flags_for(const struct board *b)
{
	return b->cpus > 1 && b->smp_release != BOOT_SMP_NONE ? VMSA_TF_SMP : 0u;
}

#ifndef BOOT_IMAGE_HOST
int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t flags,
                     uint32_t *l1, void *pool, size_t pool_bytes)
{
	size_t n = 0;
	const struct vmsa_region *r = NULL;
	int rc = boot_regions(fmt, &r, &n);

	if (rc != VMSA_OK) {
		printf("boot: image and board need more than %u regions\n",
		       (unsigned)BOOT_REGIONS_MAX);
		return rc;
	}
	/* Identity-mapped memory: PA == VA while the tables are built. */
	return boot_build_table_at(t, fmt, flags, l1, (uintptr_t)l1, pool,
	                           (uintptr_t)pool, pool_bytes, r, n);
}
#endif

#ifdef VMSA_BOOT_PREBUILT
void boot_prebuilt_regs(struct vmsa_table *pre, uint32_t *l1, void *pool,
                        size_t pool_bytes)
{
	pre->l1 = l1;
	pre->l1_pa = vmsa_pa((uintptr_t)l1);
	pre->pool = pool;
	pre->pool_pa = vmsa_pa((uintptr_t)pool);
	pre->pool_units = (uint32_t)(pool_bytes / 1024u);
	pre->used_units = pre->pool_units;   /* clean the whole pool */
	pre->fmt = board.fmt;
	pre->flags = boot_prebuilt_flags;
}

int boot_adopt_prebuilt(struct vmsa_table *t, uint32_t *l1, void *pool,
                        size_t pool_bytes)
{
	int rc = vmsa_adopt(t, board.fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                    vmsa_pa((uintptr_t)pool), pool_bytes);

	if (rc != VMSA_OK) {
		printf("boot: vmsa_adopt of the prebuilt tables: %s\n",
		       vmsa_strerror(rc));
		return rc;
	}
	vmsa_set_flags(t, boot_prebuilt_flags | VMSA_TF_LIVE, 0);
	printf("vmsa boot: prebuilt tables (built on the host%s), adopted: "
	       "%lu KB of second-level tables in use\n",
	       (boot_prebuilt_flags & VMSA_TF_SMP) ? " with VMSA_TF_SMP" : "",
	       (unsigned long)t->used_units);
	return VMSA_OK;
}
#endif
