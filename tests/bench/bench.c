/*
 * tests/bench/bench.c - the benchmark firmware (make bench): exact
 * instruction counts of the engine under QEMU vexpress-a15 with
 * -icount shift=0 (QEMU's virtual clock advances one tick per executed
 * instruction, and its PMCCNTR counts those ticks: one count per
 * instruction, the same on every run), each beside its baselines measured
 * in the same run, and table memory / TLB reach against an independently
 * computed minimum. Groups 1-4 are here; the scaling groups 5 (region
 * arrays of 8 to 512 regions against a straight-line builder) and 6
 * (runtime operations of 1 to 4096 pages) are in scale.c.
 *
 * Every figure is the count between two PMCCNTR reads around the call,
 * minus the same count around a call of an empty noinline function.
 * Lines starting "csv:" are collected by tests/bench/run-bench.sh into
 * the csv files of build/bench; targets are printed, never asserted (the exit
 * status says only whether the benchmark itself ran correctly).
 *
 * Runs after the boot stub (src/boot) built the board's tables and turned
 * the MMU on: the runtime rows work on that live table (VMSA_TF_LIVE).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>

#include "boot.h"
#include "bench.h"

#define KB 1024u
#define MB (1024u * 1024u)

/* vexpress-a9's board.c, its `board` renamed by bench.mk. */
extern const struct board bench_board_vexpress_a9;

/* A table that is never live: the bulk and boot-map rows. */
#define POOL_BYTES (96u * KB)
static uint32_t l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t pool[POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table bt;
int failures;

/* ---- counting ------------------------------------------------------------ */

static void pmu_on(void)
{
	uint32_t pmcr;
	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr));
	pmcr = (pmcr | 0x7u) & ~0x8u;          /* E, P, C; D = 0 */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" : : "r"(pmcr));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" : : "r"(1u << 31));
	__asm__ volatile("isb");
}

__attribute__((noinline)) void bench_empty(void *a, uint32_t b, uint32_t c,
                                           uint32_t d);
__attribute__((noinline)) void bench_empty(void *a, uint32_t b, uint32_t c,
                                           uint32_t d)
{
	__asm__ volatile("" : : "r"(a), "r"(b), "r"(c), "r"(d) : "memory");
}

uint32_t empty_cost;

void check(bool ok, const char *what)
{
	if (!ok) {
		printf("bench: FAILED: %s\n", what);
		failures++;
	}
}

void check_rc(int rc, const char *what)
{
	if (rc != VMSA_OK) {
		printf("bench: FAILED: %s: %s\n", what, vmsa_strerror(rc));
		failures++;
	}
}

/* FNV-1a of n words: baselines must write what the engine wrote. */
static uint32_t hash(const uint32_t *p, uint32_t n)
{
	uint32_t h = 2166136261u;
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* ---- output ---------------------------------------------------------------- */

/* x / d with three decimals ("-" when d is 0). */
void fmt3(char *buf, size_t len, uint32_t x, uint32_t d)
{
	if (d == 0) {
		snprintf(buf, len, "-");
		return;
	}
	uint64_t m = ((uint64_t)x * 1000u + d / 2) / d;
	snprintf(buf, len, "%lu.%03lu", (unsigned long)(m / 1000),
	         (unsigned long)(m % 1000));
}

/* One row of groups 1-3 (bench.h). */
void row(const char *group, const char *name, uint32_t instr,
         uint32_t desc, enum tgt kind, uint32_t target_milli)
{
	char per[24] = "-", tgt[24] = "-";
	const char *verdict = "-";
	if (desc)
		fmt3(per, sizeof per, instr, desc);
	if (kind != TGT_NONE) {
		char num[16];
		uint64_t v;
		bool met;
		if (kind == TGT_PER_DESC) {
			v = ((uint64_t)instr * 1000u + desc / 2) / desc;
			fmt3(num, sizeof num, target_milli, 1000);
		} else {
			v = (uint64_t)instr * 1000u;
			snprintf(num, sizeof num, "%lu",
			         (unsigned long)(target_milli / 1000));
		}
		met = kind == TGT_LT ? v < target_milli : v <= target_milli;
		snprintf(tgt, sizeof tgt, "%s%s%s", kind == TGT_LT ? "<" : "<=",
		         num, kind == TGT_PER_DESC ? "/d" : "");
		verdict = met ? "met" : "MISSED";
	}
	printf("  %-46s %9lu %7lu %9s  %-9s %s\n", name, (unsigned long)instr,
	       (unsigned long)desc, per, tgt, verdict);
	printf("csv:%s,\"%s\",%lu,%lu,%s,%s,%s\n", group, name,
	       (unsigned long)instr, (unsigned long)desc, desc ? per : "",
	       kind != TGT_NONE ? tgt : "", kind != TGT_NONE ? verdict : "");
}

void header(const char *title)
{
	printf("\n%s\n  %-44s %9s %7s %9s  %-9s %s\n", title, "operation",
	       "instr", "desc", "instr/d", "target", "");
}

static void progress(unsigned k, const char *what)
{
	printf("bench: [%u/6] %s ...\n", k, what);
}

/* ---- 1. bulk builds -------------------------------------------------------- */

static void fresh(vmsa_fmt_t fmt)
{
	check_rc(vmsa_init(&bt, fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), sizeof pool),
	         "vmsa_init");
}

/* The baselines of one bulk row, writing `n` words at p: the plain C loop
 * (c_words: rebuilds the engine's words, checked by hash), the STM
 * incrementing store where it applies, the STM fill and memset of the
 * same bytes. */
struct bulk {
	const char *name;
	uint32_t *p;
	uint32_t n;
	uint32_t h;                     /* hash of the engine's words */
};

static void baselines(const struct bulk *b, uint32_t c_instr, bool inc_ok,
                      uint32_t inc_instr)
{
	char name[64];
	uint32_t x;

	snprintf(name, sizeof name, "  baseline: plain C loop, same words");
	row("bulk", name, c_instr, b->n, TGT_NONE, 0);
	check(hash(b->p, b->n) == b->h, "C baseline words differ");
	if (inc_ok)
		row("bulk", "  baseline: STM x8 incrementing (asm)", inc_instr,
		    b->n, TGT_NONE, 0);
	x = MEASURE(bench_stm_fill(b->p, b->n, 0));
	row("bulk", "  baseline: STM x8 fill, same bytes (asm)", x, b->n,
	    TGT_NONE, 0);
	x = MEASURE(memset(b->p, 0, b->n * 4u));
	row("bulk", "  baseline: newlib memset, same bytes", x, b->n, TGT_NONE, 0);
}

static void bench_bulk(void)
{
	struct vmsa_stats st;
	uint32_t x, c, inc = 0, w0;
	struct bulk b;
	int rc = 0;

	header("1. Bulk builds (instructions per descriptor written)");

	/* Flat 4GB in sections: domain 1 rules out supersections. */
	fresh(VMSA_FMT_V7 | VMSA_FMT_PXN);
	x = MEASURE(rc = vmsa_map(&bt, vmsa_va(0), vmsa_pa(0), VMSA_VA_SPAN,
	                          VMSA_DATA | VMSA_DOMAIN(1)));
	check_rc(rc, "flat 4GB");
	vmsa_stats(&bt, &st);
	check(st.entries == 4096 && st.descriptors == 4096, "flat 4GB stats");
	row("bulk", "flat 4GB, 4096 sections (vmsa_map)", x, 4096, TGT_PER_DESC, 1500);
	b = (struct bulk){ "flat", l1, 4096, hash(l1, 4096) };
	w0 = l1[0];
	c = MEASURE(bench_c_inc(l1, 4096, w0, MB));
	inc = MEASURE(bench_stm_inc(l1, 4096, w0, MB));
	check(hash(l1, 4096) == b.h, "STM inc words differ");
	baselines(&b, c, true, inc);

	/* 64MB in 4KB pages: VA and PA congruent modulo 4KB only. */
	fresh(VMSA_FMT_V7 | VMSA_FMT_PXN);
	x = MEASURE(rc = vmsa_map(&bt, vmsa_va(0x40000000u),
	                          vmsa_pa(0x80001000u), 64u * MB, VMSA_DATA));
	check_rc(rc, "64MB pages");
	vmsa_stats(&bt, &st);
	check(st.entries == 16384 && st.l2_tables == 64, "64MB pages stats");
	row("bulk", "64MB in 4KB pages, 64 L1 + 16384 L2 (vmsa_map)", x,
	    16384 + 64, TGT_PER_DESC, 1500);
	{
		/* The pool holds the 64 tables in order, contiguous. */
		uint32_t *l2 = (uint32_t *)(void *)pool, tw = l1[0x400];
		uint32_t h1 = hash(&l1[0x400], 64), h2 = hash(l2, 16384);
		uint32_t sw = l2[0];
		c = MEASURE(bench_c_inc(&l1[0x400], 64, tw, KB);
		            bench_c_inc(l2, 16384, sw, 4 * KB));
		check(hash(&l1[0x400], 64) == h1 && hash(l2, 16384) == h2,
		      "C baseline words differ (pages)");
		inc = MEASURE(bench_stm_inc(&l1[0x400], 64, tw, KB);
		              bench_stm_inc(l2, 16384, sw, 4 * KB));
		check(hash(&l1[0x400], 64) == h1 && hash(l2, 16384) == h2,
		      "STM inc words differ (pages)");
		b = (struct bulk){ "pages", l2, 16384 + 64, 0 };
		b.h = hash(l2, b.n);
		baselines(&b, c, true, inc);
	}

	/* 1GB of RAM in supersections: 64 x 16 replicated words. */
	fresh(VMSA_FMT_V7 | VMSA_FMT_PXN);
	x = MEASURE(rc = vmsa_map(&bt, vmsa_va(0x40000000u),
	                          vmsa_pa(0x40000000u), 1024u * MB,
	                          VMSA_DATA));
	check_rc(rc, "1GB supersections");
	vmsa_stats(&bt, &st);
	check(st.entries == 64 && st.descriptors == 1024, "1GB stats");
	row("bulk", "1GB in supersections, 64 x 16 (vmsa_map)", x, 1024, TGT_PER_DESC, 500);
	b = (struct bulk){ "super", &l1[0x400], 1024, hash(&l1[0x400], 1024) };
	w0 = l1[0x400];
	c = MEASURE(bench_c_rep(&l1[0x400], 64, 16, w0, 16 * MB));
	baselines(&b, c, false, 0);

	/* The all-fault L1 table: vmsa_init's fill. */
	for (x = 0; x < VMSA_L1_ENTRIES; x++)
		l1[x] = 0xdeadbeefu;
	x = MEASURE(rc = vmsa_init(&bt, VMSA_FMT_V7 | VMSA_FMT_PXN, l1,
	                           vmsa_pa((uintptr_t)l1), pool,
	                           vmsa_pa((uintptr_t)pool), sizeof pool));
	check_rc(rc, "vmsa_init");
	for (c = 0, w0 = 0; c < VMSA_L1_ENTRIES; c++)
		w0 |= l1[c];
	check(w0 == 0, "vmsa_init fill");
	row("bulk", "all-fault L1, 4096 entries (vmsa_init)", x, 4096, TGT_PER_DESC, 500);
	b = (struct bulk){ "fault", l1, 4096, hash(l1, 4096) };
	c = MEASURE(bench_c_fill(l1, 4096, 0));
	baselines(&b, c, false, 0);
}

/* ---- 2. boot maps ----------------------------------------------------------- */

static void bench_boot(void)
{
	static const struct board *const boards[] = {
		&board, &bench_board_vexpress_a9,
	};
	unsigned i;

	header("2. Boot map: region array to finished tables (vmsa_init + "
	       "vmsa_map_regions)");
	for (i = 0; i < sizeof boards / sizeof boards[0]; i++) {
		const struct board *bd = boards[i];
		struct vmsa_stats st;
		char name[64];
		size_t bad = 0;
		int rc1 = 0, rc2 = 0;
		uint32_t x;

		x = MEASURE(rc1 = vmsa_init(&bt, bd->fmt, l1,
		                            vmsa_pa((uintptr_t)l1), pool,
		                            vmsa_pa((uintptr_t)pool),
		                            sizeof pool);
		            rc2 = vmsa_map_regions(&bt, bd->regions,
		                                   bd->n_regions, &bad));
		check_rc(rc1, "boot map init");
		check_rc(rc2, "boot map regions");
		vmsa_stats(&bt, &st);
		snprintf(name, sizeof name, "%s (%u regions)", bd->name,
		         (unsigned)bd->n_regions);
		row("boot", name, x, st.descriptors, i == 0 ? TGT_LT : TGT_NONE,
		    10000u * 1000u);
	}
	bench_boot_paths(&bt, l1, pool, sizeof pool);
}

/* ---- 3. runtime on the live MMU ----------------------------------------- */

static void bench_runtime(void)
{
	struct vmsa_table *t = &boot_table;
	const uint32_t va = 0x50000000u;       /* unmapped on vexpress-a15 */
	const uint64_t pa = board.ram_base + 0x00100000u;
	struct vmsa_xlat xl;
	vmsa_pa_t out;
	uint32_t x;
	int rc = 0;

	header("3. Runtime on the live MMU (VMSA_TF_LIVE, all maintenance)");
	check((t->flags & VMSA_TF_LIVE) != 0, "boot table is live");

	x = MEASURE(rc = vmsa_map(t, vmsa_va(va), vmsa_pa(pa), 4 * KB,
	                          VMSA_DATA));
	check_rc(rc, "map page (new table)");
	row("live", "map 4KB page, new L2 table", x, 0, TGT_LE, 150u * 1000u);
	x = MEASURE(rc = vmsa_map(t, vmsa_va(va + 0x1000), vmsa_pa(pa + 0x1000),
	                          4 * KB, VMSA_DATA));
	check_rc(rc, "map page");
	check(*(volatile uint32_t *)(va + 0x1000) ==
	      *(volatile uint32_t *)(uintptr_t)(pa + 0x1000), "page reads RAM");
	row("live", "map 4KB page, L2 table present", x, 0, TGT_LE, 150u * 1000u);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 0x1000), 4 * KB,
	                              VMSA_RODATA));
	check_rc(rc, "protect page");
	row("live", "protect 4KB page (RW -> RO)", x, 0, TGT_NONE, 0);
	/* Back: attributes the table's template cache holds (the map's). */
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 0x1000), 4 * KB,
	                              VMSA_DATA));
	check_rc(rc, "protect page back");
	row("live", "protect 4KB page back (RO -> RW)", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va + 0x1000), 4 * KB));
	check_rc(rc, "unmap page");
	row("live", "unmap 4KB page, table stays", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va), 4 * KB));
	check_rc(rc, "unmap last page");
	row("live", "unmap 4KB page, table freed", x, 0, TGT_NONE, 0);

	x = MEASURE(rc = vmsa_map(t, vmsa_va(va + MB), vmsa_pa(pa), MB,
	                          VMSA_DATA));
	check_rc(rc, "map section");
	row("live", "map 1MB section", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + MB), MB, VMSA_RODATA));
	check_rc(rc, "protect section");
	row("live", "protect 1MB section (RW -> RO)", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va + MB), MB));
	check_rc(rc, "unmap section");
	row("live", "unmap 1MB section", x, 0, TGT_NONE, 0);

	/* Split: protecting one page of a section cuts it into 16 large
	 * pages and one of those into 16 small ones; protecting it back
	 * merges all the way to the section again. */
	check_rc(vmsa_map(t, vmsa_va(va + 2 * MB), vmsa_pa(pa), MB, VMSA_DATA),
	         "map section to split");
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 2 * MB + 0x5000), 4 * KB,
	                              VMSA_RODATA));
	check_rc(rc, "split");
	check(vmsa_translate(t, vmsa_va(va + 2 * MB), &xl) == VMSA_OK &&
	      xl.kind == VMSA_KIND_SMALL, "split made pages");
	row("live", "split section to pages (protect 1 page)", x, 0, TGT_NONE, 0);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va + 2 * MB + 0x5000), 4 * KB,
	                              VMSA_DATA));
	check_rc(rc, "merge");
	check(vmsa_translate(t, vmsa_va(va + 2 * MB), &xl) == VMSA_OK &&
	      xl.kind == VMSA_KIND_SECTION, "merge made a section");
	row("live", "merge pages back to the section", x, 0, TGT_NONE, 0);
	check_rc(vmsa_unmap(t, vmsa_va(va + 2 * MB), MB), "unmap split");

	/* Translate: a 4KB page (two-level walk) and a section. */
	x = MEASURE(rc = vmsa_translate(t, vmsa_va(0x1c010010u), &xl));
	check(rc == VMSA_OK && xl.kind == VMSA_KIND_SMALL, "translate page");
	row("live", "vmsa_translate, 4KB page", x, 0, TGT_LE, 60u * 1000u);
	x = MEASURE(rc = vmsa_translate_pa(t, vmsa_va(0x1c010010u), &out));
	check(rc == VMSA_OK && out.p == 0x1c010010u, "translate_pa page");
	row("live", "vmsa_translate_pa, 4KB page", x, 0, TGT_LE, 40u * 1000u);
	x = MEASURE(rc = vmsa_translate(t, vmsa_va(0x08100010u), &xl));
	check(rc == VMSA_OK && xl.kind == VMSA_KIND_SECTION, "translate sect");
	row("live", "vmsa_translate, 1MB section", x, 0, TGT_LE, 60u * 1000u);
	x = MEASURE(rc = vmsa_translate_pa(t, vmsa_va(0x08100010u), &out));
	check(rc == VMSA_OK && out.p == 0x08100010u, "translate_pa section");
	row("live", "vmsa_translate_pa, 1MB section", x, 0, TGT_LE, 40u * 1000u);
}

/* The pool's size must not show in a call: a map that takes a table
 * counts free units in the bitmap from its start, a word at a time, not
 * the whole bitmap (O(pool)). The same map on a table that is not live,
 * with the group-1 pool (96KB) and with the largest pool (4MB). */
static uint8_t big_pool[VMSA_POOL_MAX_UNITS * VMSA_L2_BYTES]
	__attribute__((aligned(VMSA_L2_BYTES)));

static void bench_pool_size(void)
{
	static const struct { const char *name; uint8_t *p; uint32_t bytes; }
	pools[] = {
		{ "map 4KB page, new L2 table, 96KB pool (offline)", pool,
		  POOL_BYTES },
		{ "map 4KB page, new L2 table, 4MB pool (offline)", big_pool,
		  sizeof big_pool },
	};
	uint32_t x;
	int rc = 0;

	for (unsigned k = 0; k < 2; k++) {
		check_rc(vmsa_init(&bt, VMSA_FMT_V7 | VMSA_FMT_PXN, l1,
		                   vmsa_pa((uintptr_t)l1), pools[k].p,
		                   vmsa_pa((uintptr_t)pools[k].p),
		                   pools[k].bytes), "vmsa_init");
		/* The attributes' template in the table's cache first. */
		check_rc(vmsa_map(&bt, vmsa_va(0x40000000u),
		                  vmsa_pa(0x40000000u), MB, VMSA_DATA), "map");
		x = MEASURE(rc = vmsa_map(&bt, vmsa_va(0x50000000u),
		                          vmsa_pa(0x60000000u), 4 * KB,
		                          VMSA_DATA));
		check_rc(rc, "map page (new table)");
		row("offline", pools[k].name, x, 0, TGT_NONE, 0);
	}
}

/* ---- 4. table memory and TLB reach --------------------------------------- */

#define R(n, v, p, s, a) { n, VMSA_VA_C(v), VMSA_PA_C(p), (s), (a) }

/* Head pages, large pages, sections, supersections, and the way down. */
static const struct vmsa_region mixed[] = {
	R("mixed", 0x00F03000u, 0x40F03000u, 0x03125000u - 0x00F03000u,
	  VMSA_DATA),
};
/* Congruent modulo 4KB only: small pages everywhere, over four MBs. */
static const struct vmsa_region pages_only[] = {
	R("pages", 0x100FF000u, 0x20001000u, 3 * MB + 0x11000u, VMSA_DATA),
};
/* Congruent modulo 64KB, not 1MB: large pages over three MBs. */
static const struct vmsa_region large_only[] = {
	R("large", 0x30010000u, 0x50030000u, 2 * MB, VMSA_RODATA),
};
/* Four regions sharing one MB's table, different attributes. */
static const struct vmsa_region shared_mb[] = {
	R("dev", 0x60000000u, 0x10000000u, 4 * KB, VMSA_DEVICE),
	R("data", 0x60001000u, 0x80001000u, 60 * KB, VMSA_DATA),
	R("ro", 0x60010000u, 0x80010000u, 64 * KB, VMSA_RODATA),
	R("code", 0x60020000u, 0x80020000u, 4 * KB, VMSA_CODE),
};
/* Adjacent regions that only together make a supersection, a large page
 * and a section. */
static const struct vmsa_region adjacent[] = {
	R("a", 0x70000000u, 0x70000000u, 8 * MB, VMSA_DATA),
	R("b", 0x70800000u, 0x70800000u, 8 * MB, VMSA_DATA),
	R("c", 0x71000000u, 0x91000000u, 32 * KB, VMSA_DATA),
	R("d", 0x71008000u, 0x91008000u, 32 * KB, VMSA_DATA),
	R("e", 0x72000000u, 0x92000000u, 512 * KB, VMSA_RODATA),
	R("f", 0x72080000u, 0x92080000u, 512 * KB, VMSA_RODATA),
};
/* Domain 1: no supersections; and a region ending at 4GB. */
static const struct vmsa_region domain_top[] = {
	R("dom1", 0x20000000u, 0x20000000u, 32 * MB,
	  VMSA_DATA | VMSA_DOMAIN(1)),
	R("top", 0xFEFF0000u, 0x40FF0000u, 16 * MB + 64 * KB, VMSA_DATA),
};

struct array {
	const char *name;
	const struct vmsa_region *r;
	size_t n;
	vmsa_fmt_t fmt;
};

/*
 * The minimum, computed without the engine: merge regions that continue
 * each other (adjacent VA, contiguous PA, same attributes), then cover each
 * merged range greedily with the largest granule that VA and PA alignment
 * and the remaining size allow. For one contiguous range with a fixed
 * VA-PA offset and granule sizes that divide each other, the greedy cover
 * is the fewest aligned blocks. A second-level table (1KB) is needed in
 * exactly the MBs where that cover uses a granule below 1MB.
 */
static void minimum(const struct array *a, uint32_t *entries,
                    uint32_t *l2_bytes)
{
	static uint8_t mb_pages[4096];
	struct { uint64_t va, pa, size; uint32_t attrs; } m[16];
	size_t i, j, nm = 0;
	bool v7 = (a->fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V7;

	memset(mb_pages, 0, sizeof mb_pages);
	*entries = 0;
	*l2_bytes = 0;
	/* Insert in VA order, merging with the previous one. */
	for (i = 0; i < a->n; i++) {
		uint64_t va = a->r[i].va.v, pa = a->r[i].pa.p;
		for (j = nm; j > 0 && m[j - 1].va > va; j--)
			m[j] = m[j - 1];
		m[j].va = va;
		m[j].pa = pa;
		m[j].size = a->r[i].size;
		m[j].attrs = a->r[i].attrs;
		nm++;
	}
	for (i = 0, j = 0; i < nm; i++) {
		if (j > 0 && m[j - 1].va + m[j - 1].size == m[i].va &&
		    m[j - 1].pa + m[j - 1].size == m[i].pa &&
		    m[j - 1].attrs == m[i].attrs)
			m[j - 1].size += m[i].size;
		else
			m[j++] = m[i];
	}
	nm = j;
	for (i = 0; i < nm; i++) {
		static const uint64_t sz[] = { 16 * MB, MB, 64 * KB, 4 * KB };
		uint64_t va = m[i].va, pa = m[i].pa, end = va + m[i].size;
		bool super = v7 && VMSA_ATTR_DOMAIN(m[i].attrs) == 0;
		while (va < end) {
			unsigned k = super ? 0 : 1;
			while (k < 3 && (((va | pa) & (sz[k] - 1)) ||
			                 end - va < sz[k]))
				k++;
			(*entries)++;
			if (sz[k] < MB)
				mb_pages[va >> 20] = 1;
			va += sz[k];
			pa += sz[k];
		}
	}
	for (i = 0; i < 4096; i++)
		*l2_bytes += mb_pages[i] ? 1024u : 0;
}

static void bench_memory(void)
{
	const struct array arrays[] = {
		{ "vexpress-a15 board", board.regions, board.n_regions,
		  board.fmt },
		{ "vexpress-a9 board", bench_board_vexpress_a9.regions,
		  bench_board_vexpress_a9.n_regions,
		  bench_board_vexpress_a9.fmt },
		{ "mixed alignment, 4K..16M and back", mixed, 1,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
		{ "4KB-congruent only, 4 MBs", pages_only, 1,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
		{ "64KB-congruent only, 3 MBs", large_only, 1,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
		{ "four regions in one MB", shared_mb, 4,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
		{ "adjacent halves (16M, 64K, 1M)", adjacent, 6,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
		{ "domain 1 + region ending at 4GB", domain_top, 2,
		  VMSA_FMT_V7 | VMSA_FMT_PXN },
	};
	unsigned i;

	printf("\n4. Table memory and TLB reach (vmsa_stats vs the minimum)\n"
	       "  %-38s %9s %9s %8s %8s %s\n", "region array", "L2 bytes",
	       "minimum", "entries", "minimum", "");
	for (i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
		const struct array *a = &arrays[i];
		struct vmsa_stats st;
		uint32_t me, mb;
		size_t bad = 0;
		int rc;
		bool met;

		fresh(a->fmt);
		rc = vmsa_map_regions(&bt, a->r, a->n, &bad);
		check_rc(rc, a->name);
		vmsa_stats(&bt, &st);
		minimum(a, &me, &mb);
		met = st.entries == me && st.l2_bytes == mb;
		printf("  %-38s %9lu %9lu %8lu %8lu %s\n", a->name,
		       (unsigned long)st.l2_bytes, (unsigned long)mb,
		       (unsigned long)st.entries, (unsigned long)me,
		       met ? "met" : "MISSED");
		printf("csv:memory,\"%s\",%lu,%lu,%lu,%lu,%s\n", a->name,
		       (unsigned long)st.l2_bytes, (unsigned long)mb,
		       (unsigned long)st.entries, (unsigned long)me,
		       met ? "met" : "MISSED");
	}
}

/* Full newlib's exit runs __libc_fini_array, which wants these (the
 * boot stub links with -nostartfiles). */
void _init(void);
void _fini(void);
void _init(void) {}
void _fini(void) {}

int main(void)
{
	uint32_t e1, e2;

	pmu_on();
	e1 = ccnt();
	e2 = ccnt();
	check(e2 != e1, "PMCCNTR counts (needs the vexpress-a15 PMU)");
	empty_cost = 0;
	e1 = MEASURE(bench_empty(l1, 1, 2, 3));
	e2 = MEASURE(bench_empty(l1, 1, 2, 3));
	/* The first may include argument set-up the compiler hoisted. */
	empty_cost = e1 < e2 ? e1 : e2;
	printf("bench: empty call costs %lu instructions (subtracted)\n",
	       (unsigned long)empty_cost);
	printf("csv:meta,\"empty call\",%lu,,,,\n", (unsigned long)empty_cost);

	progress(1, "bulk builds");
	bench_bulk();
	progress(2, "boot maps");
	bench_boot();
	progress(3, "runtime operations on the live MMU");
	bench_runtime();
	bench_pool_size();
	bench_lpae();
	progress(4, "table memory and TLB reach");
	bench_memory();
	progress(5, "region scaling (8 to 512 regions, three builders)");
	bench_regions();
	progress(6, "runtime scaling on the live MMU (1 to 4096 pages)");
	bench_live_scale();
	printf("\nbench: %s\n", failures ? "FAILED (see above)" : "done");
	return failures ? 1 : 0;
}
