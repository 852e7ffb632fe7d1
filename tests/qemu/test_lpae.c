/*
 * tests/qemu/test_lpae.c - the long-descriptor (LPAE) format module,
 * src/fmt/fmt_lpae.c, judged by the emulated MMU at PL1. The engine does
 * not write this format, so the tables are built by hand, every word from
 * the module's encoders (vmsa_lpae_leaf_encode, vmsa_lpae_table_encode),
 * with lpae_tables.h's tables and checks, which test_hyp.c shares.
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
 *    (vmsa_lpae_translate) agrees with the MMU (the PL0 read and NS are
 *    this file's part, leaf_check);
 *  - translation faults at each level; Access flag faults; permission
 *    faults; each also taken for real, as the boot stub decodes the
 *    long-format DFSR (lpae_checks.c);
 *  - RAM written and read through a 2MB and a 1GB block at other VAs, one
 *    TAP line printed through the UART mapped at a second VA (there too);
 *  - when the QEMU configuration has RAM past 4GB (its command line says
 *    ram-end=...): one PA there through a 2MB block and 4KB pages;
 * saves the tables for the host decoder check (tag "lpae": scripts/
 * vmsa-decode.py --fmt lpae against vmsa_lpae_dump), then switches back
 * (vmsa_arch_lpae_leave) and checks that the short-descriptor tables
 * translate again. Without LPAE (Cortex-A8, A9): one check that the
 * switch is refused. PAs: RAM base + 80MB up (scratch), 0x140000000 past
 * 4GB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"

#include <boot.h>
#include "lpae_tables.h"
#include "tap.h"
#include "test_lpae.h"

/* Beside lpae_tables.h's layout of the test slot (TV): */
#define T_HIB   0x00c00000u    /* 2MB block -> HI_PA */
#define T_HIP   0x00e00000u    /* 4KB pages -> HI_PA */

#define HI_PA    0x140000000ull /* RAM past 4GB with lpae-4g */
#define HI_BYTES 0x4000u

static const struct lt_variant variants[] = {
	{ VMSA_RW, "RW" }, { VMSA_RO, "RO" }, { VMSA_RW | VMSA_USER, "RW|USER" },
	{ VMSA_RO | VMSA_USER | VMSA_NG, "RO|USER|NG" },
	{ VMSA_RW | VMSA_SHARED, "RW|SHARED" }, { VMSA_RW | VMSA_NS, "RW|NS" },
	{ VMSA_RO | VMSA_PXN, "RO|PXN" },
	{ VMSA_RW | VMSA_EXEC | VMSA_NG, "RW|EXEC|NG" },
};

/* ---- every type and variant at every granule ---------------------------- */

/* One block or page (lt_granule_checks): besides what both regimes
 * check, a PL0 read (ATS1CUR) translates where VMSA_USER allows it and
 * is a permission fault where not; PAR.NS is reported. */
static bool leaf_check(const struct lt_leaf *l)
{
	uint64_t paru = vmsa_arch_ats1cur64(l->va);
	bool ro = l->canon & VMSA_RO, user = l->canon & VMSA_USER;
	bool ok = l->ok && (user ? lt_par_says(paru, l->pa, l->canon)
	                         : lt_par_fault(paru, FST_PERMISSION(l->level)));

	tap_ok(ok, "lpae: %s %s|%s: PAR %s ns %lu pa " PA40 "; PL1 write %s, "
	       "PL0 read %s; leaf_attrs == canonical; vmsa_lpae_translate agrees",
	       l->granule, l->type, l->variant, lt_par_attr_sh(l->par, l->canon),
	       (unsigned long)((l->par & LPAE_PAR_NS) != 0),
	       HL(l->par & LPAE_PAR_PA_MASK), ro ? "permission fault" : "ok",
	       user ? "ok" : "permission fault");
	if (!ok)
		tap_diag("  PAR U " W64, HL(paru));
	return ok;
}

/* ---- RAM past 4GB ------------------------------------------------------- */

/* RAM past 4GB (qemu-facts: some QEMU versions mishandle it under TCG):
 * the same PA through a 2MB block and through 4KB pages. */
static void high_ram_checks(uint64_t ram_end)
{
	vmsa_attr_t ram = VMSA_MT_WRITEALLOC | VMSA_RW | lt.shared, canon = 0;
	uint64_t pb, pp;
	int rc;

	if (ram_end < HI_PA + BLK) {
		tap_skip("lpae: RAM above 4GB through a 2MB block and 4KB pages",
		         "no RAM past 4GB in this QEMU configuration (its command "
		         "line has no ram-end=; the lpae-4g configuration has)");
		return;
	}
	rc = lt_map_leaf(2, lt.TV + T_HIB, HI_PA, ram, NULL);
	for (uint32_t o = 0; o < HI_BYTES; o += PG)
		rc |= lt_map_leaf(3, lt.TV + T_HIP + o, HI_PA + o, ram, NULL);
	rc |= vmsa_lpae_canonical(ram, &canon);
	pb = vmsa_arch_ats1cpr64(lt.TV + T_HIB + 0x1234);
	pp = vmsa_arch_ats1cpr64(lt.TV + T_HIP + 0x2345);
	tap_ok(rc == VMSA_OK && lt_par_says(pb, HI_PA + 0x1000, canon) &&
	       lt_par_says(pp, HI_PA + 0x2000, canon) &&
	       ((pb >> 32) & 0xffu) == (HI_PA >> 32),
	       "lpae: PA " PA40 " (RAM to " PA40 ") as a 2MB block and as 4KB "
	       "pages: PAR PA " PA40 " and " PA40 ", PA[39:32] = 0x%02lx",
	       HL(HI_PA), HL(ram_end), HL(pb & LPAE_PAR_PA_MASK),
	       HL(pp & LPAE_PAR_PA_MASK), (unsigned long)((pb >> 32) & 0xffu));
	tap_ok(rc == VMSA_OK &&
	       lt_same_memory(lt.TV + T_HIB, lt.TV + T_HIP, HI_BYTES),
	       "lpae: RAM above 4GB: a pattern written through the 2MB block at "
	       "0x%08lx reads back through the 4KB pages at 0x%08lx, and the "
	       "other way round", (unsigned long)(lt.TV + T_HIB),
	       (unsigned long)(lt.TV + T_HIP));
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
	uint64_t ram_end, par[3];
	struct vmsa_table *fault_table;
	bool same;
	int rc;

	lt_begin(false, secure, (t->flags & VMSA_TF_SMP) ? VMSA_SHARED : 0);
	if (!vmsa_arch_has_lpae()) {
		tap_ok(vmsa < 5 && midr_lpae(midr) != 1 &&
		       vmsa_arch_lpae_enter(pa_of(lt_l1), VMSA_LPAE_MAIR0,
		                            VMSA_LPAE_MAIR1, &saved) ==
		       VMSA_ERR_UNSUPPORTED,
		       "lpae: refused on this CPU (ID_MMFR0.VMSA = %lu, MIDR "
		       "0x%08lx): vmsa_arch_lpae_enter returns VMSA_ERR_UNSUPPORTED",
		       (unsigned long)vmsa, (unsigned long)midr);
		return;
	}
	tap_ok(vmsa >= 5 && midr_lpae(midr) != 0 &&
	       vmsa_arch_lpae_enter(pa_of(lt_l1) + 8, VMSA_LPAE_MAIR0,
	                            VMSA_LPAE_MAIR1, &saved) == VMSA_ERR_INVAL,
	       "lpae: present on this CPU (ID_MMFR0.VMSA = %lu, MIDR 0x%08lx); "
	       "a misaligned level 1 table is refused (VMSA_ERR_INVAL)",
	       (unsigned long)vmsa, (unsigned long)midr);

	ram_end = ram_end_announced();
	if (!secure)
		tap_diag("lpae: Non-secure state: PAR.NS is UNKNOWN, not checked");
	if (lt_build() != VMSA_OK)
		return;

	/* The boot stub retries a translation fault that its table maps
	 * (another CPU's break-before-make): not while these tables run. */
	fault_table = boot_fault_table;
	boot_fault_table = NULL;
	rc = vmsa_arch_lpae_enter(pa_of(lt_l1), VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1,
	                          &saved);
	lt.live = rc == VMSA_OK;
	same = lt_identity(par);
	tap_ok(lt.live && (read_ttbcr() & LPAE_TTBCR_EAE) && (read_sctlr() & 1u) &&
	       read_prrr() == VMSA_LPAE_MAIR0 && read_nmrr() == VMSA_LPAE_MAIR1 &&
	       same,
	       "lpae: MMU on with long descriptors (TTBCR 0x%08lx, MAIR0 0x%08lx, "
	       "MAIR1 0x%08lx): code, stack and UART identity (PAR attr 0x%02lx, "
	       "0x%02lx, 0x%02lx)", (unsigned long)read_ttbcr(),
	       (unsigned long)read_prrr(), (unsigned long)read_nmrr(),
	       (unsigned long)LPAE_PAR_ATTR_OF(par[0]),
	       (unsigned long)LPAE_PAR_ATTR_OF(par[1]),
	       (unsigned long)LPAE_PAR_ATTR_OF(par[2]));
	if (!lt.live) {
		boot_fault_table = fault_table;
		return;
	}

	lt_live_checks(variants, sizeof variants / sizeof variants[0],
	               leaf_check, NULL);
	high_ram_checks(ram_end);
	/* Every kind of entry is in the tables now: blocks and pages of the
	 * last type and variant tried, AF cleared, execute-never, RAM past
	 * 4GB with lpae-4g. */
	if (lt_save() != 0)
		tap_diag("lpae: could not save the long-descriptor table images");

	vmsa_arch_lpae_leave(&saved);
	lt.live = false;
	boot_fault_table = fault_table;
	back_checks(t, &saved);
}
