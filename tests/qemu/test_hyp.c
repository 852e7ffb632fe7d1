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
 * 64-bit PAR (the faults and the accesses through other VAs are
 * test_hyp_access.c's, on the tables and helpers of this file,
 * test_hyp_int.h):
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
#include "../../src/report/dump_lpae.h"

#include <boot.h>
#include "dumpfile.h"
#include "tap.h"
#include "test_hyp.h"
#include "test_hyp_int.h"

#define NTAB 8
uint64_t hyp_l1[4] __attribute__((aligned(4096)));
static uint64_t tabs[NTAB][512] __attribute__((aligned(4096)));
static unsigned ntab;
bool hyp_live;
uint32_t hyp_S, hyp_TV, hyp_GV;
uint64_t hyp_GP;
bool hyp_have_gb;

#define T(x) { VMSA_MT_##x, #x }
static const struct { vmsa_attr_t mt; const char *name; } types[] = {
	T(UNCACHED), T(BUFFERABLE), T(WRITETHROUGH), T(WRITEBACK),
	T(WRITEALLOC), T(DEVICE), T(NORMAL_NC),
};
#undef T
static const struct { vmsa_attr_t a; const char *name; } variants[] = {
	{ VMSA_RW, "RW" }, { VMSA_RO, "RO" },
	{ VMSA_RW | VMSA_SHARED, "RW|SHARED" },
	{ VMSA_RW | VMSA_EXEC, "RW|EXEC" },
};

/* ---- tables ------------------------------------------------------------ */

/* One descriptor as the walker must see it: one 64-bit store, cleaned
 * for the walker, DSB; on live tables TLBIALLH (TLBIALL would not reach
 * the Hyp regime's entries), DSB, ISB, and a valid entry replaced by
 * another broken first (break-before-make). */
void hyp_put(uint64_t *e, uint64_t w)
{
	if (hyp_live && (*e & LPAE_TYPE_VALID) && w != 0)
		hyp_put(e, 0);
	vmsa_arch_store64(e, w);
	vmsa_arch_sync_table(e, sizeof *e);
	if (!hyp_live)
		return;
	vmsa_arch_hyp_tlbi_all(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
}

/* The table below entry e at `level`, made (and e pointed at it) if e is
 * a fault; NULL if e is a block or no table is left. */
static uint64_t *sub(int level, uint64_t *e)
{
	uint64_t w, *t;

	if (vmsa_lpae_kind(level, *e) == LPAE_KIND_TABLE)
		return (uint64_t *)(uintptr_t)vmsa_lpae_addr(level, *e);
	if ((*e & LPAE_TYPE_VALID) || ntab == NTAB)
		return NULL;
	t = tabs[ntab++];
	memset(t, 0, sizeof tabs[0]);
	vmsa_arch_sync_table(t, sizeof tabs[0]);
	if (vmsa_lpae_table_encode(level, pa_of(t), &w) != VMSA_OK)
		return NULL;
	hyp_put(e, w);
	return t;
}

/* The entry of va at `level`, the tables above it made as needed. */
uint64_t *hyp_entry(int level, uint32_t va)
{
	uint64_t *t = hyp_l1;

	for (int l = 1; l < level && t != NULL; l++)
		t = sub(l, &t[vmsa_lpae_index(l, va)]);
	return t ? &t[vmsa_lpae_index(level, va)] : NULL;
}

/* Map one block or page with the Hyp encoder; *w (if not NULL) gets the
 * word written. */
int hyp_map_leaf(int level, uint32_t va, uint64_t pa, vmsa_attr_t a,
                    uint64_t *w)
{
	uint64_t word = 0, *e = hyp_entry(level, va);
	int rc = vmsa_lpae_hyp_leaf_encode(level, pa, a, &word);

	if (e == NULL)
		rc = VMSA_ERR_NOMEM;
	if (rc == VMSA_OK)
		hyp_put(e, word);
	if (w != NULL)
		*w = word;
	return rc;
}

/* What the firmware needs to keep running: its RAM as 2MB blocks
 * (WRITEALLOC RW EXEC) and the UART's page (DEVICE), identity. */
static int map_firmware(void)
{
	uint64_t a = board.ram_base & ~(uint64_t)(BLK - 1);
	uint64_t end = (uint64_t)board.ram_base + board.ram_size;
	uint32_t u = (uint32_t)board.uart_base & ~(PG - 1);
	int rc = VMSA_OK;

	for (; a < end && rc == VMSA_OK; a += BLK)
		rc = hyp_map_leaf(2, (uint32_t)a, a, VMSA_MT_WRITEALLOC | VMSA_RW |
		              VMSA_EXEC, NULL);
	if (rc == VMSA_OK)
		rc = hyp_map_leaf(3, u, u, VMSA_MT_DEVICE | VMSA_RW, NULL);
	return rc;
}

/* vmsa_lpae_translate's window on the tables: identity, this file's
 * tables only. */
const uint64_t *hyp_table_at(void *arg, uint64_t pa)
{
	(void)arg;
	for (unsigned i = 0; i < ntab; i++)
		if (pa == pa_of(tabs[i]))
			return tabs[i];
	return NULL;
}

/* The module's one-pass translation of va agrees with the MMU on the PA
 * and the level of the leaf. It decodes with the PL1 decoder, so its
 * attributes are the Hyp canonical ones with VMSA_USER (AP[1] = 1). */
static bool sw_walk_says(uint32_t va, uint64_t pa, vmsa_attr_t canon,
                         int level)
{
	struct vmsa_lpae_xlat x;
	int rc = vmsa_lpae_translate(hyp_l1, hyp_table_at, NULL, va, &x);
	bool ok = rc == VMSA_OK && x.pa == pa && x.level == level &&
	          x.attrs == (canon | VMSA_USER);

	if (!ok)
		tap_diag("  vmsa_lpae_translate(0x%08lx): %d, pa " PA40 ", attrs "
		         "0x%lx, level %u", (unsigned long)va, rc, HL(x.pa),
		         (unsigned long)x.attrs, x.level);
	return ok;
}

/* ---- the 64-bit PAR ---------------------------------------------------- */

/* SH as the ARM ARM's PAREncodeShareability reports it: Outer Shareable
 * (10) for Device and Strongly-ordered memory (MAIR byte 0000xxxx) and
 * Normal inner and outer Non-cacheable memory (0x44); otherwise the
 * descriptor's SH (11 for VMSA_SHARED, 00 without). */
static unsigned sh_expected(int attr, vmsa_attr_t canon)
{
	if ((attr & 0xf0) == 0 || attr == 0x44)
		return LPAE_SH_OUTER;
	return (canon & VMSA_SHARED) ? LPAE_SH_INNER : LPAE_SH_NON;
}

/* PAR.SH against the ARM ARM, with QEMU 7.2's one deviation accepted
 * (and said once): the descriptor's SH for Normal Non-cacheable memory,
 * as at PL1 (test_lpae.c). */
static bool sh_ok(uint64_t par, int attr, vmsa_attr_t canon)
{
	static bool said;
	unsigned got = LPAE_PAR_SH_OF(par);

	if (got == sh_expected(attr, canon))
		return true;
	if (attr != 0x44 || got != ((canon & VMSA_SHARED) ? LPAE_SH_INNER : LPAE_SH_NON))
		return false;
	if (!said)
		tap_diag("hyp: QEMU reports PAR.SH = the descriptor's SH for "
		         "Normal Non-cacheable memory (HMAIR 0x44), where the ARM "
		         "ARM's PAREncodeShareability gives 0b10; accepted as "
		         "QEMU's deviation");
	said = true;
	return true;
}

/* A translation to pa of a mapping with canonical attributes canon: F =
 * 0, LPAE, PA[39:12], the module's attribute byte for the type, SH. (NS
 * is UNKNOWN: the Hyp regime is Non-secure.) */
bool hyp_par_says(uint64_t par, uint64_t pa, vmsa_attr_t canon)
{
	int attr = vmsa_lpae_mair_byte(VMSA_MT(canon));

	return !(par & LPAE_PAR_F) && (par & LPAE_PAR_LPAE) &&
	       (par & LPAE_PAR_PA_MASK) == (pa & LPAE_PAR_PA_MASK) &&
	       attr >= 0 && LPAE_PAR_ATTR_OF(par) == (uint32_t)attr &&
	       sh_ok(par, attr, canon);
}

bool hyp_par_fault(uint64_t par, unsigned fst)
{
	return (par & LPAE_PAR_F) && (par & LPAE_PAR_LPAE) &&
	       LPAE_PAR_FST_OF(par) == fst;
}

/* ---- every type and variant at every granule ---------------------------- */

struct granule {
	const char *name;
	int level;
	uint32_t va;            /* of the block or page */
	uint64_t pa;
	uint32_t off;           /* where in it ATS looks */
};

static void leaf_check(const struct granule *g, unsigned ti, unsigned vi)
{
	vmsa_attr_t a = types[ti].mt | variants[vi].a, canon = 0, back = 0;
	uint64_t w = 0, pa = g->pa + (g->off & ~(PG - 1)), par, parw, *e;
	uint32_t va = g->va + g->off;
	int rc = vmsa_lpae_hyp_canonical(a, &canon), rcb = VMSA_ERR_INVAL;
	unsigned sh_arm;
	bool ro, ok;

	/* S applies to Normal memory only: refused for Device and SO. */
	if (rc == VMSA_ERR_INVAL && (a & VMSA_SHARED) &&
	    (types[ti].mt == VMSA_MT_UNCACHED || types[ti].mt == VMSA_MT_DEVICE))
		return;
	if (rc == VMSA_OK)
		rc = hyp_map_leaf(g->level, g->va, g->pa, a, &w);
	e = hyp_entry(g->level, g->va);
	if (e != NULL)
		rcb = vmsa_lpae_hyp_leaf_attrs(g->level, *e, &back);
	par = vmsa_arch_ats1hr64(va);
	parw = vmsa_arch_ats1hw64(va);
	ro = canon & VMSA_RO;
	ok = rc == VMSA_OK && e != NULL && *e == w && (w & LPAE_LEAF_AP1) &&
	     rcb == VMSA_OK && back == canon && hyp_par_says(par, pa, canon) &&
	     sw_walk_says(va, pa + (va & (PG - 1)), canon, g->level) &&
	     (ro ? hyp_par_fault(parw, FST_PERMISSION(g->level))
	         : hyp_par_says(parw, pa, canon));
	sh_arm = sh_expected(vmsa_lpae_mair_byte(VMSA_MT(canon)), canon);
	tap_ok(ok, "hyp: %s %s|%s: ATS1HR PAR attr 0x%02lx sh %lu%s pa " PA40
	       "; ATS1HW %s; AP[1] = 1; hyp_leaf_attrs == hyp_canonical; "
	       "vmsa_lpae_translate agrees on PA and level",
	       g->name, types[ti].name, variants[vi].name,
	       (unsigned long)LPAE_PAR_ATTR_OF(par),
	       (unsigned long)LPAE_PAR_SH_OF(par),
	       LPAE_PAR_SH_OF(par) == sh_arm ? "" : " (ARM ARM: 2)",
	       HL(par & LPAE_PAR_PA_MASK),
	       ro ? "permission fault" : "translates");
	if (!ok)
		tap_diag("  va 0x%08lx: rc %d, word " W64 ", canonical 0x%lx, "
		         "decoded 0x%lx (%d); PAR R " W64 " W " W64,
		         (unsigned long)va, rc, HL(w), (unsigned long)canon,
		         (unsigned long)back, rcb, HL(par), HL(parw));
}

static void granule_checks(void)
{
	const struct granule g[] = {
		{ "1GB block", 1, hyp_GV, hyp_GP, hyp_S - (uint32_t)hyp_GP + 0x2468u },
		{ "2MB block", 2, hyp_TV + T_BLK, hyp_S, 0x123456u },
		{ "4KB page", 3, hyp_TV + T_L3 + P_PAGE, hyp_S + 0x3000u, 0x9abu },
	};

	for (unsigned i = hyp_have_gb ? 0 : 1; i < 3; i++)
		for (unsigned ti = 0; ti < sizeof types / sizeof types[0]; ti++)
			for (unsigned vi = 0; vi < sizeof variants / sizeof variants[0]; vi++)
				leaf_check(&g[i], ti, vi);
	if (!hyp_have_gb)
		tap_skip("hyp: 1GB blocks", "no second 1GB slot free of the board");
}

/* ---- the tables for the host decoder ------------------------------------ */

/* For the runner (scripts/run-qemu-tests.sh): the header line, the level
 * 1 table (hyp-l1.bin) and the memory of every table below it
 * (hyp-pool.bin: tabs) saved through semihosting, then vmsa_lpae_dump's
 * lines for the Hyp regime prefixed "# hyp| "; scripts/vmsa-decode.py
 * --fmt lpae-hyp must print the same lines from the two images. */
static int dump_hyp_tables(void)
{
	struct dump_line_buf lb = { .prefix = "# hyp| ", .len = 0 };
	int rc;

	printf("# vmsa-tables hyp fmt=lpae-hyp l1_pa=0x%08lx pool_pa=0x%08lx "
	       "pool_bytes=%lu\n", (unsigned long)pa_of(hyp_l1),
	       (unsigned long)pa_of(tabs), (unsigned long)sizeof tabs);
	rc = sh_write_file("hyp-l1.bin", hyp_l1, sizeof hyp_l1);
	rc |= sh_write_file("hyp-pool.bin", tabs, sizeof tabs);
	if (vmsa_lpae_dump(hyp_l1, hyp_table_at, NULL, true, dump_line_out, &lb) != VMSA_OK)
		rc = -1;
	if (lb.len)
		dump_line_out(&lb, "\n");
	return rc;
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

	for (unsigned i = 0; i < sizeof no / sizeof no[0]; i++) {
		int pl1_rc = vmsa_lpae_leaf_encode(2, hyp_S, base | no[i].a, &w);
		int hyp_rc = vmsa_lpae_hyp_leaf_encode(2, hyp_S, base | no[i].a, &w);
		int can_rc = vmsa_lpae_hyp_canonical(base | no[i].a, &c);

		tap_ok(pl1_rc == VMSA_OK && hyp_rc == VMSA_ERR_UNSUPPORTED &&
		       can_rc == VMSA_ERR_UNSUPPORTED,
		       "hyp: %s refused by vmsa_lpae_hyp_leaf_encode and "
		       "vmsa_lpae_hyp_canonical (VMSA_ERR_UNSUPPORTED: %d, %d); "
		       "the PL1 encoder takes it (%d)", no[i].name, hyp_rc,
		       can_rc, pl1_rc);
	}
	/* A PL1 word (AP[1] = 0: no PL0 access) has no Hyp form. */
	tap_ok(vmsa_lpae_leaf_encode(2, hyp_S, base, &pl1) == VMSA_OK &&
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

/* The MMU on with l1: the registers read back, and code, stack and UART
 * translate identity with their attributes. */
static bool on_checks(const char *when)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	vmsa_attr_t c_ram = 0, c_dev = 0;
	uint32_t code = pa_of(on_checks), stack = pa_of(&r);
	uint32_t f = LPAE_TTBCR_T0SZ(7) | LPAE_TTBCR_IRGN0(3) |
	             LPAE_TTBCR_ORGN0(3) | LPAE_TTBCR_SH0(3);
	uint32_t want = LPAE_TTBCR_IRGN0(1) | LPAE_TTBCR_ORGN0(1) |
	                LPAE_TTBCR_SH0(3);
	uint64_t par_c, par_s, par_u;
	int rc = vmsa_arch_hyp_regs_read(&r);

	vmsa_lpae_hyp_canonical(VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC, &c_ram);
	vmsa_lpae_hyp_canonical(VMSA_MT_DEVICE | VMSA_RW, &c_dev);
	par_c = vmsa_arch_ats1hr64(code);
	par_s = vmsa_arch_ats1hr64(stack);
	par_u = vmsa_arch_ats1hr64((uint32_t)board.uart_base);
	return tap_ok(rc == VMSA_OK && r.httbr == pa_of(hyp_l1) &&
	              (r.htcr & f) == want && (r.htcr & LPAE_HTCR_SBO) &&
	              r.hmair0 == VMSA_LPAE_MAIR0 && r.hmair1 == VMSA_LPAE_MAIR1 &&
	              (r.hsctlr & (HSCTLR_M | HSCTLR_C | HSCTLR_I)) ==
	              (HSCTLR_M | HSCTLR_C | HSCTLR_I) &&
	              !(r.hsctlr & HSCTLR_WXN) &&
	              hyp_par_says(par_c, code, c_ram) && hyp_par_says(par_s, stack, c_ram) &&
	              hyp_par_says(par_u, board.uart_base, c_dev),
	              "hyp: Hyp MMU on%s (HSCTLR 0x%08lx: M, C, I; HTCR 0x%08lx, "
	              "HTTBR " W64 ", HMAIR0 0x%08lx, HMAIR1 0x%08lx): code, "
	              "stack and UART identity (ATS1HR attr 0x%02lx, 0x%02lx, "
	              "0x%02lx)", when, (unsigned long)r.hsctlr,
	              (unsigned long)r.htcr, HL(r.httbr), (unsigned long)r.hmair0,
	              (unsigned long)r.hmair1,
	              (unsigned long)LPAE_PAR_ATTR_OF(par_c),
	              (unsigned long)LPAE_PAR_ATTR_OF(par_s),
	              (unsigned long)LPAE_PAR_ATTR_OF(par_u));
}

/* The MMU off (nothing of memory lost: a pattern written with the data
 * cache on reads back without it), then on again with the same tables. */
static void off_on_checks(void)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	volatile uint32_t *p = ptr(hyp_S + 0x00500000u);
	int rc;
	bool same = true;

	for (uint32_t i = 0; i < 1024; i++)
		p[i] = 0x0ff0000u + i;
	rc = vmsa_arch_hyp_mmu_disable();
	hyp_live = false;
	rc |= vmsa_arch_hyp_regs_read(&r);
	for (uint32_t i = 0; i < 1024; i++)
		same &= p[i] == 0x0ff0000u + i;
	tap_ok(rc == VMSA_OK && !(r.hsctlr & (HSCTLR_M | HSCTLR_C)) && same,
	       "hyp: vmsa_arch_hyp_mmu_disable: HSCTLR 0x%08lx (M and C clear); "
	       "4KB written with the data cache on reads back with it off",
	       (unsigned long)r.hsctlr);
	rc = vmsa_arch_hyp_mmu_enable(pa_of(hyp_l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1);
	hyp_live = rc == VMSA_OK;
	if (!on_checks(" again"))
		tap_diag("  vmsa_arch_hyp_mmu_enable: %d", rc);
}

static void hyp_tests(void)
{
	struct vmsa_arch_hyp_regs r = { 0 };
	uint32_t mode = read_cpsr() & 0x1fu;
	int rc, slot;

	tap_diag("vmsa QEMU Hyp tests on %s, MIDR 0x%08lx", board.name,
	         (unsigned long)read_midr());
	rc = vmsa_arch_hyp_regs_read(&r);
	tap_ok(mode == 0x1a && vmsa_arch_in_hyp() && hyp_announced() &&
	       rc == VMSA_OK && !(r.hsctlr & HSCTLR_M),
	       "hyp: entered in Hyp mode (CPSR.M 0x%02lx), as the QEMU "
	       "configuration announces (entry=hyp); Hyp MMU off (HSCTLR "
	       "0x%08lx)", (unsigned long)mode, (unsigned long)r.hsctlr);
	refusal_checks();

	hyp_S = board.ram_base + 80 * MB;
	rc = map_firmware();
	/* The tests in the last 1GB slot the identity map left empty, the
	 * 1GB block in an earlier one (at the RAM's own 1GB PA). */
	for (slot = 3; slot >= 0 && hyp_l1[slot] != 0; slot--)
		continue;
	hyp_TV = slot < 0 ? 0 : (uint32_t)slot << 30;
	if (slot < 0)
		rc = VMSA_ERR_NOMEM;
	for (slot--; slot >= 0 && hyp_l1[slot] != 0; slot--)
		continue;
	hyp_have_gb = slot >= 0;
	hyp_GV = hyp_have_gb ? (uint32_t)slot << 30 : 0;
	hyp_GP = board.ram_base & ~(GB - 1);
	tap_ok(rc == VMSA_OK, "hyp: tables built with vmsa_lpae_hyp_leaf_encode: "
	       "RAM 0x%08lx-0x%08lx as 2MB blocks WRITEALLOC|RW|EXEC, UART page "
	       "0x%08lx DEVICE; tests at VA 0x%08lx, 1GB block at 0x%08lx",
	       (unsigned long)board.ram_base,
	       (unsigned long)(board.ram_base + board.ram_size - 1),
	       (unsigned long)board.uart_base, (unsigned long)hyp_TV,
	       (unsigned long)hyp_GV);
	if (rc != VMSA_OK)
		return;

	rc = vmsa_arch_hyp_mmu_enable(pa_of(hyp_l1) + 8, VMSA_LPAE_MAIR0,
	                              VMSA_LPAE_MAIR1);
	vmsa_arch_hyp_regs_read(&r);
	tap_ok(rc == VMSA_ERR_INVAL && !(r.hsctlr & HSCTLR_M),
	       "hyp: a misaligned level 1 table is refused (VMSA_ERR_INVAL), "
	       "the Hyp MMU left off");
	rc = vmsa_arch_hyp_mmu_enable(pa_of(hyp_l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1);
	hyp_live = rc == VMSA_OK;
	if (!on_checks("") || !hyp_live)
		return;

	granule_checks();
	hyp_fault_checks();
	hyp_access_checks();
	if (dump_hyp_tables() != 0)
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
