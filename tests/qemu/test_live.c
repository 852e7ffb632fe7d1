/*
 * tests/qemu/test_live.c - live tables judged by the emulated MMU, on one
 * CPU and on all of them (called from test_mmu.c's main, TAP):
 *  - split and merge on the live MMU: part of a supersection, of a section
 *    unmapped, part of a large page protected, part of a section remapped;
 *    each restored and folded back, vmsa_stats as before; the rest of each
 *    granule keeps its translation (software walk, ATS1CPR, data), also as
 *    seen by the other CPUs reading it all along;
 *  - a failed operation (pool exhausted during a split): tables, pool
 *    bitmap and what the MMU translates are unchanged;
 *  - fault hooks: a lazily mapped region, each page mapped by the hook on
 *    its first touch (one fault per page), on one CPU and on all at once;
 *  - SMP (boot_ncpus > 1): secondaries join the tables; CPU 0 remaps and
 *    unmaps a page while the others read it, and every CPU sees the new
 *    translation or the fault right after the call returns (the TLB
 *    broadcast; a control run without VMSA_TF_SMP shows the stale entry),
 *    and their lock-free vmsa_translate meanwhile sees the old or the new
 *    page or the break, and the new page once the call returned;
 *    every CPU maps, splits, merges, protects, remaps and unmaps in its
 *    own ranges (one L2 table shared by all) for >= 1,000 rounds, and the
 *    result equals the same operations replayed serially on a fresh table.
 *
 * Memory: VAs 0xD4000000-0xDF000000 and 0xE0000000-0xE8100000 (unused by
 * the boards and by test_mmu.c); PAs RAM + 48MB .. RAM + 128MB.
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include <boot.h>
#include "tap.h"
#include "test_live.h"

#define KB 0x400u
#define MB 0x100000u

#define VA_SM_SUPER 0xD4000000u   /* 16MB supersection */
#define VA_SM_SECT  0xD5000000u   /* 1MB section */
#define VA_SM_LARGE 0xD5100000u   /* 64KB large page */
#define VA_BC       0xD5200000u   /* broadcast page */
#define VA_LAZY     0xD5300000u   /* 16 lazy pages, one CPU */
#define VA_LAZY2    0xD5400000u   /* 64 lazy pages, every CPU */
#define VA_NM_SECT  0xD5500000u   /* section split with the pool empty */
#define VA_FILL     0xD6000000u   /* pool fillers, 1MB apart */
#define VA_ST       0xE0000000u   /* stress windows, 32MB per CPU */
#define VA_ST_SHARED 0xE8000000u  /* stress: one MB, 256KB per CPU */
#define VA_ST_END   0xE8100000u

#define LAZY_PAGES  16u
#define LAZY2_PAGES 64u
#define BC_ROUNDS   40u
#define ST_TOTAL    1200u         /* stress rounds over all CPUs */

static uint32_t PL;               /* RAM + 48MB: split/merge, lazy, bc */
static uint32_t PS;               /* RAM + 64MB: stress, 16MB per CPU */

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static inline void dmb(void) { __asm__ volatile("dmb" : : : "memory"); }
static inline void sev(void) { __asm__ volatile("dsb\n\tsev" : : : "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" : : : "memory"); }

static uint32_t pat(uint32_t pa) { return 0x5a000000u ^ (pa * 2654435761u); }

/* vmsa_translate under the engine's lock: other CPUs may be writing. */
static int xlate(uint32_t va, struct vmsa_xlat *x)
{
	int rc;
	if (boot_table.flags & VMSA_TF_SMP)
		vmsa_arch_lock();
	rc = vmsa_translate(&boot_table, vmsa_va(va), x);
	if (boot_table.flags & VMSA_TF_SMP)
		vmsa_arch_unlock();
	return rc;
}

static int kind_at(uint32_t va)
{
	struct vmsa_xlat x;
	return xlate(va, &x) == VMSA_OK ? x.kind : VMSA_KIND_FAULT;
}

/* ATS1CPR against the software walk. */
static bool ats_ok(uint32_t va)
{
	struct vmsa_xlat x;
	int rc = xlate(va, &x);
	uint32_t par = ats1cpr(va);
	if (rc != VMSA_OK)
		return (par & 1u) != 0;
	uint32_t mask = x.kind == VMSA_KIND_SUPERSECTION ? 0xff000000u : 0xfffff000u;
	return !(par & 1u) && (par & mask) == ((uint32_t)x.pa.p & mask);
}

/* A read that may fault: true and *v if it did not. */
static bool try_read(uint32_t va, uint32_t *v, struct fault_info *f)
{
	uint32_t r = 0;
	expect_fault(EXC_DABT);
	r = *ptr(va);
	if (fault_taken(f))
		return false;
	*v = r;
	return true;
}

static bool try_write(uint32_t va, uint32_t v, struct fault_info *f)
{
	expect_fault(EXC_DABT);
	*ptr(va) = v;
	return !fault_taken(f);
}

static bool stats_eq(const struct vmsa_stats *a, const struct vmsa_stats *b)
{
	return a->entries == b->entries && a->descriptors == b->descriptors &&
	       a->l2_tables == b->l2_tables && a->l2_bytes == b->l2_bytes &&
	       a->mapped == b->mapped;
}

/* ---- running code on the secondary CPUs ------------------------------- */

typedef void (*smp_fn)(unsigned cpu);
static smp_fn volatile cmd_fn;
static volatile uint32_t cmd_seq, cmd_ack[BOOT_MAX_CPUS];
static unsigned ncpu = 1;         /* CPUs taking part (1 + online) */

static void worker(unsigned cpu)
{
	uint32_t seen = 0;
	for (;;) {
		while (cmd_seq == seen)
			wfe();
		seen = cmd_seq;
		dmb();
		smp_fn fn = cmd_fn;
		if (fn != NULL)
			fn(cpu);
		dmb();
		cmd_ack[cpu] = seen;
		sev();
		if (fn == NULL)
			return;       /* sleeps in WFI (start.S) */
	}
}

/* Start fn on every secondary; run fn0 (may be NULL) on CPU 0; wait. */
static void run_all(smp_fn fn, smp_fn fn0)
{
	cmd_fn = fn;
	dmb();
	cmd_seq++;
	sev();
	if (fn0 != NULL)
		fn0(0);
	for (unsigned c = 1; c < ncpu; c++)
		while (cmd_ack[c] != cmd_seq)
			wfe();
	dmb();
}

/* ---- split and merge on the live MMU ----------------------------------- */

/* Readers on the secondaries: words in the parts of the three granules
 * the operations never touch, read until told to stop. */
static const uint32_t rd_off[] = {
	VA_SM_SUPER + 0x000040, VA_SM_SUPER + 0x5ff040, VA_SM_SUPER + 0x7a2040,
	VA_SM_SUPER + 0x7a4040, VA_SM_SUPER + 0xfff040, VA_SM_SECT + 0x3f040,
	VA_SM_SECT + 0x50040, VA_SM_LARGE + 0x2040, VA_SM_LARGE + 0xf040,
};
static volatile bool rd_stop;
static volatile uint32_t rd_reads[BOOT_MAX_CPUS], rd_bad[BOOT_MAX_CPUS];
static uint32_t rd_want[sizeof rd_off / sizeof rd_off[0]];

static void reader(unsigned cpu)
{
	uint32_t n = 0, bad = 0;
	while (!rd_stop) {
		for (unsigned i = 0; i < sizeof rd_off / sizeof rd_off[0]; i++)
			bad += *ptr(rd_off[i]) != rd_want[i];
		n++;
	}
	rd_reads[cpu] = n;
	rd_bad[cpu] = bad;
}

/* ATS1CPR over [va, va+size) every `step`, against the software walk. */
static bool ats_range(uint32_t va, uint32_t size, uint32_t step)
{
	bool ok = true;
	for (uint32_t o = 0; o < size; o += step)
		ok &= ats_ok(va + o) && ats_ok(va + o + step - 4);
	return ok;
}

/* Pattern word at each 4KB of [pa, pa+size), through the identity map. */
static void fill_pat(uint32_t pa, uint32_t size)
{
	for (uint32_t o = 0; o < size; o += 0x1000)
		*ptr(pa + o + 0x40) = pat(pa + o);
}

/* Data through va at every 4KB, against the pattern of its PA. */
static bool data_ok(uint32_t va, uint32_t pa, uint32_t size)
{
	for (uint32_t o = 0; o < size; o += 0x1000)
		if (*ptr(va + o + 0x40) != pat(pa + o))
			return false;
	return true;
}

static void split_merge_tests(struct vmsa_table *t)
{
	const vmsa_attr_t a = VMSA_DATA;
	struct vmsa_stats st0, st1, st;
	struct fault_info f;
	uint32_t v;
	int rc;

	vmsa_stats(t, &st0);
	fill_pat(PL, 16 * MB);
	rc = vmsa_map(t, vmsa_va(VA_SM_SUPER), vmsa_pa(PL), 16 * MB, a);
	rc |= vmsa_map(t, vmsa_va(VA_SM_SECT), vmsa_pa(PL + MB), MB, a);
	rc |= vmsa_map(t, vmsa_va(VA_SM_LARGE), vmsa_pa(PL + 2 * MB), 64 * KB, a);
	vmsa_stats(t, &st1);
	tap_ok(rc == VMSA_OK && kind_at(VA_SM_SUPER) == VMSA_KIND_SUPERSECTION &&
	       kind_at(VA_SM_SECT) == VMSA_KIND_SECTION &&
	       kind_at(VA_SM_LARGE) == VMSA_KIND_LARGE &&
	       data_ok(VA_SM_SUPER, PL, 16 * MB),
	       "live split/merge: supersection, section and large page mapped, "
	       "data read through each");
	if (rc != VMSA_OK)
		return;

	for (unsigned i = 0; i < sizeof rd_off / sizeof rd_off[0]; i++)
		rd_want[i] = *ptr(rd_off[i]);
	rd_stop = false;
	if (ncpu > 1) {
		cmd_fn = reader;
		dmb();
		cmd_seq++;
		sev();
	}

	/* 1. 4KB out of the supersection: 16 sections, the MB of the hole
	 * a table of large pages, its 64KB small pages, one missing. */
	const uint32_t hole = VA_SM_SUPER + 0x7a3000;
	rc = vmsa_unmap(t, vmsa_va(hole), 0x1000);
	bool ok = rc == VMSA_OK && kind_at(VA_SM_SUPER) == VMSA_KIND_SECTION &&
	          kind_at(hole - 0x1000) == VMSA_KIND_SMALL &&
	          kind_at(hole + 0x1000) == VMSA_KIND_SMALL &&
	          kind_at(VA_SM_SUPER + 0x7b0000) == VMSA_KIND_LARGE &&
	          kind_at(hole) == VMSA_KIND_FAULT;
	ok &= !try_read(hole + 0x40, &v, &f) && f.type == FT_TRANSLATION &&
	      f.level == 2 && f.far == hole + 0x40;
	ok &= ats_range(VA_SM_SUPER, 16 * MB, 64 * KB) &&
	      ats_range(VA_SM_SUPER + 0x700000, MB, 0x1000);
	ok &= data_ok(VA_SM_SUPER, PL, 0x7a3000) &&
	      data_ok(hole + 0x1000, PL + 0x7a4000, 16 * MB - 0x7a4000);
	tap_ok(ok, "live split: 4KB unmapped from a supersection -> sections, "
	       "large and small pages; the hole faults (L2), the other 16MB-4KB "
	       "translate as before (ATS1CPR, data)");
	rc = vmsa_map(t, vmsa_va(hole), vmsa_pa(PL + 0x7a3000), 0x1000, a);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && kind_at(VA_SM_SUPER) == VMSA_KIND_SUPERSECTION &&
	       kind_at(hole) == VMSA_KIND_SUPERSECTION && stats_eq(&st, &st1) &&
	       data_ok(VA_SM_SUPER, PL, 16 * MB) &&
	       ats_range(VA_SM_SUPER, 16 * MB, MB),
	       "live merge: the page mapped back folds to one supersection, "
	       "vmsa_stats as before (%lu entries, %lu L2 tables)",
	       (unsigned long)st.entries, (unsigned long)st.l2_tables);

	/* 2. 1MB out of the supersection: sections only, no table. */
	rc = vmsa_unmap(t, vmsa_va(VA_SM_SUPER + 6 * MB), MB);
	vmsa_stats(t, &st);
	ok = rc == VMSA_OK && st.l2_tables == st1.l2_tables &&
	     kind_at(VA_SM_SUPER) == VMSA_KIND_SECTION &&
	     !try_read(VA_SM_SUPER + 6 * MB + 0x40, &v, &f) && f.level == 1 &&
	     ats_range(VA_SM_SUPER, 16 * MB, MB);
	rc |= vmsa_map(t, vmsa_va(VA_SM_SUPER + 6 * MB), vmsa_pa(PL + 6 * MB),
	               MB, a);
	vmsa_stats(t, &st);
	tap_ok(ok && rc == VMSA_OK && stats_eq(&st, &st1) &&
	       kind_at(VA_SM_SUPER + 6 * MB) == VMSA_KIND_SUPERSECTION,
	       "live split/merge: 1MB of a supersection unmapped (15 sections, "
	       "section-level fault) and mapped back (supersection)");

	/* 3. 64KB out of a section, then back. */
	rc = vmsa_unmap(t, vmsa_va(VA_SM_SECT + 0x40000), 0x10000);
	ok = rc == VMSA_OK && kind_at(VA_SM_SECT) == VMSA_KIND_LARGE &&
	     !try_read(VA_SM_SECT + 0x40040, &v, &f) && f.level == 2 &&
	     data_ok(VA_SM_SECT, PL + MB, 0x40000) &&
	     data_ok(VA_SM_SECT + 0x50000, PL + MB + 0x50000, 0xb0000) &&
	     ats_range(VA_SM_SECT, MB, 0x10000);
	rc |= vmsa_map(t, vmsa_va(VA_SM_SECT + 0x40000),
	               vmsa_pa(PL + MB + 0x40000), 0x10000, a);
	vmsa_stats(t, &st);
	tap_ok(ok && rc == VMSA_OK && stats_eq(&st, &st1) &&
	       kind_at(VA_SM_SECT) == VMSA_KIND_SECTION,
	       "live split/merge: 64KB of a section unmapped (large pages, "
	       "page-level fault) and mapped back (section, table freed)");

	/* 4. Protect 4KB of a large page read-only, then back. */
	rc = vmsa_protect(t, vmsa_va(VA_SM_LARGE + 0x3000), 0x1000,
	                  VMSA_RODATA);
	ok = rc == VMSA_OK && kind_at(VA_SM_LARGE) == VMSA_KIND_SMALL &&
	     !try_write(VA_SM_LARGE + 0x3010, 1, &f) &&
	     f.type == FT_PERMISSION && f.level == 2 &&
	     try_write(VA_SM_LARGE + 0x4010, 0x4010, &f) &&
	     try_write(VA_SM_LARGE + 0x2010, 0x2010, &f) &&
	     *ptr(VA_SM_LARGE + 0x3040) == pat(PL + 2 * MB + 0x3000) &&
	     ats_range(VA_SM_LARGE, 0x10000, 0x1000);
	rc |= vmsa_protect(t, vmsa_va(VA_SM_LARGE + 0x3000), 0x1000, a);
	vmsa_stats(t, &st);
	tap_ok(ok && rc == VMSA_OK && stats_eq(&st, &st1) &&
	       kind_at(VA_SM_LARGE) == VMSA_KIND_LARGE &&
	       try_write(VA_SM_LARGE + 0x3010, 2, &f),
	       "live split/merge: 4KB of a large page made read-only (16 small "
	       "pages; writes there fault, beside it work) and back (large page)");

	/* 5. Memory type of 64KB of the supersection (break-before-make on
	 * a type change), then back. */
	rc = vmsa_protect(t, vmsa_va(VA_SM_SUPER + 0xa00000), 0x10000,
	                  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	struct vmsa_xlat x;
	ok = rc == VMSA_OK && xlate(VA_SM_SUPER + 0xa00000, &x) == VMSA_OK &&
	     x.kind == VMSA_KIND_LARGE &&
	     VMSA_MT(x.attrs) == VMSA_MT_NORMAL_NC &&
	     data_ok(VA_SM_SUPER + 0xa00000, PL + 0xa00000, 0x10000);
	rc |= vmsa_protect(t, vmsa_va(VA_SM_SUPER + 0xa00000), 0x10000, a);
	vmsa_stats(t, &st);
	tap_ok(ok && rc == VMSA_OK && stats_eq(&st, &st1) &&
	       kind_at(VA_SM_SUPER) == VMSA_KIND_SUPERSECTION,
	       "live split/merge: 64KB of a supersection made Normal NC and back");

	/* 6. Remap 4KB of the section elsewhere, then back. */
	rc = vmsa_remap(t, vmsa_va(VA_SM_SECT + 0x81000), vmsa_pa(PL + 0x81000),
	                0x1000);
	ok = rc == VMSA_OK && kind_at(VA_SM_SECT + 0x81000) == VMSA_KIND_SMALL &&
	     *ptr(VA_SM_SECT + 0x81040) == pat(PL + 0x81000) &&
	     *ptr(VA_SM_SECT + 0x82040) == pat(PL + MB + 0x82000);
	rc |= vmsa_remap(t, vmsa_va(VA_SM_SECT + 0x81000),
	                 vmsa_pa(PL + MB + 0x81000), 0x1000);
	vmsa_stats(t, &st);
	tap_ok(ok && rc == VMSA_OK && stats_eq(&st, &st1) &&
	       kind_at(VA_SM_SECT) == VMSA_KIND_SECTION &&
	       *ptr(VA_SM_SECT + 0x81040) == pat(PL + MB + 0x81000),
	       "live split/merge: 4KB of a section remapped (new data read) and "
	       "back (section)");

	if (ncpu > 1) {
		rd_stop = true;
		dmb();
		for (unsigned c = 1; c < ncpu; c++)
			while (cmd_ack[c] != cmd_seq)
				wfe();
		uint32_t reads = 0, bad = 0, tr = 0;
		for (unsigned c = 1; c < ncpu; c++) {
			reads += rd_reads[c];
			bad += rd_bad[c];
			tr += boot_fault_transients(c);
		}
		tap_ok(reads > 0 && bad == 0,
		       "live split/merge: %u other CPUs read the untouched parts "
		       "%lu times throughout, every value right (%lu transient "
		       "faults from break-before-make windows retried)",
		       ncpu - 1, (unsigned long)reads, (unsigned long)tr);
	}

	rc = vmsa_unmap(t, vmsa_va(VA_SM_SUPER), 16 * MB);
	rc |= vmsa_unmap(t, vmsa_va(VA_SM_SECT), MB + 64 * KB);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "live split/merge: all unmapped, vmsa_stats as at the start");
}

/* ---- failure atomicity -------------------------------------------------- */

static uint32_t snap_l1[VMSA_L1_ENTRIES];
static uint8_t snap_pool[BOOT_POOL_BYTES];
static struct vmsa_table snap_t;

static void nomem_tests(struct vmsa_table *t)
{
	struct vmsa_stats st0, st;
	struct fault_info f;
	uint32_t n = 0, v = 0, par[16];
	int rc;

	vmsa_stats(t, &st0);
	fill_pat(PL + 3 * MB, MB);
	rc = vmsa_map(t, vmsa_va(VA_NM_SECT), vmsa_pa(PL + 3 * MB), MB, VMSA_DATA);
	(void)*ptr(VA_NM_SECT + 0x1040);      /* into the TLB */
	while (rc == VMSA_OK && n < 128) {
		int r = vmsa_map(t, vmsa_va(VA_FILL + n * MB),
		                 vmsa_pa(PL + 4 * MB), 0x1000, VMSA_DATA);
		if (r == VMSA_ERR_NOMEM)
			break;
		rc |= r;
		n++;
	}
	memcpy(snap_l1, t->l1, sizeof snap_l1);
	memcpy(snap_pool, t->pool, sizeof snap_pool);
	memcpy(&snap_t, t, sizeof snap_t);
	for (unsigned i = 0; i < 16; i++)
		par[i] = ats1cpr(VA_NM_SECT + i * 0x10000);

	int r1 = vmsa_unmap(t, vmsa_va(VA_NM_SECT + 0x1000), 0x1000);
	int r2 = vmsa_protect(t, vmsa_va(VA_NM_SECT + 0x1000), 0x1000,
	                      VMSA_RODATA);
	int r3 = vmsa_remap(t, vmsa_va(VA_NM_SECT + 0x1000),
	                    vmsa_pa(PL + 5 * MB), 0x1000);
	bool same = memcmp(snap_l1, t->l1, sizeof snap_l1) == 0 &&
	            memcmp(snap_pool, t->pool, sizeof snap_pool) == 0 &&
	            memcmp(&snap_t, t, sizeof snap_t) == 0;
	bool hw = true;
	for (unsigned i = 0; i < 16; i++)
		hw &= ats1cpr(VA_NM_SECT + i * 0x10000) == par[i];
	hw &= try_read(VA_NM_SECT + 0x1040, &v, &f) &&
	      v == pat(PL + 3 * MB + 0x1000) &&
	      try_write(VA_NM_SECT + 0x1044, 0x1044, &f) &&
	      data_ok(VA_NM_SECT, PL + 3 * MB, MB);
	tap_ok(rc == VMSA_OK && n > 0 && r1 == VMSA_ERR_NOMEM &&
	       r2 == VMSA_ERR_NOMEM && r3 == VMSA_ERR_NOMEM && same && hw,
	       "pool exhausted (%lu fillers): unmap/protect/remap of 4KB of a "
	       "live section return VMSA_ERR_NOMEM; L1, pool, bitmap unchanged, "
	       "the MMU still translates the whole section (ATS1CPR, read, write)",
	       (unsigned long)n);
	for (uint32_t i = 0; i < n; i++)
		rc |= vmsa_unmap(t, vmsa_va(VA_FILL + i * MB), 0x1000);
	rc |= vmsa_unmap(t, vmsa_va(VA_NM_SECT), MB);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "pool exhausted: fillers and section unmapped, vmsa_stats as before");
}

/* ---- fault hooks --------------------------------------------------------- */

struct lazy {
	uint32_t va, pa, pages;
	volatile uint32_t faults[LAZY2_PAGES];        /* per page */
	volatile uint32_t cpu_faults[BOOT_MAX_CPUS];
	volatile uint32_t cpu_maps[BOOT_MAX_CPUS];    /* vmsa_map == OK */
	volatile uint32_t cpu_bad[BOOT_MAX_CPUS];
};

/* The nopage handler: map the 4KB page of the faulting address. */
static int lazy_fault(void *arg, const struct fault_info *f)
{
	struct lazy *z = arg;
	unsigned cpu = boot_cpu_id();
	uint32_t page = f->far & ~0xfffu, i = (page - z->va) >> 12;
	int rc = vmsa_map(&boot_table, vmsa_va(page),
	                  vmsa_pa(z->pa + (page - z->va)), 0x1000, VMSA_DATA);

	z->cpu_faults[cpu]++;
	if (ncpu == 1)
		z->faults[i]++;
	if (rc == VMSA_OK)
		z->cpu_maps[cpu]++;
	else if (rc != VMSA_ERR_OVERLAP)
		return BOOT_FAULT_PASS;   /* reported as unexpected */
	return BOOT_FAULT_RETRY;
}

static struct lazy lz;

static uint32_t sum(const volatile uint32_t *a)
{
	uint32_t s = 0;
	for (unsigned c = 0; c < BOOT_MAX_CPUS; c++)
		s += a[c];
	return s;
}

static void lazy_toucher(unsigned cpu)
{
	for (uint32_t k = 0; k < lz.pages; k++) {
		uint32_t i = (k + cpu * 16u) % lz.pages;
		uint32_t pa = lz.pa + i * 0x1000;
		if (*ptr(lz.va + i * 0x1000 + 0x40) != pat(pa))
			lz.cpu_bad[cpu]++;
	}
}

static void lazy_tests(struct vmsa_table *t)
{
	struct vmsa_stats st0, st;
	int id, rc = VMSA_OK;
	bool ok = true, once = true;

	vmsa_stats(t, &st0);
	memset((void *)&lz, 0, sizeof lz);
	lz.va = VA_LAZY;
	lz.pa = PL + 8 * MB;
	lz.pages = LAZY_PAGES;
	fill_pat(lz.pa, LAZY_PAGES * 0x1000);
	unsigned saved = ncpu;
	ncpu = 1;                     /* per-page counts: one CPU here */
	id = boot_fault_hook(VA_LAZY, VA_LAZY + LAZY_PAGES * 0x1000, lazy_fault, &lz);
	for (uint32_t i = 0; i < LAZY_PAGES; i++) {
		uint32_t va = VA_LAZY + i * 0x1000;
		ok &= *ptr(va + 0x40) == pat(lz.pa + i * 0x1000);
		once &= lz.faults[i] == 1 && sum(lz.cpu_faults) == i + 1;
		ok &= *ptr(va + 0x40) == pat(lz.pa + i * 0x1000);   /* no fault */
		*ptr(va + 0x44) = i;
		once &= lz.faults[i] == 1 && *ptr(lz.pa + i * 0x1000 + 0x44) == i;
	}
	ncpu = saved;
	tap_ok(id >= 0 && ok && once && sum(lz.cpu_maps) == LAZY_PAGES &&
	       kind_at(VA_LAZY) == VMSA_KIND_LARGE,
	       "fault hook: %u lazy pages touched in order, each first touch "
	       "faulted exactly once (%lu faults), the hook mapped it and the "
	       "read returned the backing data; second touches and writes did "
	       "not fault (16 pages now fold into a large page)", LAZY_PAGES,
	       (unsigned long)sum(lz.cpu_faults));
	boot_fault_unhook(id);
	rc |= vmsa_unmap(t, vmsa_va(VA_LAZY), LAZY_PAGES * 0x1000);

	/* Every CPU at once, each starting at a different page. */
	memset((void *)&lz, 0, sizeof lz);
	lz.va = VA_LAZY2;
	lz.pa = PL + 9 * MB;
	lz.pages = LAZY2_PAGES;
	fill_pat(lz.pa, LAZY2_PAGES * 0x1000);
	id = boot_fault_hook(VA_LAZY2, VA_LAZY2 + LAZY2_PAGES * 0x1000,
	                     lazy_fault, &lz);
	run_all(lazy_toucher, lazy_toucher);
	uint32_t faults = sum(lz.cpu_faults), maps = sum(lz.cpu_maps);
	tap_ok(id >= 0 && sum(lz.cpu_bad) == 0 && maps == LAZY2_PAGES &&
	       faults >= LAZY2_PAGES && faults <= LAZY2_PAGES * ncpu,
	       "fault hook on %u CPU(s) at once: %u pages mapped exactly once "
	       "(%lu faults, %lu transient retries), every CPU read every page's "
	       "data", ncpu, LAZY2_PAGES, (unsigned long)faults,
	       (unsigned long)(boot_fault_transients(0) + boot_fault_transients(1) +
	                       boot_fault_transients(2) + boot_fault_transients(3)));
	boot_fault_unhook(id);
	rc |= vmsa_unmap(t, vmsa_va(VA_LAZY2), LAZY2_PAGES * 0x1000);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "fault hook: lazy regions unmapped, vmsa_stats as before");
}

/* ---- SMP: the TLB broadcast ---------------------------------------------- */

static volatile uint32_t bc_go, bc_ready[BOOT_MAX_CPUS];
static volatile uint32_t bc_bad[BOOT_MAX_CPUS], bc_stale[BOOT_MAX_CPUS];
static volatile uint32_t bc_nofault[BOOT_MAX_CPUS], bc_faults[BOOT_MAX_CPUS];
static volatile uint32_t bc_reads[BOOT_MAX_CPUS];

static uint32_t bc_pa(uint32_t r, bool b) { return PL + 10 * MB + (r % 8) * 0x2000 + (b ? 0x1000 : 0); }
static uint32_t bc_val(uint32_t r, bool b) { return (b ? 0xb0000000u : 0xa0000000u) | r; }

/* vmsa_translate as readers call it, without the lock (every other
 * translation of these tests holds it), while CPU 0 remaps VA_BC: the
 * old PA, the new one or, in the break of break-before-make, unmapped;
 * only the new PA once `after` (the call returned). */
static volatile uint32_t bc_xreads[BOOT_MAX_CPUS], bc_xbad[BOOT_MAX_CPUS];
static volatile uint32_t bc_xold[BOOT_MAX_CPUS], bc_xbreak[BOOT_MAX_CPUS];

static void bc_xlate(unsigned cpu, uint32_t r, bool after)
{
	struct vmsa_xlat x;
	int rc = vmsa_translate(&boot_table, vmsa_va(VA_BC), &x);

	bc_xreads[cpu]++;
	if (rc == VMSA_OK && x.pa.p == bc_pa(r, true))
		return;
	if (!after && rc == VMSA_OK && x.pa.p == bc_pa(r, false))
		bc_xold[cpu]++;
	else if (!after && rc == VMSA_ERR_NOTMAPPED)
		bc_xbreak[cpu]++;
	else
		bc_xbad[cpu]++;
}

static void wait_go(uint32_t g)
{
	while (bc_go < g)
		;
	dmb();
}

static void bc_reader(unsigned cpu)
{
	struct fault_info f;
	uint32_t v;

	for (uint32_t r = 0; r < BC_ROUNDS; r++) {
		uint32_t va = bc_val(r, false), vb = bc_val(r, true);
		wait_go(3 * r + 1);
		if (*ptr(VA_BC) != va)
			bc_bad[cpu]++;
		bc_ready[cpu] = 3 * r + 1;
		/* Reading while CPU 0 remaps. */
		while (bc_go < 3 * r + 2) {
			v = *ptr(VA_BC);
			bc_reads[cpu]++;
			if (v != va && v != vb)
				bc_bad[cpu]++;
			bc_xlate(cpu, r, false);
		}
		dmb();
		v = *ptr(VA_BC);
		if (v == va)
			bc_stale[cpu]++;
		else if (v != vb)
			bc_bad[cpu]++;
		bc_xlate(cpu, r, true);
		bc_ready[cpu] = 3 * r + 2;
		/* Reading while CPU 0 unmaps: the value or the fault. */
		while (bc_go < 3 * r + 3) {
			if (try_read(VA_BC, &v, &f)) {
				if (v != vb)
					bc_bad[cpu]++;
			} else if (f.type != FT_TRANSLATION || f.far != VA_BC) {
				bc_bad[cpu]++;
			}
		}
		dmb();
		if (try_read(VA_BC + 4, &v, &f))
			bc_nofault[cpu]++;
		else if (f.type == FT_TRANSLATION && f.far == VA_BC + 4)
			bc_faults[cpu]++;
		else
			bc_bad[cpu]++;
		bc_ready[cpu] = 3 * r + 3;
	}
}

static void wait_ready(uint32_t g)
{
	for (unsigned c = 1; c < ncpu; c++)
		while (bc_ready[c] < g)
			;
	dmb();
}

static void bc_cpu0(unsigned cpu)
{
	struct vmsa_table *t = &boot_table;
	struct fault_info f;
	uint32_t v;
	int rc = VMSA_OK;

	(void)cpu;
	for (uint32_t r = 0; r < BC_ROUNDS; r++) {
		*ptr(bc_pa(r, false)) = bc_val(r, false);
		*ptr(bc_pa(r, true)) = bc_val(r, true);
		rc |= vmsa_map(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(r, false)),
		               0x1000, VMSA_DATA);
		dmb();
		bc_go = 3 * r + 1;
		wait_ready(3 * r + 1);
		rc |= vmsa_remap(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(r, true)), 0x1000);
		if (*ptr(VA_BC) != bc_val(r, true))
			bc_stale[0]++;
		bc_go = 3 * r + 2;
		wait_ready(3 * r + 2);
		rc |= vmsa_unmap(t, vmsa_va(VA_BC), 0x1000);
		if (try_read(VA_BC, &v, &f))
			bc_nofault[0]++;
		else
			bc_faults[0]++;
		bc_go = 3 * r + 3;
		wait_ready(3 * r + 3);
	}
	bc_bad[0] = rc != VMSA_OK;
}

/* Control: the same remap with VMSA_TF_SMP cleared (local TLBIMVAA). */
static volatile uint32_t ctl_go, ctl_ready[BOOT_MAX_CPUS], ctl_old[BOOT_MAX_CPUS];

static void ctl_reader(unsigned cpu)
{
	while (ctl_go < 1)
		;
	dmb();
	(void)*ptr(VA_BC);
	ctl_ready[cpu] = 1;
	while (ctl_go < 2)
		;
	dmb();
	ctl_old[cpu] = *ptr(VA_BC) == bc_val(999, false);
	ctl_ready[cpu] = 2;
}

static void ctl_cpu0(unsigned cpu)
{
	struct vmsa_table *t = &boot_table;
	(void)cpu;
	*ptr(bc_pa(999, false)) = bc_val(999, false);
	*ptr(bc_pa(999, true)) = bc_val(999, true);
	vmsa_map(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(999, false)), 0x1000, VMSA_DATA);
	dmb();
	ctl_go = 1;
	for (unsigned c = 1; c < ncpu; c++)
		while (ctl_ready[c] < 1)
			;
	vmsa_set_flags(t, 0, VMSA_TF_SMP);        /* no lock, no IS forms */
	vmsa_remap(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(999, true)), 0x1000);
	vmsa_set_flags(t, VMSA_TF_SMP, 0);
	dmb();
	ctl_go = 2;
	for (unsigned c = 1; c < ncpu; c++)
		while (ctl_ready[c] < 2)
			;
	/* Repair what the control broke. */
	vmsa_arch_tlbi_all(true);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	vmsa_unmap(t, vmsa_va(VA_BC), 0x1000);
}

static void broadcast_tests(void)
{
	run_all(bc_reader, bc_cpu0);
	uint32_t bad = sum(bc_bad), stale = sum(bc_stale), nof = sum(bc_nofault);
	uint32_t faults = sum(bc_faults), reads = sum(bc_reads);
	tap_ok(bad == 0 && stale == 0,
	       "TLB broadcast: %u rounds, CPU 0 remaps a page the other %u CPUs "
	       "keep reading (%lu reads during the updates): right after "
	       "vmsa_remap returns every CPU reads the new PA (%lu stale)",
	       BC_ROUNDS, ncpu - 1, (unsigned long)reads, (unsigned long)stale);
	tap_ok(bad == 0 && nof == 0 && faults == BC_ROUNDS * ncpu,
	       "TLB broadcast: right after vmsa_unmap returns every CPU takes the "
	       "translation fault (%lu of %lu)", (unsigned long)faults,
	       (unsigned long)(BC_ROUNDS * ncpu));
	tap_ok(sum(bc_xbad) == 0 && sum(bc_xreads) > 0,
	       "lock-free vmsa_translate on the other CPUs while CPU 0 remaps "
	       "(%lu calls: %lu the old PA, %lu unmapped, the rest the new): "
	       "the new PA once the call returned (%lu wrong)",
	       (unsigned long)sum(bc_xreads), (unsigned long)sum(bc_xold),
	       (unsigned long)sum(bc_xbreak), (unsigned long)sum(bc_xbad));
	run_all(ctl_reader, ctl_cpu0);
	uint32_t old = sum(ctl_old);
	tap_ok(old == ncpu - 1,
	       "TLB broadcast control: the same remap without VMSA_TF_SMP "
	       "(local TLBIMVAA) leaves %lu of %u other CPUs reading the old PA, "
	       "so the checks above can fail", (unsigned long)old, ncpu - 1);
}

/* ---- SMP: concurrent updates ------------------------------------------- */

/* Each CPU's slots: a 16MB supersection, two sections, four 64KB chunks
 * of the shared MB. */
#define NSLOT 7
struct slot {
	uint32_t va, size, pa0;
	bool mapped;
	uint32_t pa;
	vmsa_attr_t attrs;
};

struct st_cpu {
	struct slot s[NSLOT];
	uint32_t rng;
	uint32_t rounds, calls, errs, bad_data, bad_kind;
	int first_err;
	uint32_t first_err_round;
};
static struct st_cpu stc[BOOT_MAX_CPUS];
static uint32_t st_rounds;        /* per CPU */

static const vmsa_attr_t st_attrs[] = {
	VMSA_DATA, VMSA_RODATA, VMSA_DATA | VMSA_USER,
	VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN, VMSA_MT_WRITEALLOC | VMSA_RW,
};

static uint32_t rnd(struct st_cpu *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return s->rng;
}

static void st_init(struct st_cpu *s, unsigned c)
{
	uint32_t w = VA_ST + c * 32 * MB, p = PS + c * 16 * MB;
	memset(s, 0, sizeof *s);
	s->rng = 0x9e3779b9u * (c + 1);
	s->s[0] = (struct slot){ w, 16 * MB, p, false, 0, 0 };
	s->s[1] = (struct slot){ w + 16 * MB, MB, p + 2 * MB, false, 0, 0 };
	s->s[2] = (struct slot){ w + 18 * MB, MB, p + 3 * MB, false, 0, 0 };
	for (unsigned i = 0; i < 4; i++)
		s->s[3 + i] = (struct slot){ VA_ST_SHARED + c * 256 * KB + i * 64 * KB,
		                             64 * KB, p + 4 * MB + i * 64 * KB,
		                             false, 0, 0 };
}

static enum vmsa_kind slot_kind(const struct slot *sl)
{
	uint32_t g = sl->size;
	while (g > 0x1000 && (sl->pa & (g - 1)))
		g = g == 16 * MB ? MB : g == MB ? 64 * KB : 0x1000;
	return g == 16 * MB ? VMSA_KIND_SUPERSECTION : g == MB ? VMSA_KIND_SECTION :
	       g == 64 * KB ? VMSA_KIND_LARGE : VMSA_KIND_SMALL;
}

static void st_err(struct st_cpu *s, int rc)
{
	s->calls++;
	if (rc != VMSA_OK && s->errs++ == 0) {
		s->first_err = rc;
		s->first_err_round = s->rounds;
	}
}

/*
 * One round on table t. live: also check data and granule kinds through
 * the MMU (the serial replay on a table that is not live only calls).
 */
static void st_round(struct st_cpu *s, struct vmsa_table *t, bool live)
{
	struct slot *sl = &s->s[rnd(s) % NSLOT];
	uint32_t r = rnd(s), sub, piece, off;

	if (!sl->mapped) {
		sl->attrs = st_attrs[r % 5];
		sl->pa = sl->pa0 + ((r & 8) && sl->size < 16 * MB ? 8 * MB : 0);
		st_err(s, vmsa_map(t, vmsa_va(sl->va), vmsa_pa(sl->pa), sl->size,
		                   sl->attrs));
		sl->mapped = true;
	} else {
		/* A piece: one granule below the slot's own. */
		sub = sl->size == 16 * MB ? ((r >> 8) & 1 ? MB : 64 * KB) :
		      sl->size == MB ? ((r >> 8) & 1 ? 64 * KB : 0x1000) : 0x1000;
		off = ((r >> 12) % (sl->size / sub)) * sub;
		piece = sl->va + off;
		switch (r % 6) {
		case 0:
			st_err(s, vmsa_unmap(t, vmsa_va(sl->va), sl->size));
			sl->mapped = false;
			break;
		case 1:
			st_err(s, vmsa_unmap(t, vmsa_va(piece), sub));
			if (live && kind_at(piece) != VMSA_KIND_FAULT)
				s->bad_kind++;
			st_err(s, vmsa_map(t, vmsa_va(piece), vmsa_pa(sl->pa + off),
			                   sub, sl->attrs));
			break;
		case 2:
			st_err(s, vmsa_protect(t, vmsa_va(piece), sub,
			                       st_attrs[(r >> 4) % 5]));
			st_err(s, vmsa_protect(t, vmsa_va(piece), sub, sl->attrs));
			break;
		case 3:
			st_err(s, vmsa_remap(t, vmsa_va(piece),
			                     vmsa_pa(sl->pa0 + 12 * MB + (off & (MB - 1))),
			                     sub));
			st_err(s, vmsa_remap(t, vmsa_va(piece),
			                     vmsa_pa(sl->pa + off), sub));
			break;
		case 4:
			sl->attrs = st_attrs[(r >> 4) % 5];
			st_err(s, vmsa_protect(t, vmsa_va(sl->va), sl->size,
			                       sl->attrs));
			break;
		default:
			if (sl->size < 16 * MB) {
				sl->pa = sl->pa == sl->pa0 ? sl->pa0 + 8 * MB : sl->pa0;
				st_err(s, vmsa_remap(t, vmsa_va(sl->va),
				                     vmsa_pa(sl->pa), sl->size));
			}
			break;
		}
	}
	if (live && sl->mapped) {
		/* The restored slot folded back to its own granule; data
		 * through it reaches its PA. */
		if (kind_at(sl->va) != (int)slot_kind(sl))
			s->bad_kind++;
		off = (r >> 3) % (sl->size / 0x1000) * 0x1000 + 0x100;
		if (sl->attrs & VMSA_RW) {
			*ptr(sl->va + off) = r;
			if (*ptr(sl->pa + off) != r)
				s->bad_data++;
		} else if (*ptr(sl->va + off) != *ptr(sl->pa + off)) {
			s->bad_data++;
		}
	}
	s->rounds++;
}

static void st_worker(unsigned cpu)
{
	struct st_cpu *s = &stc[cpu];
	for (uint32_t i = 0; i < st_rounds; i++)
		st_round(s, &boot_table, true);
}

/* Every CPU reads every 64KB of all windows (4KB in the shared MB):
 * mapped VAs read what their PA holds, unmapped ones fault. */
static volatile uint32_t fin_bad[BOOT_MAX_CPUS], fin_n[BOOT_MAX_CPUS];

static void fin_check_va(unsigned cpu, uint32_t va)
{
	struct vmsa_xlat x;
	struct fault_info f;
	uint32_t v;
	bool mapped = xlate(va, &x) == VMSA_OK;
	bool read = try_read(va, &v, &f);

	fin_n[cpu]++;
	if (mapped != read || (read && v != *ptr((uint32_t)x.pa.p)) ||
	    !ats_ok(va))
		fin_bad[cpu]++;
}

static void fin_check(unsigned cpu)
{
	for (unsigned c = 0; c < ncpu; c++)
		for (uint32_t o = 0; o < 20 * MB; o += 64 * KB)
			fin_check_va(cpu, VA_ST + c * 32 * MB + o + 0x100);
	for (uint32_t o = 0; o < MB; o += 0x1000)
		fin_check_va(cpu, VA_ST_SHARED + o + 0x100);
}

/* The serial replay's table. */
static uint32_t rp_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t rp_pool[64 * 1024]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table rp_table;

#define MAXRUNS 512
struct runs { uint32_t n; struct vmsa_run r[MAXRUNS]; };
static struct runs runs_live, runs_rp;

static void collect(void *arg, const struct vmsa_run *run)
{
	struct runs *rs = arg;
	if (rs->n < MAXRUNS)
		rs->r[rs->n] = *run;
	rs->n++;
}

static bool runs_eq(const struct runs *a, const struct runs *b)
{
	if (a->n != b->n || a->n > MAXRUNS)
		return false;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct vmsa_run *x = &a->r[i], *y = &b->r[i];
		if (x->va.v != y->va.v || x->size != y->size || x->pa.p != y->pa.p ||
		    x->kind != y->kind || x->attrs != y->attrs || x->count != y->count)
			return false;
	}
	return true;
}

static uint32_t l1_tables(const struct vmsa_table *t)
{
	uint32_t n = 0;
	for (uint32_t mb = VA_ST >> 20; mb < VA_ST_END >> 20; mb++)
		n += (t->l1[mb] & 3u) == 1u;
	return n;
}

static void stress_tests(void)
{
	struct vmsa_stats st0, st;
	uint32_t rounds = 0, calls = 0, errs = 0, bdata = 0, bkind = 0;

	vmsa_stats(&boot_table, &st0);
	st_rounds = (ST_TOTAL + ncpu - 1) / ncpu;
	for (unsigned c = 0; c < ncpu; c++)
		st_init(&stc[c], c);
	run_all(st_worker, st_worker);
	for (unsigned c = 0; c < ncpu; c++) {
		rounds += stc[c].rounds;
		calls += stc[c].calls;
		errs += stc[c].errs;
		bdata += stc[c].bad_data;
		bkind += stc[c].bad_kind;
		if (stc[c].errs)
			tap_diag("cpu %u: first error %s in round %lu", c,
			         vmsa_strerror(stc[c].first_err),
			         (unsigned long)stc[c].first_err_round);
	}
	tap_ok(rounds >= 1000 && errs == 0 && bdata == 0 && bkind == 0,
	       "concurrent updates: %u CPUs, %lu rounds (%lu engine calls: map, "
	       "partial unmap + map back, protect, remap) in disjoint ranges "
	       "sharing one L2 table; every call succeeded, data reached the "
	       "right PA, every restored range folded back", ncpu,
	       (unsigned long)rounds, (unsigned long)calls);

	/* The same operations, serially, on a fresh table. */
	int rc = vmsa_init(&rp_table, boot_table.fmt, rp_l1,
	                   vmsa_pa((uintptr_t)rp_l1), rp_pool,
	                   vmsa_pa((uintptr_t)rp_pool), sizeof rp_pool);
	/* The same shareability rule (Normal memory is shareable under
	 * VMSA_TF_SMP): the same flag. */
	vmsa_set_flags(&rp_table, boot_table.flags & VMSA_TF_SMP, 0);
	for (unsigned c = 0; c < ncpu; c++) {
		st_init(&stc[c], c);
		for (uint32_t i = 0; i < st_rounds; i++)
			st_round(&stc[c], &rp_table, false);
		errs += stc[c].errs;
	}
	runs_live.n = runs_rp.n = 0;
	vmsa_walk(&boot_table, vmsa_va(VA_ST), VA_ST_END - VA_ST, collect,
	          &runs_live);
	vmsa_walk(&rp_table, vmsa_va(VA_ST), VA_ST_END - VA_ST, collect, &runs_rp);
	tap_ok(rc == VMSA_OK && errs == 0 && runs_eq(&runs_live, &runs_rp) &&
	       l1_tables(&boot_table) == l1_tables(&rp_table),
	       "concurrent updates: the live table equals the same operations "
	       "replayed serially (%lu runs, %lu L2 tables)",
	       (unsigned long)runs_live.n, (unsigned long)l1_tables(&rp_table));

	run_all(fin_check, fin_check);
	tap_ok(sum(fin_bad) == 0,
	       "concurrent updates: every CPU reads the final mappings "
	       "(%lu VAs: data of the PA where mapped, a fault where not, "
	       "ATS1CPR agrees)", (unsigned long)sum(fin_n));

	rc = VMSA_OK;
	for (unsigned c = 0; c < ncpu; c++)
		for (unsigned i = 0; i < NSLOT; i++)
			if (stc[c].s[i].mapped)
				rc |= vmsa_unmap(&boot_table, vmsa_va(stc[c].s[i].va),
				                 stc[c].s[i].size);
	vmsa_stats(&boot_table, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "concurrent updates: everything unmapped, vmsa_stats as before");
}

/* ---- entry --------------------------------------------------------------- */

/* Several CPUs share the tables: every Normal mapping of the live table,
 * the board's regions and the image included, must be Shareable (the
 * engine's rule under VMSA_TF_SMP, which boot sets before mapping). */
struct share_count {
	unsigned normal, unshared;
	struct vmsa_run first;
};

static void share_run(void *arg, const struct vmsa_run *r)
{
	struct share_count *c = arg;
	uint32_t mt = VMSA_MT(r->attrs);

	if (mt == VMSA_MT_UNCACHED || mt == VMSA_MT_DEVICE ||
	    mt == VMSA_MT_DEVICE_NS || mt == VMSA_MT_BUFFERABLE)
		return;           /* Strongly-ordered / Device (BUF is Device at TRE=0) */
	c->normal++;
	if (!(r->attrs & VMSA_SHARED) && c->unshared++ == 0)
		c->first = *r;
}

static void shareable_tests(struct vmsa_table *t)
{
	struct share_count c = { 0 };
	char line[160] = "";

	vmsa_walk(t, vmsa_va(0), (uint64_t)1 << 32, share_run, &c);
	if (c.unshared)
		vmsa_format_run(&c.first, line, sizeof line);
	tap_ok(c.normal > 0 && c.unshared == 0,
	       "SMP: every Normal mapping of the live table is Shareable "
	       "(%u runs, %u not; first: %s)", c.normal, c.unshared,
	       c.unshared ? line : "none");
}

/* One CPU runs: the SMP checks stay in the plan as SKIPs, one per check
 * above, with boot's reason (board data or the CPUs present). */
static void smp_skips(void)
{
	static const char *const what[] = {
		"SMP: secondary CPUs join the live tables (VMSA_TF_SMP)",
		"SMP: every Normal mapping of the live table is Shareable",
		"TLB broadcast: every CPU reads the new PA right after vmsa_remap",
		"TLB broadcast: every CPU faults right after vmsa_unmap",
		"lock-free vmsa_translate on the other CPUs while CPU 0 remaps",
		"TLB broadcast control: local TLBI leaves other CPUs stale",
		"concurrent updates: every call succeeds, data and kinds right",
		"concurrent updates: the live table equals a serial replay",
		"concurrent updates: every CPU reads the final mappings",
		"concurrent updates: everything unmapped, vmsa_stats as before",
	};
	const char *why = boot_smp_why_one();
	unsigned i = 0;

	if (boot_ncpus > 1) {    /* released, none came: the join check failed */
		i = 1;
		why = "no secondary CPU came online (the check above failed)";
	}
	for (; i < sizeof what / sizeof what[0]; i++)
		tap_skip(what[i], why ? why : "one CPU");
}

void live_tests(struct vmsa_table *t)
{
	PL = board.ram_base + 48 * MB;
	PS = board.ram_base + 64 * MB;

	if (boot_ncpus > 1 && t == &boot_table) {
		boot_smp_start(worker);
		for (uint32_t spin = 0; spin < 100000000u &&
		     boot_smp_online() < boot_ncpus - 1; spin++)
			;
		ncpu = 1 + boot_smp_online();
		tap_ok(ncpu == boot_ncpus && (t->flags & VMSA_TF_SMP),
		       "SMP: %u of %u secondary CPUs left the park loop and turned "
		       "their MMU on with the live tables (VMSA_TF_SMP)",
		       ncpu - 1, boot_ncpus - 1);
	}
	split_merge_tests(t);
	nomem_tests(t);
	lazy_tests(t);
	if (ncpu > 1) {
		shareable_tests(t);
		broadcast_tests();
		stress_tests();
		run_all(NULL, NULL);          /* secondaries to WFI */
	} else if (t == &boot_table) {
		smp_skips();
	}
}
