/*
 * tests/qemu/test_hyp_access.c - the Hyp mode tests that touch memory
 * through the live Hyp tables test_hyp.c built (see there for the whole
 * run): translation, Access flag and permission faults at each level,
 * in the 64-bit PAR of ATS1HR/ATS1HW and taken for real as data aborts
 * to Hyp mode (src/boot/hyp.c decodes the HSR), execute-never as a
 * prefetch abort; RAM written and read through a 2MB and a 1GB block at
 * other VAs, a live page moved to another PA with break-before-make and
 * TLBIMVAH, one TAP line printed through the UART mapped at a second VA.
 */
#include <stdint.h>
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"
#include "../../src/uart/uart.h"

#include <boot.h>
#include "tap.h"
#include "test_hyp_int.h"

/* ---- faults ------------------------------------------------------------ */

/* A real access at va (a read, or a write): the data abort it takes to
 * Hyp mode (src/boot/hyp.c decodes the HSR) is a fault of `type` at
 * `level` on va, taken from Hyp mode (EC 0x25). */
static bool abort_is(uint32_t va, bool write, enum fault_type type, int level)
{
	struct fault_info f = { 0 };
	bool ok;

	expect_fault(EXC_DABT);
	if (write)
		*ptr(va) = 0x600dcafeu;
	else
		(void)*ptr(va);
	ok = fault_taken(&f) && f.exc == EXC_DABT && f.lpae &&
	     HSR_EC_OF(f.hsr) == HSR_EC_DABT_HYP && f.type == type &&
	     f.level == level && f.far == va && f.write == write;
	if (!ok)
		tap_diag("  access at 0x%08lx: %s fault, level %d, far 0x%08lx, "
		         "HSR 0x%08lx", (unsigned long)va, fault_type_name(f.type),
		         f.level, (unsigned long)f.far, (unsigned long)f.hsr);
	return ok;
}

/* A block or page written by the encoder, then its Access flag cleared
 * by hand: an Access flag fault at its level, and the module's decoder
 * refuses the word (vmsa never writes AF = 0). */
static void af_check(int level, uint32_t va, uint64_t pa, const char *name)
{
	uint64_t w = 0, par;
	vmsa_attr_t back;
	int rc = hyp_map_leaf(level, va, pa, VMSA_MT_WRITEALLOC | VMSA_RW, &w);

	if (rc == VMSA_OK)
		hyp_put(hyp_entry(level, va), w & ~LPAE_LEAF_AF);
	par = vmsa_arch_ats1hr64(va + 0x10);
	tap_ok(rc == VMSA_OK && hyp_par_fault(par, FST_ACCESS(level)) &&
	       abort_is(va + 0x10, true, FT_ACCESS_FLAG, level) &&
	       vmsa_lpae_hyp_leaf_attrs(level, w & ~LPAE_LEAF_AF, &back) ==
	       VMSA_ERR_UNSUPPORTED,
	       "hyp: %s with LPAE_LEAF_AF cleared: Access flag fault, level %d "
	       "(PAR " W64 ", FST 0x%02lx), and a write aborts with it (HSR EC "
	       "0x25); vmsa_lpae_hyp_leaf_attrs refuses the word",
	       name, level, HL(par), (unsigned long)LPAE_PAR_FST_OF(par));
}

/* An unmapped entry at `level`: a translation fault at that level, for
 * ATS1HR and for a real read. */
static void hole_check(int level, uint32_t va)
{
	uint64_t par = vmsa_arch_ats1hr64(va + 0x10);
	struct vmsa_lpae_xlat x;

	tap_ok(hyp_par_fault(par, FST_TRANSLATION(level)) &&
	       abort_is(va + 0x10, false, FT_TRANSLATION, level) &&
	       vmsa_lpae_translate(hyp_l1, hyp_table_at, NULL, va + 0x10, &x) ==
	       VMSA_ERR_NOTMAPPED && x.level == level,
	       "hyp: unmapped level %d entry (VA 0x%08lx): translation fault, "
	       "level %d (PAR " W64 "), and a read aborts with it (HSR EC 0x25, "
	       "HDFAR); vmsa_lpae_translate stops there", level,
	       (unsigned long)va, level, HL(par));
}

/* A read-only WRITEALLOC mapping at `level`: ATS1HR translates, ATS1HW
 * is a permission fault, and so is a real write. */
static void perm_check(int level, uint32_t va, const char *what)
{
	vmsa_attr_t canon = 0;
	int rc = hyp_map_leaf(level, va, hyp_S, VMSA_MT_WRITEALLOC | VMSA_RO, NULL);
	uint64_t par, parw;

	rc |= vmsa_lpae_hyp_canonical(VMSA_MT_WRITEALLOC | VMSA_RO, &canon);
	par = vmsa_arch_ats1hr64(va + 0x40);
	parw = vmsa_arch_ats1hw64(va + 0x40);
	tap_ok(rc == VMSA_OK && hyp_par_says(par, hyp_S, canon) &&
	       hyp_par_fault(parw, FST_PERMISSION(level)) &&
	       abort_is(va + 0x40, true, FT_PERMISSION, level),
	       "hyp: %s: ATS1HW permission fault, level %d (PAR " W64 ", FST "
	       "0x%02lx); ATS1HR translates; a write aborts with it (HSR EC "
	       "0x25, WnR)", what, level, HL(parw),
	       (unsigned long)LPAE_PAR_FST_OF(parw));
}

/* Executed through a second mapping of the code. */
static int __attribute__((noinline)) hyp_probe(void)
{
	return 0x4a1b;
}

/* The 2MB block of this file's code mapped again at T_CODE: executable
 * (RO), a call through it returns; execute-never (RO|XN), the call takes
 * a prefetch abort to Hyp mode (HSR EC 0x21), a permission fault at
 * level 2 on the function's address (HIFAR). */
static void exec_check(void)
{
	uint32_t fpa = pa_of(hyp_probe);
	uint32_t fva = hyp_TV + T_CODE + (fpa & (BLK - 1));
	int (*via)(void) = (int (*)(void))(uintptr_t)fva;
	struct fault_info f = { 0 };
	int rc, r1, got;

	rc = hyp_map_leaf(2, hyp_TV + T_CODE, fpa & ~(BLK - 1),
	              VMSA_MT_WRITEALLOC | VMSA_RO, NULL);
	r1 = rc == VMSA_OK ? via() : 0;
	rc |= hyp_map_leaf(2, hyp_TV + T_CODE, fpa & ~(BLK - 1),
	               VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN, NULL);
	vmsa_arch_icache_inval(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	expect_fault(EXC_PABT);
	if (rc == VMSA_OK)
		(void)via();
	got = fault_taken(&f);
	tap_ok(rc == VMSA_OK && r1 == 0x4a1b && got && f.exc == EXC_PABT &&
	       HSR_EC_OF(f.hsr) == HSR_EC_PABT_HYP && f.lpae &&
	       f.type == FT_PERMISSION && f.level == 2 && f.far == fva,
	       "hyp: code mapped again as a 2MB block at 0x%08lx runs there; "
	       "with VMSA_XN the call takes a prefetch abort to Hyp mode: HSR "
	       "0x%08lx, %s fault, level %d, HIFAR 0x%08lx",
	       (unsigned long)(hyp_TV + T_CODE), (unsigned long)f.hsr,
	       got ? fault_type_name(f.type) : "no", got ? f.level : 0,
	       got ? (unsigned long)f.far : 0ul);
}

void hyp_fault_checks(void)
{
	if (hyp_have_gb) {
		af_check(1, hyp_GV, hyp_GP, "1GB block");
		hyp_put(&hyp_l1[hyp_GV >> 30], 0);
		hole_check(1, hyp_GV);
	}
	hole_check(2, hyp_TV + T_HOLE);
	hole_check(3, hyp_TV + T_L3 + P_HOLE);
	af_check(2, hyp_TV + T_AF, hyp_S, "2MB block");
	af_check(3, hyp_TV + T_L3 + P_AF, hyp_S, "4KB page");
	perm_check(2, hyp_TV + T_BLK, "a RO 2MB block");
	perm_check(3, hyp_TV + T_L3 + P_PAGE, "a RO 4KB page");
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
		uint32_t seed = pass ? 0x5a5a0000u : 0x4a1b0000u;

		for (uint32_t i = 0; i < bytes / 4; i += 16)
			w[i] = seed ^ (i * 0x9e3779b9u);
		vmsa_arch_dsb();
		for (uint32_t i = 0; i < bytes / 4; i += 16)
			if (r[i] != (seed ^ (i * 0x9e3779b9u)))
				return false;
	}
	return true;
}

/* A live page moved from one PA to another: break (a fault entry, cleaned,
 * TLBIMVAH of its VA alone, DSB, ISB), make (the new word, cleaned, DSB):
 * a read through it, which loaded the old translation into the TLB,
 * sees the new PA's word. */
static void move_check(void)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW;
	uint32_t va = hyp_TV + T_L3 + P_MOVE, before, after;
	uint64_t w = 0, *e;
	int rc;

	*ptr(hyp_S + MOVE_A) = 0xaaaa0001u;
	*ptr(hyp_S + MOVE_B) = 0xbbbb0002u;
	rc = hyp_map_leaf(3, va, hyp_S + MOVE_A, ram, NULL);
	before = *ptr(va);
	rc |= vmsa_lpae_hyp_leaf_encode(3, hyp_S + MOVE_B, ram, &w);
	e = hyp_entry(3, va);
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
	       (unsigned long)(hyp_S + MOVE_A), (unsigned long)(hyp_S + MOVE_B),
	       (unsigned long)before, (unsigned long)after);
}

void hyp_access_checks(void)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW, canon = 0;
	uint32_t upa = (uint32_t)board.uart_base & ~(PG - 1);
	uint32_t uva = hyp_TV + T_L3 + P_UART + ((uint32_t)board.uart_base & (PG - 1));
	uintptr_t old;
	int rc;
	bool ok;

	rc = hyp_map_leaf(2, hyp_TV + T_RAM, hyp_S + BLK, ram, NULL);
	tap_ok(rc == VMSA_OK && same_memory(hyp_TV + T_RAM, hyp_S + BLK, BLK),
	       "hyp: 2MB block WRITEALLOC|RW at VA 0x%08lx: RAM written through "
	       "it reads back at its identity address 0x%08lx, and the other "
	       "way round", (unsigned long)(hyp_TV + T_RAM), (unsigned long)(hyp_S + BLK));
	if (hyp_have_gb) {
		uint32_t at = hyp_S + BLK + 0x100000u;
		rc = hyp_map_leaf(1, hyp_GV, hyp_GP, ram, NULL);
		tap_ok(rc == VMSA_OK && same_memory(hyp_GV + (at - (uint32_t)hyp_GP), at,
		                                    0x10000u),
		       "hyp: 1GB block WRITEALLOC|RW at VA 0x%08lx -> PA " PA40
		       ": RAM at 0x%08lx reads back through it, both ways",
		       (unsigned long)hyp_GV, HL(hyp_GP), (unsigned long)at);
	}
	move_check();

	rc = hyp_map_leaf(3, hyp_TV + T_L3 + P_UART, upa, VMSA_MT_DEVICE | VMSA_RW, NULL);
	rc |= vmsa_lpae_hyp_canonical(VMSA_MT_DEVICE | VMSA_RW, &canon);
	ok = rc == VMSA_OK && hyp_par_says(vmsa_arch_ats1hr64(uva), upa, canon);
	/* The TAP line itself goes through the second mapping: if it did not
	 * reach the UART, the plan would not match the lines printed. */
	fflush(stdout);
	old = uart_rebase(uva);
	tap_ok(ok, "hyp: this line was written through the UART mapped as a "
	       "4KB DEVICE page at VA 0x%08lx (PA 0x%08lx, PAR attr 0x04)",
	       (unsigned long)uva, (unsigned long)board.uart_base);
	fflush(stdout);
	uart_rebase(old);
}
