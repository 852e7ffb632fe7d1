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
 *
 * This file owns the shared helpers, running code on the secondaries, the
 * split and merge tests, the Shareable check and the entry, live_tests;
 * failure atomicity and fault hooks are in test_live_hooks.c, the TLB
 * broadcast and concurrent updates in test_live_smp.c (shared
 * declarations: test_live_int.h).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include <boot.h>
#include "tap.h"
#include "test_live.h"
#include "test_live_int.h"

uint32_t PL;                      /* RAM + 48MB: split/merge, lazy, bc */
uint32_t PS;                      /* RAM + 64MB: stress, 16MB per CPU */

uint32_t pat(uint32_t pa) { return 0x5a000000u ^ (pa * 2654435761u); }

/* vmsa_translate under the engine's lock: other CPUs may be writing. */
int xlate(uint32_t va, struct vmsa_xlat *x)
{
	int rc;
	if (boot_table.flags & VMSA_TF_SMP)
		vmsa_arch_lock();
	rc = vmsa_translate(&boot_table, vmsa_va(va), x);
	if (boot_table.flags & VMSA_TF_SMP)
		vmsa_arch_unlock();
	return rc;
}

int kind_at(uint32_t va)
{
	struct vmsa_xlat x;
	return xlate(va, &x) == VMSA_OK ? x.kind : VMSA_KIND_FAULT;
}

/* ATS1CPR against the software walk. */
bool ats_ok(uint32_t va)
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
bool try_read(uint32_t va, uint32_t *v, struct fault_info *f)
{
	uint32_t r = 0;
	expect_fault(EXC_DABT);
	r = *ptr(va);
	if (fault_taken(f))
		return false;
	*v = r;
	return true;
}

bool try_write(uint32_t va, uint32_t v, struct fault_info *f)
{
	expect_fault(EXC_DABT);
	*ptr(va) = v;
	return !fault_taken(f);
}

bool stats_eq(const struct vmsa_stats *a, const struct vmsa_stats *b)
{
	return a->entries == b->entries && a->descriptors == b->descriptors &&
	       a->l2_tables == b->l2_tables && a->l2_bytes == b->l2_bytes &&
	       a->mapped == b->mapped;
}

/* ---- running code on the secondary CPUs ------------------------------- */

static smp_fn volatile cmd_fn;
static volatile uint32_t cmd_seq, cmd_ack[BOOT_MAX_CPUS];
unsigned ncpu = 1;                /* CPUs taking part (1 + online) */

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
void run_all(smp_fn fn, smp_fn fn0)
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
void fill_pat(uint32_t pa, uint32_t size)
{
	for (uint32_t o = 0; o < size; o += 0x1000)
		*ptr(pa + o + 0x40) = pat(pa + o);
}

/* Data through va at every 4KB, against the pattern of its PA. */
bool data_ok(uint32_t va, uint32_t pa, uint32_t size)
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

/*
 * How the secondaries came in. A machine that keeps them off until they
 * are started (PSCI CPU_ON, or the board's own cpu_on: BOOT_SMP_BOARD)
 * must have started each at boot_secondary_entry, the address boot gave
 * it, and none at the ELF entry: a cpu_on that starts nothing leaves them
 * off (the join check above fails), and one that lets them in some other
 * way fails here. On a BOOT_SMP_PARKED machine every CPU came from the
 * ELF entry. Each must have arrived in SVC, the mode start.S is written
 * for (the mode is what the hardware or QEMU gave it: nothing in the
 * boot stub changes it before it is recorded).
 */
static void arrival_check(void)
{
	bool off = board.smp_release != BOOT_SMP_PARKED;
	unsigned rel = boot_smp_online_released(), svc = 0;

	for (unsigned c = 1; c < BOOT_MAX_CPUS; c++) {
		uint32_t m = boot_smp_arrival_mode(c);
		if (!m)
			continue;
		tap_diag("CPU %u arrived in CPSR mode 0x%02lx", c,
		         (unsigned long)m);
		svc += m == 0x13u;
	}
	tap_ok(rel == (off ? ncpu - 1 : 0) && svc == ncpu - 1,
	       "SMP: %u secondaries arrived in SVC (%u), %u at "
	       "boot_secondary_entry (release: %s; expected %u)",
	       ncpu - 1, svc, rel, boot_smp_release_name(board.smp_release),
	       off ? ncpu - 1 : 0);
}

/* One CPU runs: the SMP checks stay in the plan as SKIPs, one per check
 * above, with boot's reason (board data or the CPUs present). */
static void smp_skips(void)
{
	static const char *const what[] = {
		"SMP: secondary CPUs join the live tables (VMSA_TF_SMP)",
		"SMP: the secondaries arrived in SVC at the entry boot gave them",
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
		if (ncpu > 1)
			arrival_check();
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
