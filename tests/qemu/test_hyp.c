/*
 * tests/qemu/test_hyp.c - the Hyp regime (Non-secure PL2 stage 1) of the
 * long-descriptor module, src/fmt/fmt_lpae.c's Hyp encoders, and the arch
 * layer's Hyp MMU (src/arch/armv7/hyp.c), judged by the emulated MMU. The
 * test firmware's hyp_main: the boot stub calls it when QEMU starts the
 * image in Hyp mode (vexpress-a15, configuration `hyp`), with the UART
 * up and the Hyp MMU off; nothing of the PL1 boot has run.
 *
 * It builds long-descriptor tables with vmsa_lpae_hyp_leaf_encode and
 * vmsa_lpae_table_encode (RAM identity as 2MB blocks WRITEALLOC RW EXEC,
 * the UART page DEVICE), turns the Hyp MMU on (vmsa_arch_hyp_mmu_enable:
 * HTCR, HMAIR0/1, HTTBR, HSCTLR) and checks with ATS1HR, ATS1HW and the
 * 64-bit PAR, with the tables and checks it shares with test_lpae.c
 * (lpae_tables.h; the faults and the accesses through other VAs are
 * lpae_checks.c's):
 *  - a 1GB block, a 2MB block and a 4KB page with every memory type the
 *    module accepts and four attribute variants: PA[39:12], the HMAIR
 *    byte, SH as the ARM ARM's PAREncodeShareability reports it, writes
 *    to read-only mappings refused (FST 0b0011LL); the word read back
 *    decodes (vmsa_lpae_hyp_leaf_attrs) to the canonical attributes
 *    (vmsa_lpae_hyp_canonical); vmsa_lpae_translate agrees on PA and
 *    level (its attributes are the PL1 decoder's: the Hyp word's AP[1],
 *    should-be-one in this regime, reads there as VMSA_USER);
 *  - translation faults at each level, Access flag faults (AF cleared by
 *    hand), permission faults, each also taken for real as a data abort
 *    to Hyp mode (HSR EC 0x25, the long-format status in its ISS, HDFAR),
 *    and execute-never as a prefetch abort (EC 0x21, HIFAR);
 *  - RAM written and read through a 2MB and a 1GB block at other VAs, a
 *    live page moved to another PA with break-before-make and TLBIMVAH,
 *    one TAP line printed through the UART mapped at a second VA;
 *  - the Hyp encoder's refusals (VMSA_USER, VMSA_NG, VMSA_PXN, VMSA_NS);
 *  - the MMU off again (vmsa_arch_hyp_mmu_disable) and back on.
 * Before the last, the tables are saved for the host decoder check
 * (scripts/vmsa-decode.py --fmt lpae-hyp against vmsa_lpae_dump).
 * PAs: RAM base + 80MB up (scratch). VAs: the tests in the last 1GB slot
 * the identity map leaves empty, the 1GB block in the one before.
 *
 * At PL1 (hyp_pl1_tests, every ARMv7 board): one check that the Hyp calls
 * refuse outside Hyp mode.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"

#include <boot.h>
#include "lpae_tables.h"
#include "tap.h"
#include "test_hyp.h"

/* Beside lpae_tables.h's layout of the test slot (TV): */
#define P_MOVE  0x9000u        /* a page in T_L3 moved between two PAs */

/* The moved page's two PAs (S + 4MB up). */
#define MOVE_A  0x00400000u
#define MOVE_B  0x00401000u

static const struct lt_variant variants[] = {
	{ VMSA_RW, "RW" }, { VMSA_RO, "RO" },
	{ VMSA_RW | VMSA_SHARED, "RW|SHARED" },
	{ VMSA_RW | VMSA_EXEC, "RW|EXEC" },
};

/* ---- every type and variant at every granule ---------------------------- */

/* One block or page (lt_granule_checks): besides what both regimes
 * check, the word has AP[1] set (should-be-one in the Hyp regime). */
static bool leaf_check(const struct lt_leaf *l)
{
	bool ok = l->ok && (l->w & LPAE_LEAF_AP1);

	tap_ok(ok, "hyp: %s %s|%s: ATS1HR PAR %s pa " PA40 "; ATS1HW %s; "
	       "AP[1] = 1; hyp_leaf_attrs == hyp_canonical; vmsa_lpae_translate "
	       "agrees on PA and level", l->granule, l->type, l->variant,
	       lt_par_attr_sh(l->par, l->canon), HL(l->par & LPAE_PAR_PA_MASK),
	       (l->canon & VMSA_RO) ? "permission fault" : "translates");
	return ok;
}

/* ---- a live page moved --------------------------------------------------- */

/* A live page moved from one PA to another: break (a fault entry, cleaned,
 * TLBIMVAH of its VA alone, DSB, ISB), make (the new word, cleaned, DSB):
 * a read through it, which loaded the old translation into the TLB,
 * sees the new PA's word. */
static void move_check(void)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW;
	uint32_t va = lt.TV + T_L3 + P_MOVE, before, after;
	uint64_t w = 0, *e;
	int rc;

	*ptr(lt.S + MOVE_A) = 0xaaaa0001u;
	*ptr(lt.S + MOVE_B) = 0xbbbb0002u;
	rc = lt_map_leaf(3, va, lt.S + MOVE_A, ram, NULL);
	before = *ptr(va);
	rc |= vmsa_lpae_hyp_leaf_encode(3, lt.S + MOVE_B, ram, &w);
	e = lt_entry(3, va);
	if (rc == VMSA_OK && e != NULL) {
		vmsa_arch_store64(e, 0);
		vmsa_arch_sync_table(e, sizeof *e);
		vmsa_arch_hyp_tlbi_va(va, false);
		vmsa_arch_dsb();
		vmsa_arch_isb();
		vmsa_arch_store64(e, w);
		vmsa_arch_sync_table(e, sizeof *e);
	}
	after = *ptr(va);
	tap_ok(rc == VMSA_OK && e != NULL && before == 0xaaaa0001u &&
	       after == 0xbbbb0002u,
	       "hyp: a live 4KB page moved from PA 0x%08lx to 0x%08lx with "
	       "break-before-make and TLBIMVAH: reads 0x%08lx, then 0x%08lx",
	       (unsigned long)(lt.S + MOVE_A), (unsigned long)(lt.S + MOVE_B),
	       (unsigned long)before, (unsigned long)after);
}

/* ---- the encoder's refusals --------------------------------------------- */

/* What the regime does not have: PL0 access, ASIDs (nG), PXN, Secure
 * state. The PL1 encoder takes each; the Hyp encoder refuses it. */
static void refusal_checks(void)
{
	static const struct { vmsa_attr_t a; const char *name; } no[] = {
		{ VMSA_USER, "VMSA_USER" }, { VMSA_NG, "VMSA_NG" },
		{ VMSA_PXN, "VMSA_PXN" }, { VMSA_NS, "VMSA_NS" },
	};
	vmsa_attr_t base = VMSA_MT_WRITEALLOC | VMSA_RW, c;
	uint64_t w, pl1 = 0;
	const uint64_t pa = 0;  /* any 2MB-aligned PA: the attributes count */

	for (unsigned i = 0; i < sizeof no / sizeof no[0]; i++) {
		int pl1_rc = vmsa_lpae_leaf_encode(2, pa, base | no[i].a, &w);
		int hyp_rc = vmsa_lpae_hyp_leaf_encode(2, pa, base | no[i].a, &w);
		int can_rc = vmsa_lpae_hyp_canonical(base | no[i].a, &c);

		tap_ok(pl1_rc == VMSA_OK && hyp_rc == VMSA_ERR_UNSUPPORTED &&
		       can_rc == VMSA_ERR_UNSUPPORTED,
		       "hyp: %s refused by vmsa_lpae_hyp_leaf_encode and "
		       "vmsa_lpae_hyp_canonical (VMSA_ERR_UNSUPPORTED: %d, %d); "
		       "the PL1 encoder takes it (%d)", no[i].name, hyp_rc,
		       can_rc, pl1_rc);
	}
	/* A PL1 word (AP[1] = 0: no PL0 access) has no Hyp form. */
	tap_ok(vmsa_lpae_leaf_encode(2, pa, base, &pl1) == VMSA_OK &&
	       !(pl1 & LPAE_LEAF_AP1) &&
	       vmsa_lpae_hyp_leaf_attrs(2, pl1, &c) == VMSA_ERR_UNSUPPORTED,
	       "hyp: vmsa_lpae_hyp_leaf_attrs refuses the PL1 encoder's word "
	       W64 " (AP[1] = 0, should-be-one in the Hyp regime)", HL(pl1));
}

/* ---- the run ------------------------------------------------------------ */

/* Whether the QEMU configuration announces a Hyp entry on its command
 * line (-append entry=hyp; boards/vexpress-a15/board.mk). */
static bool hyp_announced(void)
{
	static char buf[512];

	return sh_get_cmdline(buf, sizeof buf) == 0 &&
	       strstr(buf, "entry=hyp") != NULL;
}

/* The MMU on with lt_l1: the registers read back, and code, stack and
 * UART translate identity with their attributes. */
static bool on_checks(const char *when)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	uint32_t f = LPAE_TTBCR_T0SZ(7) | LPAE_TTBCR_IRGN0(3) |
	             LPAE_TTBCR_ORGN0(3) | LPAE_TTBCR_SH0(3);
	uint32_t want = LPAE_TTBCR_IRGN0(1) | LPAE_TTBCR_ORGN0(1) |
	                LPAE_TTBCR_SH0(3);
	uint64_t par[3];
	int rc = vmsa_arch_hyp_regs_read(&r);
	bool same = lt_identity(par);

	return tap_ok(rc == VMSA_OK && r.httbr == pa_of(lt_l1) &&
	              (r.htcr & f) == want && (r.htcr & LPAE_HTCR_SBO) &&
	              r.hmair0 == VMSA_LPAE_MAIR0 && r.hmair1 == VMSA_LPAE_MAIR1 &&
	              (r.hsctlr & (HSCTLR_M | HSCTLR_C | HSCTLR_I)) ==
	              (HSCTLR_M | HSCTLR_C | HSCTLR_I) &&
	              !(r.hsctlr & HSCTLR_WXN) && same,
	              "hyp: Hyp MMU on%s (HSCTLR 0x%08lx: M, C, I; HTCR 0x%08lx, "
	              "HTTBR " W64 ", HMAIR0 0x%08lx, HMAIR1 0x%08lx): code, "
	              "stack and UART identity (ATS1HR attr 0x%02lx, 0x%02lx, "
	              "0x%02lx)", when, (unsigned long)r.hsctlr,
	              (unsigned long)r.htcr, HL(r.httbr), (unsigned long)r.hmair0,
	              (unsigned long)r.hmair1,
	              (unsigned long)LPAE_PAR_ATTR_OF(par[0]),
	              (unsigned long)LPAE_PAR_ATTR_OF(par[1]),
	              (unsigned long)LPAE_PAR_ATTR_OF(par[2]));
}

/* The MMU off (nothing of memory lost: a pattern written with the data
 * cache on reads back without it), then on again with the same tables. */
static void off_on_checks(void)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	volatile uint32_t *p = ptr(lt.S + 0x00500000u);
	int rc;
	bool same = true;

	for (uint32_t i = 0; i < 1024; i++)
		p[i] = 0x0ff0000u + i;
	rc = vmsa_arch_hyp_mmu_disable();
	lt.live = false;
	rc |= vmsa_arch_hyp_regs_read(&r);
	for (uint32_t i = 0; i < 1024; i++)
		same &= p[i] == 0x0ff0000u + i;
	tap_ok(rc == VMSA_OK && !(r.hsctlr & (HSCTLR_M | HSCTLR_C)) && same,
	       "hyp: vmsa_arch_hyp_mmu_disable: HSCTLR 0x%08lx (M and C clear); "
	       "4KB written with the data cache on reads back with it off",
	       (unsigned long)r.hsctlr);
	rc = vmsa_arch_hyp_mmu_enable(pa_of(lt_l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1);
	lt.live = rc == VMSA_OK;
	if (!on_checks(" again"))
		tap_diag("  vmsa_arch_hyp_mmu_enable: %d", rc);
}

static void hyp_tests(void)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	uint32_t mode = read_cpsr() & 0x1fu;
	int rc;

	tap_diag("vmsa QEMU Hyp tests on %s, MIDR 0x%08lx", board.name,
	         (unsigned long)read_midr());
	rc = vmsa_arch_hyp_regs_read(&r);
	tap_ok(mode == 0x1a && vmsa_arch_in_hyp() && hyp_announced() &&
	       rc == VMSA_OK && !(r.hsctlr & HSCTLR_M),
	       "hyp: entered in Hyp mode (CPSR.M 0x%02lx), as the QEMU "
	       "configuration announces (entry=hyp); Hyp MMU off (HSCTLR "
	       "0x%08lx)", (unsigned long)mode, (unsigned long)r.hsctlr);
	refusal_checks();

	lt_begin(true, false, 0);
	if (lt_build() != VMSA_OK)
		return;

	rc = vmsa_arch_hyp_mmu_enable(pa_of(lt_l1) + 8, VMSA_LPAE_MAIR0,
	                              VMSA_LPAE_MAIR1);
	vmsa_arch_hyp_regs_read(&r);
	tap_ok(rc == VMSA_ERR_INVAL && !(r.hsctlr & HSCTLR_M),
	       "hyp: a misaligned level 1 table is refused (VMSA_ERR_INVAL), "
	       "the Hyp MMU left off");
	rc = vmsa_arch_hyp_mmu_enable(pa_of(lt_l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1);
	lt.live = rc == VMSA_OK;
	if (!on_checks("") || !lt.live)
		return;

	/* The live page moved after the RAM checks, before the UART's. */
	lt_live_checks(variants, sizeof variants / sizeof variants[0],
	               leaf_check, move_check);
	if (lt_save() != 0)
		tap_diag("hyp: could not save the Hyp table images");
	off_on_checks();
}

int hyp_main(void)
{
	hyp_tests();
	return tap_done() ? 1 : 0;
}

void hyp_pl1_tests(void)
{
	struct vmsa_arch_hyp_regs r;
	uint32_t mode = read_cpsr() & 0x1fu;
	int en = vmsa_arch_hyp_mmu_enable(0, VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1);
	int off = vmsa_arch_hyp_mmu_disable();
	int rd = vmsa_arch_hyp_regs_read(&r);
	bool announced = hyp_announced();

	tap_ok(!vmsa_arch_in_hyp() && en == VMSA_ERR_UNSUPPORTED &&
	       off == VMSA_ERR_UNSUPPORTED && rd == VMSA_ERR_UNSUPPORTED &&
	       !announced,
	       "hyp: at PL1 (CPSR.M 0x%02lx) vmsa_arch_hyp_mmu_enable, "
	       "vmsa_arch_hyp_mmu_disable and vmsa_arch_hyp_regs_read refuse "
	       "(VMSA_ERR_UNSUPPORTED: %d, %d, %d)", (unsigned long)mode, en,
	       off, rd);
	if (announced)
		tap_diag("hyp: the QEMU configuration announces a Hyp entry "
		         "(entry=hyp), but the firmware started at PL1");
}
