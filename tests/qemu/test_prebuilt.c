/*
 * tests/qemu/test_prebuilt.c - with prebuilt tables (make
 * TABLES=prebuilt), the tables the host generator linked into the image
 * against the tables this firmware builds itself: the boot stub's own
 * build (src/boot/tables.c, over this image's boot regions from its
 * linker symbols, with the flags the tables were built with) into
 * scratch memory, for the prebuilt tables' physical addresses
 * (vmsa_init places second-level tables by PA), then compared byte for
 * byte with the live L1 table and the whole pool; and vmsa_adopt's
 * recovered bitmap against the one the build kept.
 *
 * Runs first, before any test changes the boot table. With tables built
 * at run time it reports a skip.
 *
 * Scratch memory: RAM base + 16MB (the tests' scratch PA range; mapped
 * by the board's RAM region).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <boot.h>

#include "tap.h"
#include "test_prebuilt.h"

void prebuilt_tests(struct vmsa_table *live)
{
#ifdef VMSA_BOOT_PREBUILT
	uintptr_t base = board.ram_base + 0x1000000u;
	uint32_t *l1 = (uint32_t *)base;
	uint8_t *pool = (uint8_t *)(base + VMSA_L1_BYTES);
	size_t pool_bytes = (size_t)live->pool_units * 1024u, n = 0;
	const struct vmsa_region *r = NULL;
	struct vmsa_table t;
	int rc;

	tap_ok((live->flags & VMSA_TF_SMP) == (boot_prebuilt_flags & VMSA_TF_SMP) &&
	       (boot_ncpus == 1 || (live->flags & VMSA_TF_SMP)) &&
	       boot_prebuilt_flags == boot_prebuilt_flags_for(&board),
	       "prebuilt tables: built with flags 0x%lx (VMSA_TF_SMP %s), "
	       "the boot table has them, %u CPU(s) run",
	       (unsigned long)boot_prebuilt_flags,
	       (boot_prebuilt_flags & VMSA_TF_SMP) ? "set" : "clear",
	       boot_ncpus);
	memset(l1, 0, VMSA_L1_BYTES);
	memset(pool, 0, pool_bytes);
	rc = boot_regions(board.fmt, &r, &n);
	if (rc == VMSA_OK)
		rc = boot_build_table_at(&t, board.fmt, boot_prebuilt_flags, l1,
		                         live->l1_pa.p, pool, live->pool_pa.p,
		                         pool_bytes, r, n);
	tap_ok(rc == VMSA_OK, "prebuilt tables: the firmware's own build of "
	       "its %u boot regions into scratch memory: %s", (unsigned)n,
	       vmsa_strerror(rc));
	tap_ok(rc == VMSA_OK && memcmp(l1, live->l1, VMSA_L1_BYTES) == 0,
	       "prebuilt tables: L1 table (PA 0x%08lx) byte-identical to the "
	       "firmware's own build (16384 bytes)",
	       (unsigned long)live->l1_pa.p);
	tap_ok(rc == VMSA_OK && memcmp(pool, live->pool, pool_bytes) == 0,
	       "prebuilt tables: pool (PA 0x%08lx) byte-identical to the "
	       "firmware's own build (%u bytes, %u KB of tables)",
	       (unsigned long)live->pool_pa.p, (unsigned)pool_bytes,
	       (unsigned)t.used_units);
	tap_ok(rc == VMSA_OK && t.used_units == live->used_units &&
	       memcmp(t.used, live->used, sizeof t.used) == 0,
	       "prebuilt tables: vmsa_adopt's bitmap (%u units) is the one the "
	       "build kept (%u units)", (unsigned)live->used_units,
	       (unsigned)t.used_units);
#else
	(void)live;
	tap_skip("prebuilt tables byte-identical to the firmware's own build",
	         "this image builds its tables at boot (TABLES=prebuilt)");
#endif
}
