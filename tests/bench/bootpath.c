/*
 * tests/bench/bootpath.c - group 2's last rows (make bench): the two boot
 * paths of the boot stub side by side, in exact instructions, for this
 * firmware's own boot regions (the image's parts from its linker symbols
 * and the board's, src/boot/image.c):
 *  - tables built at run time: vmsa_init + vmsa_map_regions of the boot
 *    regions (with the boot table's VMSA_TF_SMP), then the MMU enable;
 *  - prebuilt tables (make TABLES=prebuilt): the enable alone, with the
 *    table fields the enable reads set as boot_prebuilt_regs sets them;
 *  - and what a firmware that changes mappings later adds: vmsa_adopt of
 *    the finished tables (read-only; here the live boot table's).
 * The enable is measured on the live boot table, re-programming the
 * registers it already holds (the same instructions as at boot: QEMU
 * counts instructions, not cache misses). The code each path links is
 * group 7's (size.c: boot, prebuilt, prebuilt + adopt).
 */
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "boot.h"
#include "bench.h"

void bench_boot_paths(struct vmsa_table *t, uint32_t *l1, uint8_t *pool,
                      size_t pool_bytes)
{
	struct vmsa_table *live = &boot_table;
	static struct vmsa_table pre, back;
	const struct vmsa_region *r = NULL;
	struct vmsa_stats st, lst;
	uint32_t smp = live->flags & VMSA_TF_SMP, xb, xe, xp, xa;
	size_t n = 0, bad = 0;
	int rc1 = 0, rc2 = 0, rc3;
	char name[64];

	check_rc(boot_regions(board.fmt, &r, &n), "boot regions");
	xb = MEASURE(rc1 = vmsa_init(t, board.fmt, l1, vmsa_pa((uintptr_t)l1),
	                             pool, vmsa_pa((uintptr_t)pool),
	                             pool_bytes);
	             vmsa_set_flags(t, smp, 0);
	             rc2 = vmsa_map_regions(t, r, n, &bad));
	check_rc(rc1, "boot path init");
	check_rc(rc2, "boot path regions");
	vmsa_stats(t, &st);
	vmsa_stats(live, &lst);
	check(st.descriptors == lst.descriptors && st.entries == lst.entries,
	      "boot regions rebuilt as the boot table");
	xe = MEASURE(vmsa_arch_mmu_enable(live, BOOT_DACR,
	                                  SCTLR_C | SCTLR_I | SCTLR_Z));
	xp = MEASURE(pre.l1 = live->l1; pre.l1_pa = live->l1_pa;
	             pre.pool = live->pool; pre.pool_pa = live->pool_pa;
	             pre.pool_units = live->pool_units;
	             pre.used_units = live->pool_units; pre.fmt = live->fmt;
	             pre.flags = smp;
	             vmsa_arch_mmu_enable(&pre, BOOT_DACR,
	                                  SCTLR_C | SCTLR_I | SCTLR_Z));
	xa = MEASURE(rc3 = vmsa_adopt(&back, live->fmt, live->l1, live->l1_pa,
	                              live->pool, live->pool_pa,
	                              (size_t)live->pool_units * 1024u));
	check_rc(rc3, "vmsa_adopt of the boot table");
	check(back.used_units == live->used_units, "adopt: the same units");

	printf("  boot paths, %s's %u boot regions (image + board):\n",
	       board.name, (unsigned)n);
	snprintf(name, sizeof name, "run-time tables: build + MMU enable");
	row("boot", name, xb + xe, st.descriptors, TGT_NONE, 0);
	row("boot", "  of which the MMU enable", xe, 0, TGT_NONE, 0);
	row("boot", "prebuilt tables: MMU enable only", xp, 0, TGT_NONE, 0);
	row("boot", "  + vmsa_adopt (for changes after boot)", xa,
	    lst.descriptors, TGT_NONE, 0);
}
