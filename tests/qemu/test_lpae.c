/*
 * tests/qemu/test_lpae.c - the long-descriptor (LPAE) format module,
 * src/fmt/fmt_lpae.c, judged by the emulated MMU. The engine does not
 * write this format, so the tables are built here, every word from the
 * module's encoders (vmsa_lpae_leaf_encode, vmsa_lpae_table_encode).
 *
 * On a CPU with LPAE (Cortex-A15, A7) it maps the firmware identity (RAM
 * as 2MB blocks, the UART as a 4KB Device page), switches the CPU to long
 * descriptors (vmsa_arch_lpae_enter) and checks with ATS1CPR, ATS1CPW,
 * ATS1CUR and the 64-bit PAR:
 *  - a 1GB block, a 2MB block and a 4KB page with every memory type the
 *    module accepts and eight attribute variants: PA[39:12], the MAIR
 *    byte, SH as the ARM ARM's PAREncodeShareability reports it, NS in
 *    Secure state, PL1 writes to read-only and PL0 reads of privileged
 *    mappings refused; the word read back decodes (vmsa_lpae_leaf_attrs)
 *    to the canonical attributes, and the module's one-pass translation
 *    (vmsa_lpae_translate) agrees with the MMU;
 *  - translation faults at each level; Access flag faults (AF cleared by
 *    hand, the one bit this file writes itself); permission faults; each
 *    also taken for real, as the boot stub decodes the long-format DFSR;
 *  - RAM written and read through a 2MB and a 1GB block at other VAs, one
 *    TAP line printed through the UART mapped at a second VA;
 *  - when the QEMU configuration has RAM past 4GB (its command line says
 *    ram-end=...): one PA there through a 2MB block and 4KB pages;
 * then switches back (vmsa_arch_lpae_leave) and checks that the short-
 * descriptor tables translate again. Without LPAE (Cortex-A8, A9): one
 * check that the switch is refused. PAs: RAM base + 80MB up (scratch),
 * 0x140000000 past 4GB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"
#include "../../src/uart/uart.h"

#include <boot.h>
#include "tap.h"
#include "test_lpae.h"

#define MB  0x100000u
#define BLK (2u * MB)
#define PG  0x1000u
#define GB  (1ull << 30)

/* Offsets in the test slot (TV). */
#define T_BLK   0x00200000u    /* 2MB block, every type -> S */
#define T_L3    0x00400000u    /* a level 3 table, with: */
#define P_PAGE  0x5000u        /*   4KB page, every type -> S + 0x3000 */
#define P_HOLE  0x6000u        /*   an unmapped entry */
#define P_AF    0x7000u        /*   a page with AF clear */
#define P_UART  0x8000u        /*   the UART, Device */
#define T_HOLE  0x00600000u    /* an unmapped level 2 entry */
#define T_RAM   0x00800000u    /* 2MB block WRITEALLOC -> S + 2MB */
#define T_AF    0x00a00000u    /* 2MB block with AF clear */
#define T_HIB   0x00c00000u    /* 2MB block -> HI_PA */
#define T_HIP   0x00e00000u    /* 4KB pages -> HI_PA */
#define T_CODE  0x01000000u    /* 2MB block -> this file's code */

#define HI_PA    0x140000000ull /* RAM past 4GB with lpae-4g */
#define HI_BYTES 0x4000u

/* Long-descriptor fault status (PAR.FST, DFSR.STATUS): 0b0001nn
 * translation, 0b0010nn Access flag, 0b0011nn permission, level nn. */
#define FST_TRANSLATION(l) (0x04u | (unsigned)(l))
#define FST_ACCESS(l)      (0x08u | (unsigned)(l))
#define FST_PERMISSION(l)  (0x0cu | (unsigned)(l))

/* newlib-nano's printf has no %ll: 64-bit values as two halves. */
#define PA40 "0x%02lx%08lx"
#define W64  "0x%08lx%08lx"
#define HL(v) (unsigned long)((uint64_t)(v) >> 32), (unsigned long)(uint32_t)(v)

#define NTAB 8
static uint64_t l1[4] __attribute__((aligned(4096)));
static uint64_t tabs[NTAB][512] __attribute__((aligned(4096)));
static unsigned ntab;
static bool live;               /* the MMU walks l1 */
static bool secure_state;
static uint32_t S, TV, GV;      /* scratch PA, test slot, 1GB slot */
static uint64_t GP;             /* PA of the 1GB block */
static bool have_gb;
static vmsa_attr_t shared;      /* VMSA_SHARED with SMP tables */

#define T(x) { VMSA_MT_##x, #x }
static const struct { vmsa_attr_t mt; const char *name; } types[] = {
	T(UNCACHED), T(BUFFERABLE), T(WRITETHROUGH), T(WRITEBACK),
	T(WRITEALLOC), T(DEVICE), T(NORMAL_NC),
};
#undef T
static const struct { vmsa_attr_t a; const char *name; } variants[] = {
	{ VMSA_RW, "RW" }, { VMSA_RO, "RO" }, { VMSA_RW | VMSA_USER, "RW|USER" },
	{ VMSA_RO | VMSA_USER | VMSA_NG, "RO|USER|NG" },
	{ VMSA_RW | VMSA_SHARED, "RW|SHARED" }, { VMSA_RW | VMSA_NS, "RW|NS" },
	{ VMSA_RO | VMSA_PXN, "RO|PXN" },
	{ VMSA_RW | VMSA_EXEC | VMSA_NG, "RW|EXEC|NG" },
};

#define ptr(va) ((volatile uint32_t *)(uintptr_t)(va))
/* The firmware runs identity mapped: its objects' PAs are their VAs. */
#define pa_of(p) ((uint32_t)(uintptr_t)(p))

/* ---- tables ------------------------------------------------------------ */

/* One descriptor as the walker must see it: one 64-bit store, cleaned
 * for the walker, DSB; on live tables TLBIALL, DSB, ISB, and a valid
 * entry replaced by another broken first (break-before-make). */
static void put(uint64_t *e, uint64_t w)
{
	if (live && (*e & LPAE_TYPE_VALID) && w != 0)
		put(e, 0);
	vmsa_arch_store64(e, w);
	vmsa_arch_sync_table(e, sizeof *e);
	if (!live)
		return;
	vmsa_arch_tlbi_all(false);
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
	put(e, w);
	return t;
}

/* The entry of va at `level`, the tables above it made as needed. */
static uint64_t *entry(int level, uint32_t va)
{
	uint64_t *t = l1;

	for (int l = 1; l < level && t != NULL; l++)
		t = sub(l, &t[vmsa_lpae_index(l, va)]);
	return t ? &t[vmsa_lpae_index(level, va)] : NULL;
}

/* Map one block or page; *w (if not NULL) gets the word written. */
static int map_leaf(int level, uint32_t va, uint64_t pa, vmsa_attr_t a,
                    uint64_t *w)
{
	uint64_t word = 0, *e = entry(level, va);
	int rc = vmsa_lpae_leaf_encode(level, pa, a, &word);

	if (e == NULL)
		rc = VMSA_ERR_NOMEM;
	if (rc == VMSA_OK)
		put(e, word);
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
		rc = map_leaf(2, (uint32_t)a, a, VMSA_MT_WRITEALLOC | VMSA_RW |
		              VMSA_EXEC | shared, NULL);
	if (rc == VMSA_OK)
		rc = map_leaf(3, u, u, VMSA_MT_DEVICE | VMSA_RW, NULL);
	return rc;
}

/* vmsa_lpae_translate's window on the tables: identity, this file's
 * tables only. */
static const uint64_t *table_at(void *arg, uint64_t pa)
{
	(void)arg;
	for (unsigned i = 0; i < ntab; i++)
		if (pa == pa_of(tabs[i]))
			return tabs[i];
	return NULL;
}

/* The module's one-pass translation of va agrees with the MMU: pa,
 * canonical attributes, the level of the leaf. */
static bool sw_walk_says(uint32_t va, uint64_t pa, vmsa_attr_t canon,
                         int level)
{
	struct vmsa_lpae_xlat x;
	int rc = vmsa_lpae_translate(l1, table_at, NULL, va, &x);
	bool ok = rc == VMSA_OK && x.pa == pa && x.attrs == canon &&
	          x.level == level;

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

/* PAR.SH against the ARM ARM, with the one deviation accepted (and said
 * once): QEMU 7.2 reports the descriptor's SH for Normal Non-cacheable
 * memory. (Device and SO cannot show it: the module writes SH = 10.) */
static bool sh_ok(uint64_t par, int attr, vmsa_attr_t canon)
{
	static bool said;
	unsigned got = LPAE_PAR_SH_OF(par);

	if (got == sh_expected(attr, canon))
		return true;
	if (attr != 0x44 || got != ((canon & VMSA_SHARED) ? LPAE_SH_INNER : LPAE_SH_NON))
		return false;
	if (!said)
		tap_diag("lpae: QEMU reports PAR.SH = the descriptor's SH for "
		         "Normal Non-cacheable memory (MAIR 0x44), where the ARM "
		         "ARM's PAREncodeShareability gives 0b10; accepted as "
		         "QEMU's deviation");
	said = true;
	return true;
}

/* A translation to pa of a mapping with canonical attributes canon: F =
 * 0, LPAE, PA[39:12], the module's attribute byte for the type, SH, and
 * NS in Secure state (UNKNOWN in Non-secure state). */
static bool par_says(uint64_t par, uint64_t pa, vmsa_attr_t canon)
{
	int attr = vmsa_lpae_mair_byte(VMSA_MT(canon));
	bool ok = !(par & LPAE_PAR_F) && (par & LPAE_PAR_LPAE) &&
	          (par & LPAE_PAR_PA_MASK) == (pa & LPAE_PAR_PA_MASK) &&
	          attr >= 0 && LPAE_PAR_ATTR_OF(par) == (uint32_t)attr &&
	          sh_ok(par, attr, canon);

	if (secure_state)
		ok &= !(par & LPAE_PAR_NS) == !(canon & VMSA_NS);
	return ok;
}

static bool par_fault(uint64_t par, unsigned fst)
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
	uint64_t w = 0, pa = g->pa + (g->off & ~(PG - 1)), par, parw, paru, *e;
	uint32_t va = g->va + g->off;
	int rc = vmsa_lpae_canonical(a, &canon), rcb = VMSA_ERR_INVAL;
	unsigned sh_arm;
	bool ro, user, ok;

	/* S applies to Normal memory only: refused for Device and SO. */
	if (rc == VMSA_ERR_INVAL && (a & VMSA_SHARED) &&
	    (types[ti].mt == VMSA_MT_UNCACHED || types[ti].mt == VMSA_MT_DEVICE))
		return;
	if (rc == VMSA_OK)
		rc = map_leaf(g->level, g->va, g->pa, a, &w);
	e = entry(g->level, g->va);
	if (e != NULL)
		rcb = vmsa_lpae_leaf_attrs(g->level, *e, &back);
	par = vmsa_arch_ats1cpr64(va);
	parw = vmsa_arch_ats1cpw64(va);
	paru = vmsa_arch_ats1cur64(va);
	ro = canon & VMSA_RO;
	user = canon & VMSA_USER;
	ok = rc == VMSA_OK && e != NULL && *e == w && rcb == VMSA_OK &&
	     back == canon && par_says(par, pa, canon) &&
	     sw_walk_says(va, pa + (va & (PG - 1)), canon, g->level) &&
	     (ro ? par_fault(parw, FST_PERMISSION(g->level))
	         : par_says(parw, pa, canon)) &&
	     (user ? par_says(paru, pa, canon)
	           : par_fault(paru, FST_PERMISSION(g->level)));
	sh_arm = sh_expected(vmsa_lpae_mair_byte(VMSA_MT(canon)), canon);
	tap_ok(ok, "lpae: %s %s|%s: PAR attr 0x%02lx sh %lu%s ns %lu pa " PA40
	       "; PL1 write %s, PL0 read %s; leaf_attrs == canonical; "
	       "vmsa_lpae_translate agrees",
	       g->name, types[ti].name, variants[vi].name,
	       (unsigned long)LPAE_PAR_ATTR_OF(par),
	       (unsigned long)LPAE_PAR_SH_OF(par),
	       LPAE_PAR_SH_OF(par) == sh_arm ? "" : " (ARM ARM: 2)",
	       (unsigned long)((par & LPAE_PAR_NS) != 0),
	       HL(par & LPAE_PAR_PA_MASK), ro ? "permission fault" : "ok",
	       user ? "ok" : "permission fault");
	if (!ok)
		tap_diag("  va 0x%08lx: rc %d, word " W64 ", canonical 0x%lx, "
		         "decoded 0x%lx (%d); PAR R " W64 " W " W64 " U " W64,
		         (unsigned long)va, rc, HL(w), (unsigned long)canon,
		         (unsigned long)back, rcb, HL(par), HL(parw), HL(paru));
}

static void granule_checks(void)
{
	const struct granule g[] = {
		{ "1GB block", 1, GV, GP, S - (uint32_t)GP + 0x2468u },
		{ "2MB block", 2, TV + T_BLK, S, 0x123456u },
		{ "4KB page", 3, TV + T_L3 + P_PAGE, S + 0x3000u, 0x9abu },
	};

	for (unsigned i = have_gb ? 0 : 1; i < 3; i++)
		for (unsigned ti = 0; ti < sizeof types / sizeof types[0]; ti++)
			for (unsigned vi = 0; vi < sizeof variants / sizeof variants[0]; vi++)
				leaf_check(&g[i], ti, vi);
	if (!have_gb)
		tap_skip("lpae: 1GB blocks", "no second 1GB slot free of the board");
}

/* ---- faults ------------------------------------------------------------ */

/* A real access at va (a read, or a write): the data abort it takes, as
 * the boot stub decodes the long-descriptor DFSR (src/boot/fault.c), is
 * a fault of `type` at `level` on va. */
static bool abort_is(uint32_t va, bool write, enum fault_type type, int level)
{
	struct fault_info f;
	bool ok;

	expect_fault(EXC_DABT);
	if (write)
		*ptr(va) = 0x600dcafeu;
	else
		(void)*ptr(va);
	ok = fault_taken(&f) && f.exc == EXC_DABT && f.lpae &&
	     f.type == type && f.level == level && f.far == va &&
	     f.write == write && f.domain == 0;
	if (!ok)
		tap_diag("  access at 0x%08lx: %s fault, level %d, far 0x%08lx, "
		         "%s, DFSR 0x%03lx", (unsigned long)va,
		         fault_type_name(f.type), f.level, (unsigned long)f.far,
		         f.lpae ? "long format" : "short format",
		         (unsigned long)f.fsr);
	return ok;
}

/* A block or page written by the encoder, then its Access flag cleared
 * by hand: an Access flag fault at its level, and the module's decoder
 * refuses the word (vmsa never writes AF = 0). */
static void af_check(int level, uint32_t va, uint64_t pa, const char *name)
{
	uint64_t w = 0, par;
	vmsa_attr_t back;
	int rc = map_leaf(level, va, pa, VMSA_MT_WRITEALLOC | VMSA_RW | shared, &w);

	if (rc == VMSA_OK)
		put(entry(level, va), w & ~LPAE_LEAF_AF);
	par = vmsa_arch_ats1cpr64(va + 0x10);
	tap_ok(rc == VMSA_OK && par_fault(par, FST_ACCESS(level)) &&
	       abort_is(va + 0x10, true, FT_ACCESS_FLAG, level) &&
	       vmsa_lpae_leaf_attrs(level, w & ~LPAE_LEAF_AF, &back) ==
	       VMSA_ERR_UNSUPPORTED,
	       "lpae: %s with LPAE_LEAF_AF cleared: Access flag fault, level %d "
	       "(PAR " W64 ", FST 0x%02lx), and a write aborts with it; "
	       "vmsa_lpae_leaf_attrs refuses the word",
	       name, level, HL(par), (unsigned long)LPAE_PAR_FST_OF(par));
}

/* An unmapped entry at `level`: a translation fault at that level, for
 * ATS1CPR and for a real read. */
static void hole_check(int level, uint32_t va)
{
	uint64_t par = vmsa_arch_ats1cpr64(va + 0x10);
	struct vmsa_lpae_xlat x;

	tap_ok(par_fault(par, FST_TRANSLATION(level)) &&
	       abort_is(va + 0x10, false, FT_TRANSLATION, level) &&
	       vmsa_lpae_translate(l1, table_at, NULL, va + 0x10, &x) ==
	       VMSA_ERR_NOTMAPPED && x.level == level,
	       "lpae: unmapped level %d entry (VA 0x%08lx): translation fault, "
	       "level %d (PAR " W64 "), and a read aborts with it (long-format "
	       "DFSR); vmsa_lpae_translate stops there", level,
	       (unsigned long)va, level, HL(par));
}

/* A WRITEALLOC mapping with access a at `level`: ATS1CPR translates, a
 * PL0 read (ATS1CUR) or PL1 write (ATS1CPW) is a permission fault. */
static void perm_check(int level, uint32_t va, vmsa_attr_t a, bool pl0,
                       const char *what)
{
	vmsa_attr_t canon = 0;
	int rc = map_leaf(level, va, S, VMSA_MT_WRITEALLOC | a, NULL);
	uint64_t par, parx;

	rc |= vmsa_lpae_canonical(VMSA_MT_WRITEALLOC | a, &canon);
	par = vmsa_arch_ats1cpr64(va + 0x40);
	parx = pl0 ? vmsa_arch_ats1cur64(va + 0x40) : vmsa_arch_ats1cpw64(va + 0x40);
	/* A PL1 write to a read-only mapping, for real. */
	tap_ok(rc == VMSA_OK && par_says(par, S, canon) &&
	       par_fault(parx, FST_PERMISSION(level)) &&
	       (pl0 || abort_is(va + 0x40, true, FT_PERMISSION, level)),
	       "lpae: %s: permission fault, level %d (PAR " W64 "); ATS1CPR "
	       "translates%s", what, level, HL(parx),
	       pl0 ? "" : "; a write aborts with it");
}

/* Executed through a second mapping of the code. */
static int __attribute__((noinline)) lpae_probe(void)
{
	return 0x1bae;
}

/* The 2MB block of this file's code mapped again at T_CODE: executable
 * (RO), a call through it returns; execute-never (RO|XN), the call takes
 * a prefetch abort the boot stub decodes from the long-format IFSR, a
 * permission fault at level 2 on the function's address. */
static void exec_check(void)
{
	uint32_t fpa = pa_of(lpae_probe);
	uint32_t fva = TV + T_CODE + (fpa & (BLK - 1));
	int (*via)(void) = (int (*)(void))(uintptr_t)fva;
	struct fault_info f;
	int rc, r1, got;

	rc = map_leaf(2, TV + T_CODE, fpa & ~(BLK - 1),
	              VMSA_MT_WRITEALLOC | VMSA_RO, NULL);
	r1 = rc == VMSA_OK ? via() : 0;
	rc |= map_leaf(2, TV + T_CODE, fpa & ~(BLK - 1),
	               VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN, NULL);
	vmsa_arch_icache_inval(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	expect_fault(EXC_PABT);
	if (rc == VMSA_OK)
		(void)via();
	got = fault_taken(&f);
	tap_ok(rc == VMSA_OK && r1 == 0x1bae && got && f.exc == EXC_PABT &&
	       f.lpae && f.type == FT_PERMISSION && f.level == 2 && f.far == fva,
	       "lpae: code mapped again as a 2MB block at 0x%08lx runs there; "
	       "with VMSA_XN the call takes a prefetch abort: %s fault, level "
	       "%d, IFAR 0x%08lx (long-format IFSR 0x%03lx)",
	       (unsigned long)(TV + T_CODE), got ? fault_type_name(f.type) : "no",
	       got ? f.level : 0, got ? (unsigned long)f.far : 0ul,
	       got ? (unsigned long)f.fsr : 0ul);
}

static void fault_checks(void)
{
	if (have_gb) {
		af_check(1, GV, GP, "1GB block");
		put(&l1[GV >> 30], 0);
		hole_check(1, GV);
	}
	hole_check(2, TV + T_HOLE);
	hole_check(3, TV + T_L3 + P_HOLE);
	af_check(2, TV + T_AF, S, "2MB block");
	af_check(3, TV + T_L3 + P_AF, S, "4KB page");
	perm_check(2, TV + T_BLK, VMSA_RO, false, "ATS1CPW on a RO 2MB block");
	perm_check(3, TV + T_L3 + P_PAGE, VMSA_RW, true,
	           "ATS1CUR on a 4KB page without VMSA_USER");
	exec_check();
}

/* ---- real accesses ------------------------------------------------------ */

/* Write words through wva, read them through rva: every 16th word of
 * `bytes`; then the other way round with another pattern. */
static bool same_memory(uint32_t wva, uint32_t rva, uint32_t bytes)
{
	for (unsigned pass = 0; pass < 2; pass++) {
		volatile uint32_t *w = ptr(pass ? rva : wva);
		volatile uint32_t *r = ptr(pass ? wva : rva);
		uint32_t seed = pass ? 0x5a5a0000u : 0x1bae0000u;

		for (uint32_t i = 0; i < bytes / 4; i += 16)
			w[i] = seed ^ (i * 0x9e3779b9u);
		vmsa_arch_dsb();
		for (uint32_t i = 0; i < bytes / 4; i += 16)
			if (r[i] != (seed ^ (i * 0x9e3779b9u)))
				return false;
	}
	return true;
}

static void access_checks(void)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW | shared, canon = 0;
	uint32_t upa = (uint32_t)board.uart_base & ~(PG - 1);
	uint32_t uva = TV + T_L3 + P_UART + ((uint32_t)board.uart_base & (PG - 1));
	uintptr_t old;
	int rc;
	bool ok;

	rc = map_leaf(2, TV + T_RAM, S + BLK, ram, NULL);
	tap_ok(rc == VMSA_OK && same_memory(TV + T_RAM, S + BLK, BLK),
	       "lpae: 2MB block WRITEALLOC|RW at VA 0x%08lx: RAM written through "
	       "it reads back at its PA 0x%08lx, and the other way round",
	       (unsigned long)(TV + T_RAM), (unsigned long)(S + BLK));
	if (have_gb) {
		uint32_t at = S + BLK + 0x100000u;
		rc = map_leaf(1, GV, GP, ram, NULL);
		tap_ok(rc == VMSA_OK && same_memory(GV + (at - (uint32_t)GP), at,
		                                    0x10000u),
		       "lpae: 1GB block WRITEALLOC|RW at VA 0x%08lx -> PA " PA40
		       ": RAM at 0x%08lx reads back through it, both ways",
		       (unsigned long)GV, HL(GP), (unsigned long)at);
	}

	rc = map_leaf(3, TV + T_L3 + P_UART, upa, VMSA_MT_DEVICE | VMSA_RW, NULL);
	rc |= vmsa_lpae_canonical(VMSA_MT_DEVICE | VMSA_RW, &canon);
	ok = rc == VMSA_OK && par_says(vmsa_arch_ats1cpr64(uva), upa, canon);
	/* The TAP line itself goes through the second mapping: if it did not
	 * reach the UART, the plan would not match the lines printed. */
	fflush(stdout);
	old = uart_rebase(uva);
	tap_ok(ok, "lpae: this line was written through the UART mapped as a "
	       "4KB DEVICE page at VA 0x%08lx (PA 0x%08lx, PAR attr 0x04)",
	       (unsigned long)uva, (unsigned long)board.uart_base);
	fflush(stdout);
	uart_rebase(old);
}

/* RAM past 4GB (qemu-facts: some QEMU versions mishandle it under TCG):
 * the same PA through a 2MB block and through 4KB pages. */
static void high_ram_checks(uint64_t ram_end)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW | shared, canon = 0;
	uint64_t pb, pp;
	int rc;

	if (ram_end < HI_PA + BLK) {
		tap_skip("lpae: RAM above 4GB through a 2MB block and 4KB pages",
		         "no RAM past 4GB in this QEMU configuration (its command "
		         "line has no ram-end=; the lpae-4g configuration has)");
		return;
	}
	rc = map_leaf(2, TV + T_HIB, HI_PA, ram, NULL);
	for (uint32_t o = 0; o < HI_BYTES; o += PG)
		rc |= map_leaf(3, TV + T_HIP + o, HI_PA + o, ram, NULL);
	rc |= vmsa_lpae_canonical(ram, &canon);
	pb = vmsa_arch_ats1cpr64(TV + T_HIB + 0x1234);
	pp = vmsa_arch_ats1cpr64(TV + T_HIP + 0x2345);
	tap_ok(rc == VMSA_OK && par_says(pb, HI_PA + 0x1000, canon) &&
	       par_says(pp, HI_PA + 0x2000, canon) &&
	       ((pb >> 32) & 0xffu) == (HI_PA >> 32),
	       "lpae: PA " PA40 " (RAM to " PA40 ") as a 2MB block and as 4KB "
	       "pages: PAR PA " PA40 " and " PA40 ", PA[39:32] = 0x%02lx",
	       HL(HI_PA), HL(ram_end), HL(pb & LPAE_PAR_PA_MASK),
	       HL(pp & LPAE_PAR_PA_MASK), (unsigned long)((pb >> 32) & 0xffu));
	tap_ok(rc == VMSA_OK && same_memory(TV + T_HIB, TV + T_HIP, HI_BYTES),
	       "lpae: RAM above 4GB: a pattern written through the 2MB block at "
	       "0x%08lx reads back through the 4KB pages at 0x%08lx, and the "
	       "other way round", (unsigned long)(TV + T_HIB),
	       (unsigned long)(TV + T_HIP));
}

/* ---- the run ------------------------------------------------------------ */

/* LPAE by the MIDR part number, a witness besides ID_MMFR0: 1 (Cortex-
 * A7, A12, A15, A17), 0 (A5, A8, A9), -1 (a part not known here). */
static int midr_lpae(uint32_t midr)
{
	switch ((midr >> 4) & 0xfffu) {
	case 0xc07: case 0xc0d: case 0xc0e: case 0xc0f: return 1;
	case 0xc05: case 0xc08: case 0xc09: return 0;
	default: return -1;
	}
}

/* The top of RAM the QEMU configuration announces on its command line
 * (-append ram-end=0x...; boards/<board>/board.mk), 0 if none. */
static uint64_t ram_end_announced(void)
{
	static char buf[512];
	const char *p;

	if (sh_get_cmdline(buf, sizeof buf) != 0)
		return 0;
	p = strstr(buf, "ram-end=");
	return p ? strtoull(p + 8, NULL, 0) : 0;
}

/* Back on the short-descriptor tables: the registers as saved, and the
 * hardware walk (ATS1CPR, 32-bit PAR) agrees with vmsa_translate on the
 * code, the stack and the UART. */
static void back_checks(struct vmsa_table *t, const struct vmsa_arch_mmu_regs *sv)
{
	uint32_t here = 0;
	uint32_t vas[3] = { pa_of(back_checks), pa_of(&here), board.uart_base };
	bool ok = read_ttbcr() == sv->ttbcr && read_sctlr() == sv->sctlr &&
	          read_prrr() == sv->mair0 && read_nmrr() == sv->mair1 &&
	          read_ttbr0() == (uint32_t)sv->ttbr0 && (t->flags & VMSA_TF_LIVE);

	for (unsigned i = 0; i < 3; i++) {
		struct vmsa_xlat x;
		uint32_t par = ats1cpr(vas[i]);
		ok &= vmsa_translate(t, vmsa_va(vas[i]), &x) == VMSA_OK &&
		      !(par & 1u) && !(par & (1u << 11)) &&
		      (par & 0xfffff000u) == ((uint32_t)x.pa.p & 0xfffff000u);
	}
	tap_ok(ok, "lpae: back on short descriptors: TTBCR 0x%lx, TTBR0 0x%08lx, "
	       "SCTLR 0x%08lx, PRRR/NMRR as saved; ATS1CPR (32-bit PAR) agrees "
	       "with vmsa_translate on code, stack and UART",
	       (unsigned long)read_ttbcr(), (unsigned long)read_ttbr0(),
	       (unsigned long)read_sctlr());
}

void lpae_tests(struct vmsa_table *t, bool secure)
{
	struct vmsa_arch_mmu_regs saved;
	uint32_t midr = read_midr(), vmsa = read_id_mmfr0() & 0xfu;
	uint32_t code = pa_of(lpae_tests), stack = pa_of(&saved);
	uint64_t ram_end, par_c, par_s, par_u;
	vmsa_attr_t c_ram = 0, c_dev = 0;
	struct vmsa_table *fault_table;
	int rc, slot;

	if (!vmsa_arch_has_lpae()) {
		tap_ok(vmsa < 5 && midr_lpae(midr) != 1 &&
		       vmsa_arch_lpae_enter(pa_of(l1), VMSA_LPAE_MAIR0,
		                            VMSA_LPAE_MAIR1, &saved) ==
		       VMSA_ERR_UNSUPPORTED,
		       "lpae: refused on this CPU (ID_MMFR0.VMSA = %lu, MIDR "
		       "0x%08lx): vmsa_arch_lpae_enter returns VMSA_ERR_UNSUPPORTED",
		       (unsigned long)vmsa, (unsigned long)midr);
		return;
	}
	tap_ok(vmsa >= 5 && midr_lpae(midr) != 0 &&
	       vmsa_arch_lpae_enter(pa_of(l1) + 8, VMSA_LPAE_MAIR0,
	                            VMSA_LPAE_MAIR1, &saved) == VMSA_ERR_INVAL,
	       "lpae: present on this CPU (ID_MMFR0.VMSA = %lu, MIDR 0x%08lx); "
	       "a misaligned level 1 table is refused (VMSA_ERR_INVAL)",
	       (unsigned long)vmsa, (unsigned long)midr);

	secure_state = secure;
	shared = (t->flags & VMSA_TF_SMP) ? VMSA_SHARED : 0;
	S = board.ram_base + 80 * MB;
	ram_end = ram_end_announced();
	if (!secure)
		tap_diag("lpae: Non-secure state: PAR.NS is UNKNOWN, not checked");

	rc = map_firmware();
	/* The tests in the last 1GB slot the identity map left empty, the
	 * 1GB block in an earlier one (at the RAM's own 1GB PA). */
	for (slot = 3; slot >= 0 && l1[slot] != 0; slot--)
		continue;
	TV = slot < 0 ? 0 : (uint32_t)slot << 30;
	if (slot < 0)
		rc = VMSA_ERR_NOMEM;
	for (slot--; slot >= 0 && l1[slot] != 0; slot--)
		continue;
	have_gb = slot >= 0;
	GV = have_gb ? (uint32_t)slot << 30 : 0;
	GP = board.ram_base & ~(GB - 1);
	tap_ok(rc == VMSA_OK, "lpae: tables built with vmsa_lpae_*: RAM 0x%08lx-"
	       "0x%08lx as 2MB blocks WRITEALLOC|RW|EXEC, UART page 0x%08lx "
	       "DEVICE; tests at VA 0x%08lx, 1GB block at 0x%08lx",
	       (unsigned long)board.ram_base,
	       (unsigned long)(board.ram_base + board.ram_size - 1),
	       (unsigned long)board.uart_base, (unsigned long)TV,
	       (unsigned long)GV);
	if (rc != VMSA_OK)
		return;

	/* The boot stub retries a translation fault that its table maps
	 * (another CPU's break-before-make): not while these tables run. */
	fault_table = boot_fault_table;
	boot_fault_table = NULL;
	rc = vmsa_arch_lpae_enter(pa_of(l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1,
	                          &saved);
	live = rc == VMSA_OK;
	vmsa_lpae_canonical(VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC | shared, &c_ram);
	vmsa_lpae_canonical(VMSA_MT_DEVICE | VMSA_RW, &c_dev);
	par_c = vmsa_arch_ats1cpr64(code);
	par_s = vmsa_arch_ats1cpr64(stack);
	par_u = vmsa_arch_ats1cpr64((uint32_t)board.uart_base);
	tap_ok(live && (read_ttbcr() & LPAE_TTBCR_EAE) && (read_sctlr() & 1u) &&
	       read_prrr() == VMSA_LPAE_MAIR0 && read_nmrr() == VMSA_LPAE_MAIR1 &&
	       par_says(par_c, code, c_ram) && par_says(par_s, stack, c_ram) &&
	       par_says(par_u, board.uart_base, c_dev),
	       "lpae: MMU on with long descriptors (TTBCR 0x%08lx, MAIR0 0x%08lx, "
	       "MAIR1 0x%08lx): code, stack and UART identity (PAR attr 0x%02lx, "
	       "0x%02lx, 0x%02lx)", (unsigned long)read_ttbcr(),
	       (unsigned long)read_prrr(), (unsigned long)read_nmrr(),
	       (unsigned long)LPAE_PAR_ATTR_OF(par_c),
	       (unsigned long)LPAE_PAR_ATTR_OF(par_s),
	       (unsigned long)LPAE_PAR_ATTR_OF(par_u));
	if (!live) {
		boot_fault_table = fault_table;
		return;
	}

	granule_checks();
	fault_checks();
	access_checks();
	high_ram_checks(ram_end);

	vmsa_arch_lpae_leave(&saved);
	live = false;
	boot_fault_table = fault_table;
	back_checks(t, &saved);
}
