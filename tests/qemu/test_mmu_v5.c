/*
 * tests/qemu/test_mmu_v5.c - vmsa's ARMv5 format judged by the emulated
 * ARM926EJ-S MMU (QEMU versatilepb), printing TAP. Built instead of
 * test_mmu.c when board.mk says TEST_MAIN := tests/qemu/test_mmu_v5.c.
 *
 * ARMv5 has no VA-to-PA operation (no ATS1CPR/PAR), no XN, no WnR bit in
 * the DFSR, no TEX remap: the MMU is judged by aliases (data written at
 * one VA read back at another, or at the identity-mapped PA) and by the
 * faults it takes:
 *  - the board regions, sections, large and small pages in coarse tables,
 *    tiny, small and large pages in fine tables: data lands at the PA
 *    vmsa_translate reports, at the first and last word of each granule;
 *  - 1KB granularity: a tiny page reads its 1KB and no other (two 1KB
 *    halves mapped swapped read back swapped; the next 1KB faults);
 *  - a live coarse table turned into a fine one keeps its pages;
 *  - translation faults: unmapped L1 entry (0x005), unmapped coarse and
 *    fine entries (0x007), exact DFAR, no WnR;
 *  - permission faults from USR mode: privileged page, section and tiny
 *    page, write to VMSA_USER_RO pages (0x00F page, 0x00D section);
 *  - domains: no access gives domain faults (0x009 section, 0x00B page,
 *    with the domain number); manager ignores AP; client checks it again;
 *  - the four C/B types by decoding the live descriptors (section, coarse
 *    small page, tiny page) and using each;
 *  - live unmap, protect and remap of tiny pages (the engine's TLB
 *    maintenance by MVA with c8 c7 1);
 *  - alignment fault, undefined instruction.
 * What QEMU cannot judge here is reported as TAP "# SKIP" with the reason.
 * Also saves the table for the host decoder check (tiny lines included).
 *
 * Test memory: VAs from 0xD0000000, PAs from RAM base + 16MB.
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
#include "test_isolation.h"
#include "test_prebuilt.h"

#define MB 0x100000u
#define KB 0x400u

static uint32_t R;       /* scratch PA base: RAM base + 16MB */

#define VA_SECT    0xD1100000u  /* 2MB sections -> R + 0x1100000 */
#define VA_LARGE   0xD1300000u  /* 128KB large, coarse -> R + 0x1300000 */
#define VA_SMALL   0xD1401000u  /* 8KB small, coarse -> R + 0x1401000 */
#define VA_CHOLE   0xD1404000u  /* unmapped entry of that coarse table */
#define VA_FINE    0xD1500000u  /* the fine-table MB */
#define VA_TINY    (VA_FINE + 0x0000u)   /* 1KB -> R + 0x1500c00 */
#define VA_FHOLE   (VA_FINE + 0x0800u)   /* unmapped fine entry */
#define VA_SWAP    (VA_FINE + 0x1000u)   /* 2 x 1KB, halves swapped */
#define VA_FSMALL  (VA_FINE + 0x4000u)   /* 4KB small in the fine table */
#define VA_FLARGE  (VA_FINE + 0x10000u)  /* 64KB large in the fine table */
#define VA_C2F     0xD1600000u  /* coarse table turned fine */
#define VA_DOMS    0xD1800000u  /* section, domain 3 */
#define VA_DOMP    0xD1900000u  /* coarse page, domain 5 */
#define VA_UCODE   0xD1A00000u  /* user alias of .user_text */
#define VA_USTACK  0xD1B00000u
#define VA_URW     0xD1B01000u
#define VA_URO     0xD1B02000u
#define VA_UPRIV   0xD1B03000u
#define VA_UTINY   0xD1C00000u  /* tiny: +0 user RO, +0x400 privileged */
#define VA_DOMT    0xD1D00000u  /* tiny page, domain 6 */
#define VA_MGR     0xD1E00000u  /* privileged page, domain 7 */
#define VA_LIVE    0xD1F00000u  /* tiny pages changed while live */
#define VA_CB      0xD2000000u  /* four sections, one per C/B type */
#define VA_CBP     0xD2400000u  /* four small pages */
#define VA_CBT     0xD2500000u  /* four tiny pages */
#define VA_L1HOLE  0xD3000000u

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static void v5_write_dacr(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" : : "r"(v) : "memory");
}

static uint32_t v5_read_sctlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

static void v5_write_sctlr(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tnop\n\tnop"
	                 : : "r"(v) : "memory");
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

#define RAM_RW (VMSA_MT_WRITEBACK | VMSA_RW)

/* ---- descriptors --------------------------------------------------------- */

static uint32_t l1_word(const struct vmsa_table *t, uint32_t va)
{
	return t->l1[va >> 20];
}

/* The live L2 entry of va (tables are identity mapped: PA == VA). */
static uint32_t l2_word(const struct vmsa_table *t, uint32_t va)
{
	uint32_t w = l1_word(t, va);
	if ((w & 3u) == V5_L1_TYPE_FINE)
		return ptr(w & 0xfffff000u)[(va >> 10) & 0x3ffu];
	if ((w & 3u) == V5_L1_TYPE_COARSE)
		return ptr(w & 0xfffffc00u)[(va >> 12) & 0xffu];
	return 0;
}

/* Entries of one granule at va that are equal to the first. */
static unsigned same_entries(const struct vmsa_table *t, uint32_t va,
                             unsigned n, uint32_t step)
{
	uint32_t first = l2_word(t, va);
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++)
		k += l2_word(t, va + i * step) == first;
	return k;
}

/* ---- aliases ----------------------------------------------------------- */

/*
 * Write a distinct word through the VA at the first, middle and last word
 * of every granule of [va, va+size) and read each at the identity PA
 * vmsa_translate reports (and at pa + offset, the PA the test asked for),
 * then write through the PA and read through the VA.
 */
static bool alias_ok(const struct vmsa_table *t, uint32_t va, uint32_t pa,
                     uint32_t size, uint32_t granule)
{
	bool ok = true;
	for (uint32_t g = 0; g < size; g += granule) {
		const uint32_t offs[3] = { g, g + granule / 2, g + granule - 4 };
		for (int i = 0; i < 3; i++) {
			uint32_t o = offs[i];
			struct vmsa_xlat x;
			uint32_t pat = 0xa5000000u ^ (va + o);
			if (vmsa_translate(t, vmsa_va(va + o), &x) != VMSA_OK ||
			    x.pa.p != pa + o) {
				tap_diag("va 0x%08lx: vmsa_translate disagrees",
				         (unsigned long)(va + o));
				ok = false;
				continue;
			}
			*ptr(va + o) = pat;
			uint32_t a = *ptr(pa + o);
			*ptr(pa + o) = ~pat;
			uint32_t b = *ptr(va + o);
			if (a != pat || b != ~pat) {
				tap_diag("va 0x%08lx pa 0x%08lx: read 0x%08lx/0x%08lx",
				         (unsigned long)(va + o), (unsigned long)(pa + o),
				         (unsigned long)a, (unsigned long)b);
				ok = false;
			}
		}
	}
	return ok;
}

/* ---- faults -------------------------------------------------------------- */

static bool fault_is(const struct fault_info *f, enum fault_type type,
                     int level, uint32_t far, unsigned fs)
{
	bool ok = f->exc == EXC_DABT && f->type == type && f->level == level &&
	          f->far == far && f->fs == fs && !f->write;
	if (!ok)
		tap_diag("got %s fault level %d far 0x%08lx fsr 0x%03lx%s",
		         fault_type_name(f->type), f->level, (unsigned long)f->far,
		         (unsigned long)f->fsr, f->write ? " WnR" : "");
	return ok;
}

static bool read_faults(uint32_t va, enum fault_type type, int level,
                        unsigned fs)
{
	struct fault_info f;
	expect_fault(EXC_DABT);
	(void)*ptr(va);
	if (!fault_taken(&f)) {
		tap_diag("no fault reading 0x%08lx", (unsigned long)va);
		return false;
	}
	return fault_is(&f, type, level, va, fs);
}

static bool write_faults(uint32_t va, enum fault_type type, int level,
                         unsigned fs)
{
	struct fault_info f;
	expect_fault(EXC_DABT);
	*ptr(va) = 0xdeadbeef;
	if (!fault_taken(&f)) {
		tap_diag("no fault writing 0x%08lx", (unsigned long)va);
		return false;
	}
	return fault_is(&f, type, level, va, fs);
}

/* ---- USR mode ------------------------------------------------------------ */

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

/* A USR access expected to fault: the fault, from USR mode. */
static bool user_faults(uint32_t (*fn)(uint32_t), uint32_t va,
                        enum fault_type type, int level, unsigned fs)
{
	struct fault_info f;
	expect_fault(EXC_DABT);
	(void)in_user(fn, va);
	if (!fault_taken(&f)) {
		tap_diag("no fault from USR at 0x%08lx", (unsigned long)va);
		return false;
	}
	return fault_is(&f, type, level, va, fs) && f.mode == 0x10;
}

/* ---- the checks ------------------------------------------------------- */

static void board_tests(const struct vmsa_table *t)
{
	for (size_t i = 0; i < board.n_regions; i++) {
		const struct vmsa_region *r = &board.regions[i];
		bool ok = true;
		const uint32_t offs[3] = { 0, (uint32_t)(r->size / 2),
		                           (uint32_t)(r->size - 4) };
		for (int k = 0; k < 3; k++) {
			struct vmsa_xlat x;
			uint32_t va = r->va.v + offs[k];
			ok &= vmsa_translate(t, vmsa_va(va), &x) == VMSA_OK &&
			      x.pa.p == r->pa.p + offs[k];
			/* The MMU agrees it is mapped: any fault here is
			 * unexpected and ends the run. Devices: first word
			 * only (the others may be unimplemented registers). */
			if (k == 0 || VMSA_MT(r->attrs) != VMSA_MT_BUFFERABLE)
				(void)*ptr(va);
		}
		/* RAM aliases: a word written through the region is read at
		 * its identity PA. */
		if (VMSA_MT(r->attrs) == VMSA_MT_WRITEBACK && r->va.v != r->pa.p) {
			uint32_t va = r->va.v + 0x1000000u + 0x40, pa = r->pa.p + 0x1000000u + 0x40;
			*ptr(va) = 0x0a11a500u;
			ok &= *ptr(pa) == 0x0a11a500u;
		}
		tap_ok(ok, "region %s: first, middle and last word map where "
		       "vmsa_translate says, and read without a fault", r->name);
	}
	/* UART0's PrimeCell ID through its (non-identity-checked) mapping. */
	tap_ok(*ptr(board.uart_base + 0xfe0) == 0x11 &&
	       *ptr(board.uart_base + 0xfe4) == 0x10,
	       "device mapping: UART0 PeriphID0/1 read 0x11 0x10 through the MMU");
}

static void granule_tests(struct vmsa_table *t)
{
	struct vmsa_xlat x;
	int rc;

	rc = map(t, VA_SECT, R + 0x1100000, 2 * MB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l1_word(t, VA_SECT) & 3u) == V5_L1_TYPE_SECT &&
	       (l1_word(t, VA_SECT + MB) & 3u) == V5_L1_TYPE_SECT &&
	       alias_ok(t, VA_SECT, R + 0x1100000, 2 * MB, MB),
	       "sections: two L1 section entries, data at the chosen 1MB each");

	rc = map(t, VA_LARGE, R + 0x1300000, 128 * KB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l1_word(t, VA_LARGE) & 3u) == V5_L1_TYPE_COARSE &&
	       vmsa_translate(t, vmsa_va(VA_LARGE), &x) == VMSA_OK &&
	       x.kind == VMSA_KIND_LARGE &&
	       same_entries(t, VA_LARGE, 16, 0x1000) == 16 &&
	       alias_ok(t, VA_LARGE, R + 0x1300000, 128 * KB, 64 * KB),
	       "large pages in a coarse table: 16 equal entries each, data at the chosen 64KB");

	rc = map(t, VA_SMALL, R + 0x1401000, 8 * KB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l1_word(t, VA_SMALL) & 3u) == V5_L1_TYPE_COARSE &&
	       vmsa_translate(t, vmsa_va(VA_SMALL), &x) == VMSA_OK &&
	       x.kind == VMSA_KIND_SMALL &&
	       (l2_word(t, VA_SMALL) & 3u) == V5_L2_TYPE_SMALL &&
	       alias_ok(t, VA_SMALL, R + 0x1401000, 8 * KB, 4 * KB),
	       "small pages in a coarse table: data at the chosen 4KB");

	/* Tiny page: VA 1KB-aligned at the start of its MB, PA at the
	 * fourth 1KB of a 4KB page, so no coarser granule could do it. */
	*ptr(R + 0x1500c00 - 4) = 0xbef0e000u;
	*ptr(R + 0x1501000) = 0xaf7e0000u;
	rc = map(t, VA_TINY, R + 0x1500c00, KB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l1_word(t, VA_TINY) & 3u) == V5_L1_TYPE_FINE &&
	       (l2_word(t, VA_TINY) & 3u) == V5_L2_TYPE_TINY &&
	       vmsa_translate(t, vmsa_va(VA_TINY), &x) == VMSA_OK &&
	       x.kind == VMSA_KIND_TINY &&
	       alias_ok(t, VA_TINY, R + 0x1500c00, KB, KB) &&
	       read_faults(VA_TINY + KB, FT_TRANSLATION, 2, 0x7) &&
	       *ptr(R + 0x1500c00 - 4) == 0xbef0e000u &&
	       *ptr(R + 0x1501000) == 0xaf7e0000u,
	       "tiny page in a fine table: reads and writes its 1KB, the next 1KB "
	       "faults, the PA's neighbours are untouched");

	/* Two halves of 2KB, swapped through two tiny pages. */
	uint32_t p = R + 0x1501000;
	for (uint32_t o = 0; o < 2 * KB; o += 4)
		*ptr(p + o) = (o < KB ? 0x1a000000u : 0x2b000000u) | o;
	rc = map(t, VA_SWAP, p + KB, KB, RAM_RW);
	rc |= map(t, VA_SWAP + KB, p, KB, RAM_RW);
	bool ok = rc == VMSA_OK;
	for (uint32_t o = 0; ok && o < KB; o += 4) {
		ok &= *ptr(VA_SWAP + o) == (0x2b000000u | (o + KB));
		ok &= *ptr(VA_SWAP + KB + o) == (0x1a000000u | o);
	}
	*ptr(VA_SWAP + 0x10) = 0x5a5a0001u;       /* lands in the 2nd half */
	*ptr(VA_SWAP + KB + 0x10) = 0x5a5a0002u;  /* lands in the 1st half */
	ok &= *ptr(p + KB + 0x10) == 0x5a5a0001u && *ptr(p + 0x10) == 0x5a5a0002u;
	tap_ok(ok, "two 1KB halves mapped swapped by tiny pages read back "
	       "swapped, every word, and writes land swapped");

	rc = map(t, VA_FSMALL, R + 0x1504000, 4 * KB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l1_word(t, VA_FSMALL) & 3u) == V5_L1_TYPE_FINE &&
	       (l2_word(t, VA_FSMALL) & 3u) == V5_L2_TYPE_SMALL &&
	       same_entries(t, VA_FSMALL, 4, KB) == 4 &&
	       alias_ok(t, VA_FSMALL, R + 0x1504000, 4 * KB, 4 * KB),
	       "small page in a fine table: 4 equal entries, data at the chosen 4KB");

	rc = map(t, VA_FLARGE, R + 0x1510000, 64 * KB, RAM_RW);
	tap_ok(rc == VMSA_OK && (l2_word(t, VA_FLARGE) & 3u) == V5_L2_TYPE_LARGE &&
	       same_entries(t, VA_FLARGE, 64, KB) == 64 &&
	       alias_ok(t, VA_FLARGE, R + 0x1510000, 64 * KB, 64 * KB),
	       "large page in a fine table: 64 equal entries, data at the chosen 64KB");

	/* A live coarse table with a used page becomes a fine table when a
	 * tiny page joins its MB; the page must survive the change. */
	rc = map(t, VA_C2F, R + 0x1600000, 4 * KB, RAM_RW);
	*ptr(VA_C2F + 0x20) = 0xc0a25e00u;
	uint32_t before = l1_word(t, VA_C2F) & 3u;
	rc |= map(t, VA_C2F + 0x2000, R + 0x1602400, KB, RAM_RW);
	*ptr(R + 0x1602400) = 0xf1e00000u;
	tap_ok(rc == VMSA_OK && before == V5_L1_TYPE_COARSE &&
	       (l1_word(t, VA_C2F) & 3u) == V5_L1_TYPE_FINE &&
	       *ptr(VA_C2F + 0x20) == 0xc0a25e00u &&
	       *ptr(VA_C2F + 0x2000) == 0xf1e00000u &&
	       alias_ok(t, VA_C2F, R + 0x1600000, 4 * KB, 4 * KB),
	       "live coarse table turned fine by a tiny page: the small page keeps "
	       "its data, the tiny page reads its 1KB");
}

static void translation_fault_tests(void)
{
	struct fault_info f;

	tap_ok(read_faults(VA_L1HOLE + 0x344, FT_TRANSLATION, 1, 0x5),
	       "unmapped L1 entry, read: section translation fault 0x005, exact DFAR");
	expect_fault(EXC_DABT);
	*ptr(VA_L1HOLE + 0x8) = 1;
	tap_ok(fault_taken(&f) && fault_is(&f, FT_TRANSLATION, 1, VA_L1HOLE + 0x8, 0x5) &&
	       !(f.fsr & (1u << 11)),
	       "unmapped L1 entry, write: 0x%03lx, no WnR bit on ARMv5",
	       (unsigned long)f.fsr);
	tap_ok(read_faults(VA_CHOLE + 0x10, FT_TRANSLATION, 2, 0x7),
	       "unmapped coarse-table entry: page translation fault 0x007");
	tap_ok(read_faults(VA_FHOLE + 0x10, FT_TRANSLATION, 2, 0x7) &&
	       write_faults(VA_FHOLE + 0x14, FT_TRANSLATION, 2, 0x7),
	       "unmapped fine-table entry: 0x007 on read and on write");
}

static void user_tests(struct vmsa_table *t)
{
	int rc = map(t, VA_UCODE, (uint32_t)(uintptr_t)__user_text_start,
	             (uint32_t)(__user_text_end - __user_text_start),
	             VMSA_MT_WRITEBACK | VMSA_RW | VMSA_USER_RO);
	rc |= map(t, VA_USTACK, R + 0x1B00000, 0x1000, RAM_RW | VMSA_USER);
	rc |= map(t, VA_URW, R + 0x1B01000, 0x1000, RAM_RW | VMSA_USER);
	rc |= map(t, VA_URO, R + 0x1B02000, 0x1000, RAM_RW | VMSA_USER_RO);
	rc |= map(t, VA_UPRIV, R + 0x1B03000, 0x1000, RAM_RW);
	rc |= map(t, VA_UTINY, R + 0x1C00400, KB, RAM_RW | VMSA_USER_RO);
	rc |= map(t, VA_UTINY + KB, R + 0x1C00800, KB, RAM_RW);
	if (rc != VMSA_OK) {
		tap_ok(false, "USR mode mappings");
		return;
	}
	uint32_t v = in_user(user_rw, VA_URW + 0x20);
	tap_ok(v == (0x600d0000u | ((VA_URW + 0x20) & 0xffffu)) &&
	       *ptr(R + 0x1B01020) == v,
	       "USR mode runs from a VMSA_USER_RO code page and writes a user RW page");

	tap_ok(user_faults(user_read, VA_UPRIV + 0x8, FT_PERMISSION, 2, 0xf),
	       "USR read of a privileged small page: page permission fault 0x00F");
	tap_ok(user_faults(user_read, VA_SECT + 0x8, FT_PERMISSION, 1, 0xd),
	       "USR read of a privileged section: section permission fault 0x00D");

	*ptr(R + 0x1B02010) = 0x0e0e0e0e;
	v = in_user(user_read, VA_URO + 0x10);
	bool ok = v == 0x0e0e0e0e &&
	          user_faults(user_write, VA_URO + 0x10, FT_PERMISSION, 2, 0xf);
	*ptr(VA_URO + 0x14) = 1;
	tap_ok(ok && *ptr(R + 0x1B02014) == 1,
	       "VMSA_USER_RO small page: USR reads, USR write faults 0x00F, PL1 writes");

	*ptr(R + 0x1C00400 + 0x3fc) = 0x7171717u;
	v = in_user(user_read, VA_UTINY + 0x3fc);
	ok = v == 0x7171717u &&
	     user_faults(user_write, VA_UTINY + 0x3fc, FT_PERMISSION, 2, 0xf) &&
	     user_faults(user_read, VA_UTINY + KB, FT_PERMISSION, 2, 0xf);
	tap_ok(ok, "tiny pages, AP per 1KB: USR reads a user-RO tiny page, its "
	       "write faults, the next 1KB (privileged) faults on read");
}

static void domain_tests(struct vmsa_table *t)
{
	int rc = map(t, VA_DOMS, R + 0x1800000, MB, RAM_RW | VMSA_DOMAIN(3));
	rc |= map(t, VA_DOMP, R + 0x1900000, 0x1000, RAM_RW | VMSA_DOMAIN(5));
	rc |= map(t, VA_DOMT, R + 0x1D00400, KB, RAM_RW | VMSA_DOMAIN(6));
	rc |= map(t, VA_MGR, R + 0x1E00000, 0x1000, RAM_RW | VMSA_DOMAIN(7));
	struct fault_info fs, fp, ft;
	bool gs, gp, gt;

	v5_write_dacr(BOOT_DACR & ~(3u << 6) & ~(3u << 10) & ~(3u << 12));
	expect_fault(EXC_DABT);
	(void)*ptr(VA_DOMS + 0x100);
	gs = fault_taken(&fs);
	expect_fault(EXC_DABT);
	(void)*ptr(VA_DOMP + 0x100);
	gp = fault_taken(&fp);
	expect_fault(EXC_DABT);
	*ptr(VA_DOMT + 0x100) = 5;
	gt = fault_taken(&ft);
	v5_write_dacr(BOOT_DACR);
	tap_ok(rc == VMSA_OK && gs && gp && gt &&
	       fault_is(&fs, FT_DOMAIN, 1, VA_DOMS + 0x100, 0x9) && fs.domain == 3 &&
	       fault_is(&fp, FT_DOMAIN, 2, VA_DOMP + 0x100, 0xb) && fp.domain == 5 &&
	       fault_is(&ft, FT_DOMAIN, 2, VA_DOMT + 0x100, 0xb) && ft.domain == 6,
	       "DACR no access: domain faults, section 0x%03lx (d3), coarse page "
	       "0x%03lx (d5), tiny page 0x%03lx (d6)", (unsigned long)fs.fsr,
	       (unsigned long)fp.fsr, (unsigned long)ft.fsr);
	*ptr(VA_DOMS + 0x100) = 77;
	*ptr(VA_DOMT + 0x100) = 78;
	tap_ok(*ptr(R + 0x1800100) == 77 && *ptr(R + 0x1D00500) == 78,
	       "domains back to client: accesses work");

	/* Manager: AP is not checked, so USR reads and writes a privileged
	 * page; as a client again USR faults on it. */
	*ptr(R + 0x1E00010) = 0x3a3a3a3au;
	v5_write_dacr(BOOT_DACR | (3u << 14));
	uint32_t v = in_user(user_read, VA_MGR + 0x10);
	(void)in_user(user_rw, VA_MGR + 0x20);
	v5_write_dacr(BOOT_DACR);
	bool ok = v == 0x3a3a3a3au &&
	          *ptr(R + 0x1E00020) == (0x600d0000u | ((VA_MGR + 0x20) & 0xffffu)) &&
	          user_faults(user_read, VA_MGR + 0x10, FT_PERMISSION, 2, 0xf);
	tap_ok(ok, "DACR manager (d7): USR reads and writes a privileged page; "
	       "as client USR faults 0x00F");
}

static const struct {
	vmsa_attr_t mt;
	const char *name;
	uint8_t c, b;
} cb_types[] = {
	{ VMSA_MT_UNCACHED,     "UNCACHED",     0, 0 },
	{ VMSA_MT_BUFFERABLE,   "BUFFERABLE",   0, 1 },
	{ VMSA_MT_WRITETHROUGH, "WRITETHROUGH", 1, 0 },
	{ VMSA_MT_WRITEBACK,    "WRITEBACK",    1, 1 },
};

/* C is bit 3 and B bit 2 in section, large, small and tiny descriptors. */
static bool cb_of(uint32_t w, unsigned c, unsigned b)
{
	return ((w >> 3) & 1u) == c && ((w >> 2) & 1u) == b;
}

static void cb_tests(struct vmsa_table *t)
{
	for (unsigned i = 0; i < 4; i++) {
		uint32_t s = VA_CB + i * MB, p = VA_CBP + i * 0x1000, ty = VA_CBT + i * KB;
		uint32_t ps = R + 0x2000000 + i * MB, pp = R + 0x2400000 + i * 0x1000,
		         pt = R + 0x2500000 + i * KB;
		vmsa_attr_t a = cb_types[i].mt | VMSA_RW;
		int rc = map(t, s, ps, MB, a) | map(t, p, pp, 0x1000, a) |
		         map(t, ty, pt, KB, a);
		struct vmsa_desc d1, d2, d3;
		uint32_t w1 = l1_word(t, s), w2 = l2_word(t, p), w3 = l2_word(t, ty);
		bool ok = rc == VMSA_OK &&
		          vmsa_l1_decode(t->fmt, w1, &d1) == VMSA_OK &&
		          vmsa_l2_decode(t->fmt, false, w2, &d2) == VMSA_OK &&
		          vmsa_l2_decode(t->fmt, true, w3, &d3) == VMSA_OK &&
		          d1.type == VMSA_DESC_SECTION && d2.type == VMSA_DESC_SMALL &&
		          d3.type == VMSA_DESC_TINY &&
		          VMSA_MT(d1.attrs) == cb_types[i].mt &&
		          VMSA_MT(d2.attrs) == cb_types[i].mt &&
		          VMSA_MT(d3.attrs) == cb_types[i].mt &&
		          cb_of(w1, cb_types[i].c, cb_types[i].b) &&
		          cb_of(w2, cb_types[i].c, cb_types[i].b) &&
		          cb_of(w3, cb_types[i].c, cb_types[i].b) &&
		          alias_ok(t, s, ps, MB, MB) && alias_ok(t, p, pp, 0x1000, 0x1000) &&
		          alias_ok(t, ty, pt, KB, KB);
		tap_ok(ok, "%s (C=%u B=%u): live section 0x%08lx, small 0x%08lx, "
		       "tiny 0x%08lx decode as %s, and each maps its PA",
		       cb_types[i].name, cb_types[i].c, cb_types[i].b,
		       (unsigned long)w1, (unsigned long)w2, (unsigned long)w3,
		       vmsa_mt_name(VMSA_MT(d1.attrs)));
	}
}

static void live_tests(struct vmsa_table *t)
{
	/* Each VA is used first so QEMU's TLB holds it. */
	int rc = map(t, VA_LIVE, R + 0x1F00000, 2 * KB, RAM_RW | VMSA_USER);
	*ptr(VA_LIVE + 0x10) = 1;
	*ptr(VA_LIVE + KB + 0x10) = 2;
	rc |= vmsa_unmap(t, vmsa_va(VA_LIVE), KB);
	tap_ok(rc == VMSA_OK && read_faults(VA_LIVE + 0x10, FT_TRANSLATION, 2, 0x7) &&
	       *ptr(VA_LIVE + KB + 0x10) == 2,
	       "vmsa_unmap of a live tiny page: it faults, the next 1KB still works");

	uint32_t v = in_user(user_read, VA_LIVE + KB + 0x10);
	rc = vmsa_protect(t, vmsa_va(VA_LIVE + KB), KB, RAM_RW);
	tap_ok(rc == VMSA_OK && v == 2 &&
	       user_faults(user_read, VA_LIVE + KB + 0x10, FT_PERMISSION, 2, 0xf),
	       "vmsa_protect of a live tiny page to privileged-only: USR read "
	       "worked before, faults after");

	*ptr(R + 0x1F00800) = 0xaaaa0001u;
	*ptr(R + 0x1F00c00) = 0xbbbb0002u;
	rc = map(t, VA_LIVE + 2 * KB, R + 0x1F00800, KB, RAM_RW);
	uint32_t before = *ptr(VA_LIVE + 2 * KB);
	rc |= vmsa_remap(t, vmsa_va(VA_LIVE + 2 * KB), vmsa_pa(R + 0x1F00c00), KB);
	uint32_t after = *ptr(VA_LIVE + 2 * KB);
	tap_ok(rc == VMSA_OK && before == 0xaaaa0001u && after == 0xbbbb0002u,
	       "vmsa_remap of a live tiny page to another 1KB: the new data is read");
}

static void misc_tests(struct vmsa_table *t)
{
	struct fault_info f = { 0 };
	uint32_t sctlr = v5_read_sctlr();
	uint32_t dummy, addr = R + 0x1100001;

	v5_write_sctlr(sctlr | SCTLR_A);
	expect_fault(EXC_DABT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(dummy) : "r"(addr) : "memory");
	v5_write_sctlr(sctlr);
	/* ARMv5 alignment: FS 0b00x1 (0x1 or 0x3). */
	tap_ok(fault_taken(&f) && (f.fs & 0xdu) == 0x1 && f.far == addr,
	       "unaligned LDR with SCTLR.A: alignment fault (DFSR 0x%03lx)",
	       (unsigned long)f.fsr);

	expect_fault(EXC_UNDEF);
	__asm__ volatile(".word 0xe7f000f0" : : : "memory");
	tap_ok(fault_taken(&f) && f.exc == EXC_UNDEF,
	       "undefined instruction caught and skipped");

	tap_ok(vmsa_map(t, vmsa_va(0xD2800000u), vmsa_pa(R + 0x2800000), 0x1000,
	                RAM_RW | VMSA_XN) == VMSA_ERR_UNSUPPORTED &&
	       vmsa_map(t, vmsa_va(0xD2800000u), vmsa_pa(R + 0x2800000), 0x1000,
	                VMSA_MT_WRITEBACK | VMSA_RO) == VMSA_ERR_UNSUPPORTED,
	       "no XN and no privileged read-only on ARMv5: vmsa_map says unsupported");
	/* A library built for ARMv5 holds the ARMv5 format alone: the ARMv7
	 * object, linked here by naming it, is refused all the same. */
	{
		const struct vmsa_format *volatile v7 = VMSA_FORMAT(VMSA_FMT_V7);
		struct vmsa_desc d = { .type = VMSA_DESC_SECTION,
		                       .pa = { 0 },
		                       .attrs = VMSA_MT_WRITEBACK | VMSA_RW };
		uint32_t w = 0;

		tap_ok(v7 != NULL &&
		       vmsa_fmt_check(VMSA_FMT_V7) == VMSA_ERR_UNSUPPORTED &&
		       vmsa_l1_encode(VMSA_FMT_V7, &d, &w) ==
		       VMSA_ERR_INVAL && w == 0 &&
		       vmsa_fmt_check(t->fmt) == VMSA_OK,
		       "ARMv5 build: the ARMv7 format is refused even when "
		       "linked (vmsa_fmt_check: VMSA_ERR_UNSUPPORTED)");
	}
	tap_skip("ATS1CPR/PAR against vmsa_translate",
	         "ARMv5 has no VA-to-PA operation; judged by aliases above");
	tap_skip("execute from an XN page", "ARMv5 has no XN");
	tap_skip("PXN, NS, TEX remap phase", "not in the ARMv5 MMU");
}

int main(void)
{
	struct vmsa_table *t = &boot_table;
	uint32_t sctlr = v5_read_sctlr();
	R = board.ram_base + 16 * MB;

	tap_diag("vmsa QEMU tests on %s (ARMv5), MIDR 0x%08lx, format %s",
	         board.name, (unsigned long)read_midr(), fmt_name(t->fmt));
	prebuilt_tests(t);      /* first: before any test changes t */
	tap_ok((sctlr & SCTLR_M) && !(sctlr & (SCTLR_V | (1u << 8) | (1u << 9))) &&
	       (t->flags & VMSA_TF_LIVE) &&
	       (read_ttbr0() & ~0x3fffu) == (uint32_t)t->l1_pa.p &&
	       read_dacr() == BOOT_DACR,
	       "MMU on, vectors low, SCTLR.S = R = 0 (0x%08lx), TTB 0x%08lx, DACR 0x%08lx",
	       (unsigned long)sctlr, (unsigned long)read_ttbr0(),
	       (unsigned long)read_dacr());
	board_tests(t);
	granule_tests(t);
	translation_fault_tests();
	user_tests(t);
	domain_tests(t);
	cb_tests(t);
	live_tests(t);
	misc_tests(t);
	isolation_tests(t);
	boot_check_tests(t);
	if (dump_tables(t, "direct") != 0)
		tap_diag("could not save the table images");
	return tap_done() ? 1 : 0;
}
