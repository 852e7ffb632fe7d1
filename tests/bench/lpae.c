/*
 * tests/bench/lpae.c - group 3b of make bench: the engine on long
 * descriptors (VMSA_FMT_LPAE) beside the short format's rows, measured the
 * same way. This firmware's boot regions (image + board, src/boot/image.c)
 * built as long-descriptor tables (vmsa_init + vmsa_map_regions, the row
 * beside group 2's run-time build), the CPU switched to them
 * (vmsa_arch_lpae_enter), then group 3's runtime calls on the live tables:
 * a 4KB page mapped with a new level-3 table and with the table present,
 * protected, unmapped; a 2MB block mapped, protected, unmapped; a block
 * cut by the protect of one page and folded back; translate and
 * translate_pa of a page and a block. Then back to the short tables
 * (vmsa_arch_lpae_leave). The targets are the short format's (issue of
 * one figure per call, whatever the format).
 */
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/arch.h>

#include "boot.h"
#include "bench.h"

#define KB 1024u
#define MB (1024u * 1024u)

static uint32_t ll1[VMSA_LPAE_L1_BYTES / 4] __attribute__((aligned(0x4000)));
static uint8_t lpool[64 * 4096] __attribute__((aligned(4096)));
static struct vmsa_table lt;

/* The runtime rows on the live LPAE table t. */
static void lpae_runtime(struct vmsa_table *t)
{
	const uint32_t va = 0x50000000u;       /* unmapped on vexpress-a15 */
	const uint64_t pa = board.ram_base + 2 * MB;
	struct vmsa_xlat xl;
	vmsa_pa_t out;
	uint32_t x;
	int rc = 0;

	x = MEASURE(rc = vmsa_map(t, vmsa_va(va), vmsa_pa(pa), 4 * KB,
	                          VMSA_DATA));
	check_rc(rc, "lpae map page (new table)");
	row("lpae", "LPAE map 4KB page, new level-3 table", x, 0, TGT_LE,
	    450u * 1000u);
	x = MEASURE(rc = vmsa_map(t, vmsa_va(va + 0x1000), vmsa_pa(pa + 0x1000),
	                          4 * KB, VMSA_DATA));
	check_rc(rc, "lpae map page");
	check(*(volatile uint32_t *)(va + 0x1000) ==
	      *(volatile uint32_t *)(uintptr_t)(pa + 0x1000),
	      "lpae page reads RAM");
	row("lpae", "LPAE map 4KB page, table present", x, 0, TGT_LE,
	    250u * 1000u);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 0x1000), 4 * KB,
	                              VMSA_RODATA));
	check_rc(rc, "lpae protect page");
	row("lpae", "LPAE protect 4KB page (RW -> RO)", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va + 0x1000), 4 * KB));
	check_rc(rc, "lpae unmap page");
	row("lpae", "LPAE unmap 4KB page, table stays", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va), 4 * KB));
	check_rc(rc, "lpae unmap last page");
	row("lpae", "LPAE unmap 4KB page, table freed", x, 0, TGT_NONE, 0);

	x = MEASURE(rc = vmsa_map(t, vmsa_va(va + 2 * MB), vmsa_pa(pa), 2 * MB,
	                          VMSA_DATA));
	check_rc(rc, "lpae map block");
	row("lpae", "LPAE map 2MB block", x, 0, TGT_LE, 250u * 1000u);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 2 * MB), 2 * MB,
	                              VMSA_RODATA));
	check_rc(rc, "lpae protect block");
	row("lpae", "LPAE protect 2MB block (RW -> RO)", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va + 2 * MB), 2 * MB));
	check_rc(rc, "lpae unmap block");
	row("lpae", "LPAE unmap 2MB block", x, 0, TGT_LE, 250u * 1000u);

	check_rc(vmsa_map(t, vmsa_va(va + 4 * MB), vmsa_pa(pa), 2 * MB,
	                  VMSA_DATA), "lpae map block to split");
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 4 * MB + 0x5000), 4 * KB,
	                              VMSA_RODATA));
	check_rc(rc, "lpae split");
	check(vmsa_translate(t, vmsa_va(va + 4 * MB), &xl) == VMSA_OK &&
	      xl.kind == VMSA_KIND_SMALL, "lpae split made pages");
	row("lpae", "LPAE split block to pages (protect 1 page)", x, 0,
	    TGT_NONE, 0);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 4 * MB + 0x5000), 4 * KB,
	                              VMSA_DATA));
	check_rc(rc, "lpae fold");
	check(vmsa_translate(t, vmsa_va(va + 4 * MB), &xl) == VMSA_OK &&
	      xl.kind == VMSA_KIND_BLOCK, "lpae fold made a block");
	row("lpae", "LPAE fold pages back to the block", x, 0, TGT_NONE, 0);
	/* The UART is a 4KB page; the block just folded a 2MB block. */
	x = MEASURE(rc = vmsa_translate(t, vmsa_va(0x1c090010u), &xl));
	check(rc == VMSA_OK && xl.kind == VMSA_KIND_SMALL, "lpae xlat page");
	row("lpae", "LPAE vmsa_translate, 4KB page", x, 0, TGT_LE, 60u * 1000u);
	x = MEASURE(rc = vmsa_translate_pa(t, vmsa_va(0x1c090010u), &out));
	check(rc == VMSA_OK && out.p == 0x1c090010u, "lpae xlat_pa page");
	row("lpae", "LPAE vmsa_translate_pa, 4KB page", x, 0, TGT_LE,
	    40u * 1000u);
	x = MEASURE(rc = vmsa_translate(t, vmsa_va(va + 4 * MB + 0x10u), &xl));
	check(rc == VMSA_OK && xl.kind == VMSA_KIND_BLOCK, "lpae xlat block");
	row("lpae", "LPAE vmsa_translate, 2MB block", x, 0, TGT_LE, 60u * 1000u);
	x = MEASURE(rc = vmsa_translate_pa(t, vmsa_va(va + 4 * MB + 0x10u),
	                                   &out));
	check(rc == VMSA_OK && out.p == pa + 0x10u, "lpae xlat_pa block");
	row("lpae", "LPAE vmsa_translate_pa, 2MB block", x, 0, TGT_LE,
	    40u * 1000u);
	check_rc(vmsa_unmap(t, vmsa_va(va + 4 * MB), 2 * MB), "lpae unmap");
}

void bench_lpae(void)
{
	const struct vmsa_region *r = NULL;
	struct vmsa_arch_mmu_regs saved;
	struct vmsa_stats st;
	uint32_t smp = boot_table.flags & VMSA_TF_SMP, x;
	size_t n = 0, bad = 0;
	int rc1 = 0, rc2 = 0;
	char name[64];

	header("3b. Long descriptors (VMSA_FMT_LPAE) on the live MMU");
	if (!vmsa_arch_has_lpae()) {
		printf("  (this CPU has no LPAE: group skipped)\n");
		return;
	}
	check_rc(boot_regions(board.fmt, &r, &n), "lpae boot regions");
	x = MEASURE(rc1 = vmsa_init(&lt, VMSA_FMT_LPAE, ll1,
	                            vmsa_pa((uintptr_t)ll1), lpool,
	                            vmsa_pa((uintptr_t)lpool), sizeof lpool);
	            vmsa_set_flags(&lt, smp, 0);
	            rc2 = vmsa_map_regions(&lt, r, n, &bad));
	check_rc(rc1, "lpae init");
	check_rc(rc2, "lpae boot regions mapped");
	vmsa_stats(&lt, &st);
	snprintf(name, sizeof name, "LPAE run-time tables: build (%u regions)",
	         (unsigned)n);
	row("lpae", name, x, st.descriptors, TGT_NONE, 0);
	check_rc(vmsa_arch_lpae_enter(vmsa_ttbr0_pa(&lt), VMSA_LPAE_MAIR0,
	                              VMSA_LPAE_MAIR1, &saved), "lpae enter");
	vmsa_set_flags(&lt, VMSA_TF_LIVE, 0);
	lpae_runtime(&lt);
	vmsa_arch_lpae_leave(&saved);
	check(vmsa_table_check(&lt) == VMSA_OK, "lpae table check");
}
