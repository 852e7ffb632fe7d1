/*
 * tests/qemu/test_mmu.c - vmsa judged by the emulated MMU. Boots with the
 * board's tables (src/boot), then checks, printing TAP:
 *  - the registers the enable sequence programmed;
 *  - for every board region and every granule kind, that ATS1CPR/PAR (the
 *    hardware walk) agrees with vmsa_translate (the software walk);
 *  - aliases (one PA through several VAs);
 *  - real faults taken and decoded: unmapped (L1 and L2), RO page and RO
 *    section writes, execute from XN, domain no-access, USR-mode access to
 *    privileged and user-RO pages, alignment, undefined instruction;
 *  - live updates (unmap, protect, remap) seen by the hardware, which
 *    needs the engine's TLB maintenance;
 *  - the four C/B memory types, by decoding the live descriptors (QEMU's
 *    32-bit PAR carries no memory attributes), with TEX remap off and on:
 *    the second half rebuilds the tables with VMSA_FMT_TEX_REMAP and
 *    re-enables the MMU with SCTLR.TRE.
 * Also saves both tables for the host decoder check (dumpfile.c).
 *
 * With VMSA_FMT_PXN (Cortex-A15/A7): PXN pages and sections fault when
 * PL1 executes them and run from USR. In Secure state: the descriptor NS
 * bit reaches PAR.NS.
 *
 * Then test_live.c: split and merge on the live MMU, failure atomicity,
 * fault hooks, and with several CPUs the TLB broadcast and concurrent
 * updates; test_irq.c: the lock masks IRQs (an interrupt raised inside a
 * writer is taken after it); test_isolation.c: USR write/execute of privileged memory,
 * NULL, a stack guard page, device memory never executable, the policy
 * checker on the live table; test_image.c: the image as the boot stub
 * maps it (W^X, stack guard pages, tables out of USR's reach) and the W^X
 * debug option; and test_lpae.c: the long-descriptor encodings of
 * src/fmt/fmt_lpae.c judged through the 64-bit PAR on CPUs with LPAE
 * (refused on the others), then back to the short-descriptor tables
 * before the TEX remap half below; test_lpae_engine.c: the same for the
 * table engine writing long descriptors (VMSA_FMT_LPAE) on a live MMU,
 * the identity map, map, unmap, protect and remap judged through the
 * 64-bit PAR and real accesses; test_hyp.c: the Hyp mode calls of the
 * arch layer refuse at PL1 (the Hyp tests themselves run from hyp_main
 * when QEMU starts the image in Hyp mode).
 *
 * Not covered: NS-bit behaviour in Non-secure state (the bit is
 * ignored there), access flag faults (vmsa always sets AP[0]).
 *
 * Test memory: VAs from 0xD0000000 (unused by the boards), PAs from
 * RAM base + 16MB (the image, stacks and heap stay below 12MB).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/desc.h>
#include <vmsa/hwdef.h>

#include <boot.h>
#include "dumpfile.h"
#include "tap.h"
#include "test_boot.h"
#include "test_image.h"
#include "test_isolation.h"
#include "test_irq.h"
#include "test_live.h"
#include "test_hyp.h"
#include "test_lpae.h"
#include "test_lpae_engine.h"
#include "test_prebuilt.h"

#define MB 0x100000u
#define KB 0x400u

static uint32_t R;       /* scratch PA base: RAM base + 16MB */

/* Test VAs (and their PAs as offsets from R). */
#define VA_SUPER   0xD0000000u  /* 16MB -> R + 0 */
#define VA_SECT    0xD1100000u  /* 2MB  -> R + 0x1100000 */
#define VA_LARGE   0xD1300000u  /* 128KB-> R + 0x1300000 */
#define VA_SMALL   0xD1401000u  /* 8KB  -> R + 0x1401000 */
#define VA_L2HOLE  0xD1404000u  /* unmapped entry of VA_SMALL's L2 table */
#define VA_L1HOLE  0xD3000000u  /* unmapped L1 entry */
#define VA_ROPAGE  0xD1500000u
#define VA_ROSECT  0xD1600000u
#define VA_XN      0xD1700000u  /* code page, RW XN */
#define VA_XOK     0xD1701000u  /* same PA, executable */
#define VA_DOMS    0xD1800000u  /* section in domain 3 */
#define VA_DOMP    0xD1900000u  /* page in domain 5 */
#define VA_UCODE   0xD1A00000u  /* user alias of .user_text */
#define VA_USTACK  0xD1B00000u
#define VA_URW     0xD1B01000u
#define VA_URO     0xD1B02000u
#define VA_UPRIV   0xD1B03000u
#define VA_UNMAP   0xD1D00000u
#define VA_PROT    0xD1E00000u
#define VA_REMAP   0xD1F00000u
#define VA_CB      0xD2000000u  /* four sections, one per C/B type */
#define VA_PXNP    0xD2800000u  /* code page, PXN (own L1 entry: the L1
                                   table descriptor holds PXN for pages) */
#define VA_PXNS    0xD2900000u  /* code section, PXN */
#define VA_NSP     0xD2A00000u  /* page with VMSA_NS */

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static int map(struct vmsa_table *t, uint32_t va, uint32_t pa, uint32_t size,
               vmsa_attr_t attrs)
{
	int rc = vmsa_map(t, vmsa_va(va), vmsa_pa(pa), size, attrs);
	if (rc != VMSA_OK)
		tap_diag("vmsa_map(0x%08lx -> 0x%08lx, 0x%lx, 0x%lx): %s",
		         (unsigned long)va, (unsigned long)pa,
		         (unsigned long)size, (unsigned long)attrs,
		         vmsa_strerror(rc));
	return rc;
}

/* ---- hardware walk vs software walk ------------------------------------ */

/*
 * One VA: ATS1CPR's PAR against vmsa_translate. PAR (B4.1.112): bit 0 F;
 * on success PA[31:12] in bits 31:12, or for a supersection (bit 1 SS)
 * PA[31:24] in bits 31:24; on a fault FS in bits 6:1.
 */
static bool ats_agrees(const struct vmsa_table *t, uint32_t va, bool quiet)
{
	struct vmsa_xlat x;
	int rc = vmsa_translate(t, vmsa_va(va), &x);
	uint32_t par = ats1cpr(va);

	if (rc == VMSA_OK) {
		bool super = x.kind == VMSA_KIND_SUPERSECTION;
		uint32_t mask = super ? 0xff000000u : 0xfffff000u;
		if (!(par & 1u) && ((par >> 1) & 1u) == super &&
		    (par & mask) == ((uint32_t)x.pa.p & mask))
			return true;
		if (!quiet)
			tap_diag("va 0x%08lx: translate pa 0x%llx %s, PAR 0x%08lx",
			         (unsigned long)va, (unsigned long long)x.pa.p,
			         vmsa_kind_name(x.kind), (unsigned long)par);
		return false;
	}
	if (rc == VMSA_ERR_NOTMAPPED) {
		uint32_t fs = (par >> 1) & 0x3fu;
		uint32_t want = x.level == 2 ? 0x07 : 0x05;
		if ((par & 1u) && fs == want)
			return true;
		if (!quiet)
			tap_diag("va 0x%08lx: translate NOTMAPPED level %u, PAR 0x%08lx",
			         (unsigned long)va, x.level, (unsigned long)par);
		return false;
	}
	if (!quiet)
		tap_diag("va 0x%08lx: vmsa_translate: %s", (unsigned long)va,
		         vmsa_strerror(rc));
	return false;
}

/* First, middle and last word of a region, and a few in between. */
static bool region_agrees(const struct vmsa_table *t, uint32_t va, uint64_t size)
{
	bool ok = true;
	uint64_t step = size / 7;
	for (int i = 0; i < 7; i++)
		ok &= ats_agrees(t, va + (uint32_t)((step * (uint64_t)i) & ~3ull), false);
	ok &= ats_agrees(t, va + (uint32_t)(size / 2), false);
	ok &= ats_agrees(t, (uint32_t)(va + size - 4), false);
	return ok;
}

static void check_board_regions(const struct vmsa_table *t, const char *phase)
{
	for (size_t i = 0; i < board.n_regions; i++) {
		const struct vmsa_region *r = &board.regions[i];
		tap_ok(region_agrees(t, r->va.v, r->size),
		       "%s: ATS1CPR agrees with vmsa_translate over region %s",
		       phase, r->name);
	}
}

/* The granule an independent reading of the rule in vmsa.h gives:
 * the largest that VA/PA alignment and the size allow. */
static enum vmsa_kind expected_kind(uint32_t va, uint32_t pa, uint64_t size)
{
	static const struct { uint32_t sz; enum vmsa_kind k; } g[] = {
		{ VMSA_SZ_SUPERSECTION, VMSA_KIND_SUPERSECTION },
		{ VMSA_SZ_SECTION, VMSA_KIND_SECTION },
		{ VMSA_SZ_LARGE, VMSA_KIND_LARGE },
		{ VMSA_SZ_SMALL, VMSA_KIND_SMALL },
	};
	for (unsigned i = 0; i < 4; i++)
		if (((va | pa) & (g[i].sz - 1)) == 0 && size >= g[i].sz)
			return g[i].k;
	return VMSA_KIND_FAULT;
}

/* Map one granule kind, check the kind, the hardware walk at every
 * granule, and an alias: write through va, read through the RAM identity
 * and high aliases. */
static void granule_test(struct vmsa_table *t, const char *name, uint32_t va,
                         uint32_t pa, uint32_t size, enum vmsa_kind want)
{
	struct vmsa_xlat x;
	int rc = map(t, va, pa, size, VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	tap_ok(rc == VMSA_OK, "%s: vmsa_map on the live table", name);

	rc = vmsa_translate(t, vmsa_va(va + size - 4), &x);
	tap_ok(rc == VMSA_OK && x.kind == want && want == expected_kind(va, pa, size)
	       && x.pa.p == pa + size - 4,
	       "%s: vmsa_translate gives a %s at pa 0x%08lx", name,
	       vmsa_kind_name(want), (unsigned long)(pa + size - 4));

	bool ok = true;
	uint32_t g = vmsa_kind_size(want);
	for (uint32_t off = 0; g && off < size; off += g) {
		ok &= ats_agrees(t, va + off, false);
		ok &= ats_agrees(t, va + off + g - 4, false);
	}
	uint32_t par = ats1cpr(va);
	ok &= ((par >> 1) & 1u) == (want == VMSA_KIND_SUPERSECTION);
	tap_ok(ok, "%s: ATS1CPR agrees at every granule (PAR 0x%08lx)", name,
	       (unsigned long)par);

	/* The identity RAM region and the high alias reach the same PA. */
	uint32_t off = size / 2 + 0x124;
	uint32_t id = pa + off;
	uint32_t hi = 0xC0000000u + (pa - board.ram_base) + off;
	uint32_t pat = 0x5a000000u ^ va;
	*ptr(va + off) = pat;
	uint32_t a = *ptr(id), b = *ptr(hi);
	*ptr(hi) = ~pat;
	uint32_t c = *ptr(va + off);
	tap_ok(a == pat && b == pat && c == ~pat,
	       "%s: alias: write via 0x%08lx seen at 0x%08lx and 0x%08lx, and back",
	       name, (unsigned long)(va + off), (unsigned long)id,
	       (unsigned long)hi);
}

/* ---- faults -------------------------------------------------------------- */

static bool fault_is(const struct fault_info *f, enum exc_kind exc,
                     enum fault_type type, int level, uint32_t far, int write)
{
	bool ok = f->exc == exc && f->type == type && f->level == level &&
	          f->far == far && (write < 0 || f->write == (write != 0));
	if (!ok)
		tap_diag("got %s fault level %d far 0x%08lx %s fsr 0x%03lx",
		         fault_type_name(f->type), f->level, (unsigned long)f->far,
		         f->write ? "write" : "read", (unsigned long)f->fsr);
	return ok;
}

static bool read_faults(uint32_t va, enum fault_type type, int level)
{
	struct fault_info f;
	expect_fault(EXC_DABT);
	(void)*ptr(va);
	if (!fault_taken(&f)) {
		tap_diag("no fault reading 0x%08lx", (unsigned long)va);
		return false;
	}
	return fault_is(&f, EXC_DABT, type, level, va, 0);
}

static bool write_faults(uint32_t va, enum fault_type type, int level)
{
	struct fault_info f;
	expect_fault(EXC_DABT);
	*ptr(va) = 0xdeadbeef;
	if (!fault_taken(&f)) {
		tap_diag("no fault writing 0x%08lx", (unsigned long)va);
		return false;
	}
	return fault_is(&f, EXC_DABT, type, level, va, 1);
}

/* User-mode code: runs from the USR alias of .user_text, so it calls
 * nothing and uses only PC-relative or passed-in addresses. */
static uint32_t USER_TEXT user_rw(uint32_t va)
{
	volatile uint32_t *p = (volatile uint32_t *)va;
	p[0] = 0x600d0000u | (va & 0xffffu);
	return p[0];
}

static uint32_t USER_TEXT user_read(uint32_t va)
{
	return *(volatile uint32_t *)va;
}

static uint32_t USER_TEXT user_write(uint32_t va)
{
	*(volatile uint32_t *)va = 0xbadu;
	return 1;
}

static uint32_t user_alias(const void *fn)
{
	return VA_UCODE + (uint32_t)((uintptr_t)fn - (uintptr_t)__user_text_start);
}

static uint32_t in_user(uint32_t (*fn)(uint32_t), uint32_t arg)
{
	return run_user((uint32_t (*)(uint32_t))(uintptr_t)user_alias((const void *)fn),
	                arg, VA_USTACK + 0x1000, user_alias((const void *)user_return));
}

static void fault_tests(struct vmsa_table *t)
{
	struct fault_info f = { 0 };

	tap_ok(read_faults(VA_L1HOLE + 0x344, FT_TRANSLATION, 1),
	       "unmapped L1 read: translation fault, section level, exact DFAR, read");
	tap_ok(write_faults(VA_L1HOLE + 0x8, FT_TRANSLATION, 1),
	       "unmapped L1 write: translation fault, section level, WnR set");
	tap_ok(read_faults(VA_L2HOLE + 0x10, FT_TRANSLATION, 2),
	       "unmapped entry in a live L2 table: translation fault, page level");
	tap_ok(ats_agrees(t, VA_L1HOLE, false) && ats_agrees(t, VA_L2HOLE, false),
	       "ATS1CPR on unmapped VAs faults at the level vmsa_translate reports");

	/* Read-only page and section: reads work, writes fault. */
	int rc = map(t, VA_ROPAGE, R + 0x1500000, 0x1000,
	             VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN);
	rc |= map(t, VA_ROSECT, R + 0x1600000, MB,
	          VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN);
	*ptr(R + 0x1500040) = 0x1234abcd;
	tap_ok(rc == VMSA_OK && *ptr(VA_ROPAGE + 0x40) == 0x1234abcd &&
	       write_faults(VA_ROPAGE + 0x40, FT_PERMISSION, 2),
	       "RO page: read works, write is a page permission fault");
	tap_ok(rc == VMSA_OK && write_faults(VA_ROSECT + 0x7f0, FT_PERMISSION, 1),
	       "RO section: write is a section permission fault");

	/* Execute: the same code page through an XN and an executable VA. */
	rc = map(t, VA_XN, R + 0x1700000, 0x1000,
	         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	rc |= map(t, VA_XOK, R + 0x1700000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RO);
	if (rc == VMSA_OK) {
		ptr(VA_XN)[0] = 0xe3a0002au;   /* mov r0, #42 */
		ptr(VA_XN)[1] = 0xe12fff1eu;   /* bx lr */
		boot_sync_icache((const void *)VA_XN, 8);
	}
	volatile uint32_t got = 0;
	if (rc == VMSA_OK)
		got = ((uint32_t (*)(void))VA_XOK)();
	tap_ok(got == 42, "code page executes through its executable alias");
	bool ok = false;
	if (rc == VMSA_OK) {
		expect_fault(EXC_PABT);
		got = ((uint32_t (*)(void))VA_XN)();
		ok = fault_taken(&f) &&
		     fault_is(&f, EXC_PABT, FT_PERMISSION, 2, VA_XN, -1);
	}
	tap_ok(ok, "execute from an XN page: prefetch abort, page permission, IFAR exact");

	/* Domains: a section in domain 3 and a page in domain 5. */
	rc = map(t, VA_DOMS, R + 0x1800000, MB,
	         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN | VMSA_DOMAIN(3));
	rc |= map(t, VA_DOMP, R + 0x1900000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN | VMSA_DOMAIN(5));
	uint32_t dacr = read_dacr();
	write_dacr(dacr & ~(3u << 6) & ~(3u << 10));
	struct fault_info fs, fp;
	bool got_s, got_p;
	expect_fault(EXC_DABT);
	(void)*ptr(VA_DOMS + 0x100);
	got_s = fault_taken(&fs);
	expect_fault(EXC_DABT);
	(void)*ptr(VA_DOMP + 0x100);
	got_p = fault_taken(&fp);
	write_dacr(dacr);
	tap_ok(rc == VMSA_OK && got_s && got_p &&
	       fault_is(&fs, EXC_DABT, FT_DOMAIN, 1, VA_DOMS + 0x100, 0) &&
	       fs.domain == 3 &&
	       fault_is(&fp, EXC_DABT, FT_DOMAIN, 2, VA_DOMP + 0x100, 0) &&
	       fp.domain == 5,
	       "domain set to no access: domain faults, section (d3) and page (d5)");
	*ptr(VA_DOMS + 0x100) = 77;
	tap_ok(*ptr(R + 0x1800100) == 77,
	       "domain back to client: access works");

	/* USR mode. */
	rc = map(t, VA_UCODE, (uint32_t)(uintptr_t)__user_text_start,
	         (uint32_t)(__user_text_end - __user_text_start),
	         VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_USER);
	rc |= map(t, VA_USTACK, R + 0x1B00000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_USER | VMSA_XN);
	rc |= map(t, VA_URW, R + 0x1B01000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_USER | VMSA_XN);
	rc |= map(t, VA_URO, R + 0x1B02000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_USER_RO | VMSA_XN);
	rc |= map(t, VA_UPRIV, R + 0x1B03000, 0x1000,
	          VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	if (rc != VMSA_OK) {
		tap_ok(false, "USR mode mappings");
		return;
	}
	uint32_t v = in_user(user_rw, VA_URW + 0x20);
	tap_ok(v == (0x600d0000u | ((VA_URW + 0x20) & 0xffffu)) &&
	       *ptr(R + 0x1B01020) == v,
	       "USR mode: user RW page written and read back (0x%08lx)",
	       (unsigned long)v);

	expect_fault(EXC_DABT);
	(void)in_user(user_read, VA_UPRIV + 0x8);
	ok = fault_taken(&f) &&
	     fault_is(&f, EXC_DABT, FT_PERMISSION, 2, VA_UPRIV + 0x8, 0) &&
	     f.mode == 0x10;
	tap_ok(ok, "USR mode read of a privileged page: page permission fault from USR");

	expect_fault(EXC_DABT);
	(void)in_user(user_read, VA_SECT + 0x8);
	ok = fault_taken(&f) &&
	     fault_is(&f, EXC_DABT, FT_PERMISSION, 1, VA_SECT + 0x8, 0);
	tap_ok(ok, "USR mode read of a privileged section: section permission fault");

	*ptr(R + 0x1B02010) = 0x0e0e0e0e;
	v = in_user(user_read, VA_URO + 0x10);
	expect_fault(EXC_DABT);
	(void)in_user(user_write, VA_URO + 0x10);
	ok = v == 0x0e0e0e0e && fault_taken(&f) &&
	     fault_is(&f, EXC_DABT, FT_PERMISSION, 2, VA_URO + 0x10, 1);
	*ptr(VA_URO + 0x14) = 1;       /* privileged write still allowed */
	tap_ok(ok && *ptr(R + 0x1B02014) == 1,
	       "USER_RO page: USR reads, USR write faults, PL1 writes");

	/* ATS1CUR / ATS1CUW (PL0 checks) against the access vmsa_translate
	 * reports for each user test page. */
	static const uint32_t uvas[] = { VA_URW, VA_URO, VA_UPRIV, VA_UCODE };
	ok = true;
	for (unsigned i = 0; i < 4; i++) {
		struct vmsa_xlat x;
		if (vmsa_translate(t, vmsa_va(uvas[i]), &x) != VMSA_OK) {
			ok = false;
			continue;
		}
		bool ur = (x.attrs & (VMSA_USER | VMSA_USER_RO)) != 0;
		bool uw = (x.attrs & VMSA_USER_RO) == 0 && (x.attrs & VMSA_USER) &&
		          (x.attrs & VMSA_RW);
		bool hr = !(ats1cur(uvas[i]) & 1u), hw = !(ats1cuw(uvas[i]) & 1u);
		if (ur != hr || uw != hw) {
			tap_diag("va 0x%08lx attrs 0x%lx: user r/w %d/%d, hardware %d/%d",
			         (unsigned long)uvas[i], (unsigned long)x.attrs,
			         ur, uw, hr, hw);
			ok = false;
		}
	}
	tap_ok(ok, "ATS1CUR/ATS1CUW agree with the user access vmsa_translate reports");

	/* Alignment fault: SCTLR.A on, an unaligned LDR. */
	uint32_t sctlr = read_sctlr();
	write_sctlr(sctlr | SCTLR_A);
	expect_fault(EXC_DABT);
	uint32_t dummy, addr = R + 0x1100001;
	__asm__ volatile("ldr %0, [%1]" : "=r"(dummy) : "r"(addr) : "memory");
	write_sctlr(sctlr);
	ok = fault_taken(&f) && f.type == FT_ALIGNMENT && f.far == addr;
	tap_ok(ok, "unaligned LDR with SCTLR.A: alignment fault (DFSR 0x%03lx)",
	       (unsigned long)f.fsr);

	expect_fault(EXC_UNDEF);
	__asm__ volatile(".word 0xe7f000f0" : : : "memory");   /* UDF */
	tap_ok(fault_taken(&f) && f.exc == EXC_UNDEF,
	       "undefined instruction caught and skipped");
}

/* ---- the build's formats ------------------------------------------------ */

/* A library built for ARMv7-A holds the ARMv7 format alone: the ARMv5
 * object, linked here by naming it, is refused all the same, as a format
 * not linked is: vmsa_fmt_check says VMSA_ERR_UNSUPPORTED, the
 * descriptor encoder VMSA_ERR_INVAL (vmsa/desc.h). */
static void other_format_test(const struct vmsa_table *t)
{
	const struct vmsa_format *volatile v5 = VMSA_FORMAT(VMSA_FMT_V5);
	struct vmsa_desc d = { .type = VMSA_DESC_SECTION, .pa = { 0 },
	                       .attrs = VMSA_MT_WRITEBACK | VMSA_RW };
	uint32_t w = 0;

	tap_ok(v5 != NULL && vmsa_fmt_check(VMSA_FMT_V5) == VMSA_ERR_UNSUPPORTED &&
	       vmsa_l1_encode(VMSA_FMT_V5, &d, &w) == VMSA_ERR_INVAL &&
	       w == 0 && vmsa_fmt_check(t->fmt) == VMSA_OK,
	       "ARMv7 build: the ARMv5 format is refused even when linked "
	       "(vmsa_fmt_check: VMSA_ERR_UNSUPPORTED)");
}

/* ---- PXN and NS --------------------------------------------------------- */

/* The code page of fault_tests (mov r0, #42; bx lr at R + 0x1700000). */
static void pxn_tests(struct vmsa_table *t)
{
	const vmsa_attr_t a = VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_USER | VMSA_PXN;
	struct fault_info f = { 0 };

	if (!(t->fmt & VMSA_FMT_PXN)) {
		tap_ok(vmsa_map(t, vmsa_va(VA_PXNP), vmsa_pa(R + 0x1700000),
		                0x1000, a) == VMSA_ERR_UNSUPPORTED,
		       "no PXN on this CPU: vmsa_map with VMSA_PXN is unsupported");
		tap_skip("PXN page and section: PL1 execute aborts, USR runs",
		         "CPU without PXN (format has no VMSA_FMT_PXN)");
		return;
	}
	int rc = map(t, VA_PXNP, R + 0x1700000, 0x1000, a);
	rc |= map(t, VA_PXNS, R + 0x1700000, MB, a);
	if (rc != VMSA_OK) {
		tap_ok(false, "PXN page and section mapped");
		return;
	}
	static const uint32_t vas[] = { VA_PXNP, VA_PXNS };
	for (int i = 0; i < 2; i++) {
		volatile uint32_t got;
		expect_fault(EXC_PABT);
		got = ((uint32_t (*)(void))vas[i])();
		(void)got;
		bool ok = fault_taken(&f) &&
		          fault_is(&f, EXC_PABT, FT_PERMISSION, i ? 1 : 2, vas[i], -1);
		got = run_user((uint32_t (*)(uint32_t))vas[i], 0,
		               VA_USTACK + 0x1000,
		               user_alias((const void *)user_return));
		tap_ok(ok && got == 42,
		       "PXN %s: PL1 execute is a prefetch abort, USR runs it",
		       i ? "section" : "page");
	}
}

/* Secure state, where the descriptor NS bit selects the output address
 * space and ATS reports it in PAR.NS (bit 9). Reading SCR is UNDEFINED in
 * Non-secure state, which tells the two apart. Returns whether the CPU
 * runs in Secure state (the LPAE tests need it too). */
static bool ns_tests(struct vmsa_table *t)
{
	uint32_t scr = 0;
	expect_fault(EXC_UNDEF);
	__asm__ volatile("mrc p15, 0, %0, c1, c1, 0" : "+r"(scr));
	if (fault_taken(NULL)) {
		/* ID_PFR1.Security (bits 7:4) tells a CPU without the
		 * Security Extensions from one in Non-secure state. */
		uint32_t pfr1;
		__asm__ volatile("mrc p15, 0, %0, c0, c1, 1" : "=r"(pfr1));
		tap_skip("descriptor NS bit reaches PAR.NS",
		         (pfr1 & 0xf0u) ? "Non-secure state: the NS bit is ignored"
		                        : "no Security Extensions (ID_PFR1.Security = 0; "
		                          "QEMU's secure=off models none)");
		return false;
	}
	int rc = map(t, VA_NSP, R + 0x1C00000, 0x1000,
	             VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN | VMSA_NS);
	uint32_t par_ns = ats1cpr(VA_NSP), par_s = ats1cpr(VA_SMALL);
	tap_ok(rc == VMSA_OK && !(par_ns & 1u) && (par_ns & (1u << 9)) &&
	       !(par_s & (1u << 9)),
	       "Secure state (SCR 0x%lx): VMSA_NS page gives PAR.NS (0x%08lx), "
	       "a Secure page not (0x%08lx)", (unsigned long)scr,
	       (unsigned long)par_ns, (unsigned long)par_s);
	return true;
}

/* ---- live updates ----------------------------------------------------- */

static void live_update_tests(struct vmsa_table *t)
{
	int rc;

	/* Each VA is read first so QEMU's TLB holds it: without the engine's
	 * TLB invalidation the old translation would still be used. */
	rc = map(t, VA_UNMAP, R + 0x1D00000, 0x2000,
	         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	*ptr(VA_UNMAP + 0x1000) = 1;
	(void)*ptr(VA_UNMAP);
	rc |= vmsa_unmap(t, vmsa_va(VA_UNMAP), 0x1000);
	tap_ok(rc == VMSA_OK && read_faults(VA_UNMAP + 0x4, FT_TRANSLATION, 2) &&
	       *ptr(VA_UNMAP + 0x1000) == 1,
	       "vmsa_unmap of a live page: the next access faults, its neighbour works");

	rc = map(t, VA_PROT, R + 0x1E00000, 0x1000,
	         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	*ptr(VA_PROT) = 2;
	rc |= vmsa_protect(t, vmsa_va(VA_PROT), 0x1000,
	                   VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN);
	tap_ok(rc == VMSA_OK && write_faults(VA_PROT + 0xc, FT_PERMISSION, 2) &&
	       *ptr(VA_PROT) == 2,
	       "vmsa_protect RW -> RO of a live page: writes fault, reads work");

	*ptr(R + 0x1F00000) = 0xaaaa0001;
	*ptr(R + 0x1F01000) = 0xbbbb0002;
	rc = map(t, VA_REMAP, R + 0x1F00000, 0x1000,
	         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN);
	uint32_t before = *ptr(VA_REMAP);
	rc |= vmsa_remap(t, vmsa_va(VA_REMAP), vmsa_pa(R + 0x1F01000), 0x1000);
	uint32_t after = *ptr(VA_REMAP);
	tap_ok(rc == VMSA_OK && before == 0xaaaa0001 && after == 0xbbbb0002,
	       "vmsa_remap of a live page: the new PA is read (0x%08lx -> 0x%08lx)",
	       (unsigned long)before, (unsigned long)after);
}

/* ---- memory types -------------------------------------------------- */

static const struct {
	vmsa_attr_t mt;
	const char *name;
	uint8_t tex, c, b;        /* ARM ARM table B3-10 (TRE = 0) */
	uint8_t tr, ir;           /* with TRE and Linux's PRRR/NMRR: PRRR.TRn
	                             (0 SO, 1 Device, 2 Normal), NMRR.IRn
	                             (0 NC, 1 WBWA, 2 WT, 3 WB) */
} cb_types[] = {
	{ VMSA_MT_UNCACHED,     "UNCACHED",     0, 0, 0, 0, 0 },
	{ VMSA_MT_BUFFERABLE,   "BUFFERABLE",   0, 0, 1, 2, 0 },
	{ VMSA_MT_WRITETHROUGH, "WRITETHROUGH", 0, 1, 0, 2, 2 },
	{ VMSA_MT_WRITEBACK,    "WRITEBACK",    0, 1, 1, 2, 3 },
};

static int map_cb(struct vmsa_table *t)
{
	int rc = 0;
	for (unsigned i = 0; i < 4; i++)
		rc |= map(t, VA_CB + i * MB, R + 0x2000000 + i * MB, MB,
		          cb_types[i].mt | VMSA_RW | VMSA_XN);
	return rc;
}

/*
 * Decode the live L1 word of each C/B section (QEMU's 32-bit PAR carries
 * no memory attributes, so the descriptor is the only witness): raw
 * TEX/C/B against the ARM ARM, the decoded type against the canonical
 * form, and with TRE the type the live PRRR/NMRR give that index.
 */
static void cb_tests(const struct vmsa_table *t, const char *phase)
{
	bool remap = (t->fmt & VMSA_FMT_TEX_REMAP) != 0;
	uint32_t prrr = read_prrr(), nmrr = read_nmrr();

	for (unsigned i = 0; i < 4; i++) {
		uint32_t va = VA_CB + i * MB;
		uint32_t word = t->l1[va >> 20];
		struct vmsa_desc d;
		struct vmsa_bits bits;
		vmsa_attr_t canon = 0, canon_s = 0;
		bool ok = true;

		vmsa_desc_bits(t->fmt, 1, false, word, &bits);
		ok &= vmsa_l1_decode(t->fmt, word, &d) == VMSA_OK;
		ok &= d.type == VMSA_DESC_SECTION;
		ok &= vmsa_attr_canonical(t->fmt, cb_types[i].mt | VMSA_RW | VMSA_XN,
		                          &canon) == VMSA_OK;
		/* Under VMSA_TF_SMP Normal memory is mapped shareable (the
		 * types that take VMSA_SHARED are the Normal ones). */
		if ((t->flags & VMSA_TF_SMP) &&
		    vmsa_attr_canonical(t->fmt, canon | VMSA_SHARED,
		                        &canon_s) == VMSA_OK)
			canon = canon_s;
		ok &= d.attrs == canon;
		ok &= (word & L1_TYPE_MASK) == L1_TYPE_SECT;
		if (!remap) {
			ok &= bits.tex == cb_types[i].tex && bits.c == cb_types[i].c &&
			      bits.b == cb_types[i].b;
		} else {
			unsigned idx = ((bits.tex & 1u) << 2) | (bits.c << 1) | bits.b;
			unsigned tr = (prrr >> (2 * idx)) & 3u;
			unsigned ir = (nmrr >> (2 * idx)) & 3u;
			ok &= idx == i && tr == cb_types[i].tr &&
			      (tr != 2 || ir == cb_types[i].ir);
		}
		/* The mapping works: write through it, read via RAM. */
		*ptr(va + 0x40) = 0xcb000000u | i;
		ok &= *ptr(R + 0x2000000 + i * MB + 0x40) == (0xcb000000u | i);
		ok &= ats_agrees(t, va + 0x40, false);
		tap_ok(ok, "%s: %s section: word 0x%08lx TEX %u C %u B %u, decodes as %s",
		       phase, cb_types[i].name, (unsigned long)word, bits.tex,
		       bits.c, bits.b, vmsa_mt_name(VMSA_MT(d.attrs)));
	}
}

/* ---- TEX remap phase -------------------------------------------------- */

static uint32_t tre_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t tre_pool[32 * 1024]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table tre_table;

static void tre_tests(void)
{
	int rc = boot_build_table(&tre_table, board.fmt | VMSA_FMT_TEX_REMAP,
	                          boot_table.flags & VMSA_TF_SMP, tre_l1,
	                          tre_pool, sizeof tre_pool);
	rc |= map_cb(&tre_table);
	tap_ok(rc == VMSA_OK, "TRE=1: tables rebuilt from the board regions "
	       "with VMSA_FMT_TEX_REMAP");
	if (rc != VMSA_OK)
		return;
	/* Off with the old tables, on with the new: the enable sequence is
	 * written for an MMU that is off. */
	boot_mmu_disable(&boot_table);
	vmsa_arch_mmu_enable(&tre_table, BOOT_DACR, SCTLR_C | SCTLR_I | SCTLR_Z);
	uint32_t sctlr = read_sctlr();
	tap_ok((sctlr & (SCTLR_M | SCTLR_TRE)) == (SCTLR_M | SCTLR_TRE) &&
	       read_prrr() == VMSA_PRRR && read_nmrr() == VMSA_NMRR &&
	       (read_ttbr0() & ~0x3fffu) == (uint32_t)tre_table.l1_pa.p &&
	       (tre_table.flags & VMSA_TF_LIVE),
	       "TRE=1: SCTLR 0x%08lx, PRRR 0x%08lx, NMRR 0x%08lx, TTBR0 0x%08lx",
	       (unsigned long)sctlr, (unsigned long)read_prrr(),
	       (unsigned long)read_nmrr(), (unsigned long)read_ttbr0());
	check_board_regions(&tre_table, "TRE=1");
	cb_tests(&tre_table, "TRE=1");
	tap_ok(read_faults(VA_SUPER, FT_TRANSLATION, 1),
	       "TRE=1: test mappings of the first table are gone (fault)");
	if (dump_tables(&tre_table, "remap") != 0)
		tap_diag("could not save the remap table images");
}

/*
 * An earlier boot stage may leave SCTLR.AFE set: AP[0] is then the Access
 * flag, and a VMSA_USER_RO page (AP = 0b010) takes an Access flag fault on
 * every access. vmsa_arch_mmu_enable must clear it (and HA).
 */
static void afe_tests(void)
{
	struct fault_info f;
	uint32_t got;
	int rc = map(&tre_table, VA_URO, R + 0x1B02000, 0x1000,
	             VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_USER_RO | VMSA_XN);

	*ptr(R + 0x1B02010) = 0xafe0afe0u;
	boot_mmu_disable(&tre_table);
	write_sctlr(read_sctlr() | SCTLR_AFE);
	tap_ok(rc == VMSA_OK && (read_sctlr() & SCTLR_AFE),
	       "AFE: USER_RO page mapped, SCTLR.AFE set before the enable");
	vmsa_arch_mmu_enable(&tre_table, BOOT_DACR, SCTLR_C | SCTLR_I | SCTLR_Z);
	expect_fault(EXC_DABT);
	got = *ptr(VA_URO + 0x10);
	tap_ok(!fault_taken(&f) && got == 0xafe0afe0u &&
	       !(read_sctlr() & (SCTLR_AFE | SCTLR_HA)),
	       "AFE: the enable clears SCTLR.AFE; the USER_RO page (AP[0] = 0) "
	       "reads without an Access flag fault (SCTLR 0x%08lx)",
	       (unsigned long)read_sctlr());
}

int main(void)
{
	struct vmsa_table *t = &boot_table;
	R = board.ram_base + 16 * MB;

	tap_diag("vmsa QEMU tests on %s, MIDR 0x%08lx, format %s", board.name,
	         (unsigned long)read_midr(), fmt_name(t->fmt));
	prebuilt_tests(t);      /* first: before any test changes t */
	tap_ok((read_sctlr() & SCTLR_M) && (t->flags & VMSA_TF_LIVE) &&
	       !(read_sctlr() & SCTLR_TRE),
	       "MMU on after boot, table live, TRE off");
	tap_ok(read_ttbcr() == 0 &&
	       (read_ttbr0() & ~0x3fffu) == (uint32_t)t->l1_pa.p &&
	       read_dacr() == BOOT_DACR,
	       "TTBCR 0x%lx, TTBR0 0x%08lx (l1 at 0x%08lx), DACR 0x%08lx",
	       (unsigned long)read_ttbcr(), (unsigned long)read_ttbr0(),
	       (unsigned long)t->l1_pa.p, (unsigned long)read_dacr());

	check_board_regions(t, "TRE=0");

	granule_test(t, "supersection", VA_SUPER, R, 16 * MB,
	             VMSA_KIND_SUPERSECTION);
	granule_test(t, "section", VA_SECT, R + 0x1100000, 2 * MB,
	             VMSA_KIND_SECTION);
	granule_test(t, "large page", VA_LARGE, R + 0x1300000, 128 * KB,
	             VMSA_KIND_LARGE);
	granule_test(t, "small page", VA_SMALL, R + 0x1401000, 8 * KB,
	             VMSA_KIND_SMALL);

	fault_tests(t);
	other_format_test(t);
	pxn_tests(t);
	bool secure = ns_tests(t);
	live_update_tests(t);
	tap_ok(map_cb(t) == VMSA_OK, "TRE=0: four C/B sections mapped");
	cb_tests(t, "TRE=0");
	live_tests(t);
	irq_tests(t);
	isolation_tests(t);
	boot_check_tests(t);
	image_tests(t);
	lpae_tests(t, secure);
	lpae_engine_tests(t, secure);
	hyp_pl1_tests();

	if (dump_tables(t, "direct") != 0)
		tap_diag("could not save the direct table images");
	tre_tests();
	afe_tests();
	return tap_done() ? 1 : 0;
}
