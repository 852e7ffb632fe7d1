/*
 * tests/qemu/lpae_checks.c - the checks test_lpae.c (PL1) and test_hyp.c
 * (Hyp mode) both run on their live long-descriptor tables (see
 * lpae_tables.h), in the regime lt_begin set:
 *  - translation faults at each level, Access flag faults (AF cleared by
 *    hand, the one bit written here), permission faults: in the 64-bit
 *    PAR and taken for real as data aborts (the boot stub decodes the
 *    long-format DFSR at PL1, src/boot/fault.c, and the HSR in Hyp mode,
 *    src/boot/hyp.c); execute-never as a prefetch abort;
 *  - RAM written and read through a 2MB and a 1GB block at other VAs,
 *    one TAP line printed through the UART mapped at a second VA.
 * Each TAP line says what its regime shows (the long-format DFSR or the
 * HSR's exception class, ATS1CUR at PL1).
 */
#include <stdint.h>
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"
#include "../../src/uart/uart.h"

#include <boot.h>
#include "lpae_tables.h"
#include "tap.h"

/* ---- faults ------------------------------------------------------------ */

/* A real access at va (a read, or a write): the data abort it takes is a
 * fault of `type` at `level` on va, in the long format; at PL1 with no
 * domain, in Hyp mode taken from Hyp mode (HSR EC 0x25). */
bool lt_abort_is(uint32_t va, bool write, enum fault_type type, int level)
{
	struct fault_info f = { 0 };
	bool ok;

	expect_fault(EXC_DABT);
	if (write)
		*ptr(va) = 0x600dcafeu;
	else
		(void)*ptr(va);
	ok = fault_taken(&f) && f.exc == EXC_DABT && f.lpae &&
	     f.type == type && f.level == level && f.far == va &&
	     f.write == write &&
	     (lt.hyp ? HSR_EC_OF(f.hsr) == HSR_EC_DABT_HYP : f.domain == 0);
	if (!ok)
		tap_diag("  access at 0x%08lx: %s fault, level %d, far 0x%08lx, "
		         "%s, FSR 0x%03lx, HSR 0x%08lx", (unsigned long)va,
		         fault_type_name(f.type), f.level, (unsigned long)f.far,
		         f.lpae ? "long format" : "short format",
		         (unsigned long)f.fsr, (unsigned long)f.hsr);
	return ok;
}

/* A block or page written by the encoder, then its Access flag cleared
 * by hand: an Access flag fault at its level, and the module's decoder
 * refuses the word (vmsa never writes AF = 0). */
static void af_check(int level, uint32_t va, uint64_t pa, const char *name)
{
	uint64_t w = 0, par;
	vmsa_attr_t back;
	int rc = lt_map_leaf(level, va, pa, VMSA_MT_WRITEALLOC | VMSA_RW |
	                     lt.shared, &w);

	if (rc == VMSA_OK)
		lt_put(lt_entry(level, va), w & ~LPAE_LEAF_AF);
	par = lt_ats_r(va + 0x10);
	tap_ok(rc == VMSA_OK && lt_par_fault(par, FST_ACCESS(level)) &&
	       lt_abort_is(va + 0x10, true, FT_ACCESS_FLAG, level) &&
	       lt_leaf_attrs(level, w & ~LPAE_LEAF_AF, &back) ==
	       VMSA_ERR_UNSUPPORTED,
	       "%s: %s with LPAE_LEAF_AF cleared: Access flag fault, level %d "
	       "(PAR " W64 ", FST 0x%02lx), and a write aborts with it%s; "
	       "vmsa_lpae_%sleaf_attrs refuses the word", lt.name,
	       name, level, HL(par), (unsigned long)LPAE_PAR_FST_OF(par),
	       lt.hyp ? " (HSR EC 0x25)" : "", lt.hyp ? "hyp_" : "");
}

/* An unmapped entry at `level`: a translation fault at that level, for
 * the ATS read and for a real read. */
static void hole_check(int level, uint32_t va)
{
	uint64_t par = lt_ats_r(va + 0x10);
	struct vmsa_lpae_xlat x;

	tap_ok(lt_par_fault(par, FST_TRANSLATION(level)) &&
	       lt_abort_is(va + 0x10, false, FT_TRANSLATION, level) &&
	       vmsa_lpae_translate(lt_l1, lt_table_at, NULL, va + 0x10, &x) ==
	       VMSA_ERR_NOTMAPPED && x.level == level,
	       "%s: unmapped level %d entry (VA 0x%08lx): translation fault, "
	       "level %d (PAR " W64 "), and a read aborts with it (%s); "
	       "vmsa_lpae_translate stops there", lt.name, level,
	       (unsigned long)va, level, HL(par),
	       lt.hyp ? "HSR EC 0x25, HDFAR" : "long-format DFSR");
}

/* A WRITEALLOC mapping with access a at `level`: the ATS read
 * translates; the ATS write to a read-only mapping is a permission
 * fault, and so is a real write; at PL1 (pl0) a PL0 read (ATS1CUR) of a
 * privileged one instead. */
static void perm_check(int level, uint32_t va, vmsa_attr_t a, bool pl0,
                       const char *what)
{
	vmsa_attr_t canon = 0;
	int rc = lt_map_leaf(level, va, lt.S, VMSA_MT_WRITEALLOC | a, NULL);
	uint64_t par, parx;
	bool ok;

	rc |= lt_canonical(VMSA_MT_WRITEALLOC | a, &canon);
	par = lt_ats_r(va + 0x40);
	parx = pl0 ? vmsa_arch_ats1cur64(va + 0x40) : lt_ats_w(va + 0x40);
	ok = rc == VMSA_OK && lt_par_says(par, lt.S, canon) &&
	     lt_par_fault(parx, FST_PERMISSION(level)) &&
	     (pl0 || lt_abort_is(va + 0x40, true, FT_PERMISSION, level));
	if (lt.hyp)
		tap_ok(ok, "hyp: %s: ATS1HW permission fault, level %d (PAR " W64
		       ", FST 0x%02lx); ATS1HR translates; a write aborts with "
		       "it (HSR EC 0x25, WnR)", what, level, HL(parx),
		       (unsigned long)LPAE_PAR_FST_OF(parx));
	else
		tap_ok(ok, "lpae: %s: permission fault, level %d (PAR " W64 "); "
		       "ATS1CPR translates%s", what, level, HL(parx),
		       pl0 ? "" : "; a write aborts with it");
}

/* Executed through a second mapping of the code. */
static int __attribute__((noinline)) lt_probe(void)
{
	return 0x1bae;
}

/* The 2MB block of this file's code mapped again at T_CODE: executable
 * (RO), a call through it returns; execute-never (RO|XN), the call takes
 * a prefetch abort the boot stub decodes (the long-format IFSR at PL1;
 * in Hyp mode the HSR, EC 0x21, and HIFAR), a permission fault at level
 * 2 on the function's address. */
static void exec_check(void)
{
	uint32_t fpa = pa_of(lt_probe);
	uint32_t fva = lt.TV + T_CODE + (fpa & (BLK - 1));
	int (*via)(void) = (int (*)(void))(uintptr_t)fva;
	struct fault_info f = { 0 };
	int rc, r1, got;
	bool ok;

	rc = lt_map_leaf(2, lt.TV + T_CODE, fpa & ~(BLK - 1),
	                 VMSA_MT_WRITEALLOC | VMSA_RO, NULL);
	r1 = rc == VMSA_OK ? via() : 0;
	rc |= lt_map_leaf(2, lt.TV + T_CODE, fpa & ~(BLK - 1),
	                  VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN, NULL);
	vmsa_arch_icache_inval(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	expect_fault(EXC_PABT);
	if (rc == VMSA_OK)
		(void)via();
	got = fault_taken(&f);
	ok = rc == VMSA_OK && r1 == 0x1bae && got && f.exc == EXC_PABT &&
	     f.lpae && f.type == FT_PERMISSION && f.level == 2 && f.far == fva &&
	     (!lt.hyp || HSR_EC_OF(f.hsr) == HSR_EC_PABT_HYP);
	if (lt.hyp)
		tap_ok(ok, "hyp: code mapped again as a 2MB block at 0x%08lx runs "
		       "there; with VMSA_XN the call takes a prefetch abort to Hyp "
		       "mode: HSR 0x%08lx, %s fault, level %d, HIFAR 0x%08lx",
		       (unsigned long)(lt.TV + T_CODE), (unsigned long)f.hsr,
		       got ? fault_type_name(f.type) : "no", got ? f.level : 0,
		       got ? (unsigned long)f.far : 0ul);
	else
		tap_ok(ok, "lpae: code mapped again as a 2MB block at 0x%08lx runs "
		       "there; with VMSA_XN the call takes a prefetch abort: %s "
		       "fault, level %d, IFAR 0x%08lx (long-format IFSR 0x%03lx)",
		       (unsigned long)(lt.TV + T_CODE),
		       got ? fault_type_name(f.type) : "no", got ? f.level : 0,
		       got ? (unsigned long)f.far : 0ul,
		       got ? (unsigned long)f.fsr : 0ul);
}

static void fault_checks(void)
{
	if (lt.have_gb) {
		af_check(1, lt.GV, lt.GP, "1GB block");
		lt_put(&lt_l1[lt.GV >> 30], 0);
		hole_check(1, lt.GV);
	}
	hole_check(2, lt.TV + T_HOLE);
	hole_check(3, lt.TV + T_L3 + P_HOLE);
	af_check(2, lt.TV + T_AF, lt.S, "2MB block");
	af_check(3, lt.TV + T_L3 + P_AF, lt.S, "4KB page");
	if (lt.hyp) {
		perm_check(2, lt.TV + T_BLK, VMSA_RO, false, "a RO 2MB block");
		perm_check(3, lt.TV + T_L3 + P_PAGE, VMSA_RO, false,
		           "a RO 4KB page");
	} else {
		perm_check(2, lt.TV + T_BLK, VMSA_RO, false,
		           "ATS1CPW on a RO 2MB block");
		perm_check(3, lt.TV + T_L3 + P_PAGE, VMSA_RW, true,
		           "ATS1CUR on a 4KB page without VMSA_USER");
	}
	exec_check();
}

/* ---- real accesses ------------------------------------------------------ */

static void ram_checks(void)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW | lt.shared;
	int rc = lt_map_leaf(2, lt.TV + T_RAM, lt.S + BLK, ram, NULL);

	tap_ok(rc == VMSA_OK && lt_same_memory(lt.TV + T_RAM, lt.S + BLK, BLK),
	       "%s: 2MB block WRITEALLOC|RW at VA 0x%08lx: RAM written through "
	       "it reads back at its %s 0x%08lx, and the other way round",
	       lt.name, (unsigned long)(lt.TV + T_RAM),
	       lt.hyp ? "identity address" : "PA", (unsigned long)(lt.S + BLK));
	if (lt.have_gb) {
		uint32_t at = lt.S + BLK + 0x100000u;

		rc = lt_map_leaf(1, lt.GV, lt.GP, ram, NULL);
		tap_ok(rc == VMSA_OK &&
		       lt_same_memory(lt.GV + (at - (uint32_t)lt.GP), at, 0x10000u),
		       "%s: 1GB block WRITEALLOC|RW at VA 0x%08lx -> PA " PA40
		       ": RAM at 0x%08lx reads back through it, both ways",
		       lt.name, (unsigned long)lt.GV, HL(lt.GP), (unsigned long)at);
	}
}

static void uart_check(void)
{
	vmsa_attr_t canon = 0;
	uint32_t upa = (uint32_t)board.uart_base & ~(PG - 1);
	uint32_t uva = lt.TV + T_L3 + P_UART + ((uint32_t)board.uart_base & (PG - 1));
	int rc = lt_map_leaf(3, lt.TV + T_L3 + P_UART, upa,
	                     VMSA_MT_DEVICE | VMSA_RW, NULL);
	uintptr_t old;
	bool ok;

	rc |= lt_canonical(VMSA_MT_DEVICE | VMSA_RW, &canon);
	ok = rc == VMSA_OK && lt_par_says(lt_ats_r(uva), upa, canon);
	/* The TAP line itself goes through the second mapping: if it did not
	 * reach the UART, the plan would not match the lines printed. */
	fflush(stdout);
	old = uart_rebase(uva);
	tap_ok(ok, "%s: this line was written through the UART mapped as a "
	       "4KB DEVICE page at VA 0x%08lx (PA 0x%08lx, PAR attr 0x04)",
	       lt.name, (unsigned long)uva, (unsigned long)board.uart_base);
	fflush(stdout);
	uart_rebase(old);
}

/* ---- the run ------------------------------------------------------------ */

void lt_live_checks(const struct lt_variant *v, unsigned nv,
                    bool (*leaf_check)(const struct lt_leaf *l),
                    void (*more)(void))
{
	lt_granule_checks(v, nv, leaf_check);
	fault_checks();
	ram_checks();
	if (more != NULL)
		more();
	uart_check();
}
