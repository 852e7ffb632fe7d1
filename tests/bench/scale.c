/*
 * tests/bench/scale.c - the scaling groups of the benchmark firmware
 * (tests/bench/bench.c has the method and the other groups):
 *
 *  5. Region scaling: generated region arrays of 8, 32, 128 and 512
 *     regions (gen.c) and the fixed vendor-like map of 23, each built
 *     three ways in the same run: vmsa_init + vmsa_map_regions (one call,
 *     the whole array validated first), the straight-line builder that
 *     validates nothing (builder.c), and vmsa_init + one vmsa_map per
 *     region. Every table is then walked over the whole 4GB with
 *     vmsa_translate and must translate every address exactly as the
 *     builder's table does (same fault or same PA and attributes), so the
 *     three rows build the same thing.
 *  6. Runtime scaling on the live MMU: map, protect and unmap of 1, 16,
 *     256 and 4096 4KB pages and of 1 and 16 sections, each in one call.
 *
 * Targets are printed beside the figures, never asserted; a wrong table
 * or an engine error makes the benchmark fail.
 */
#include <stdio.h>

#include <vmsa.h>

#include "boot.h"
#include "bench.h"

#define KB 1024u
#define MB (1024u * 1024u)

/* Room for the largest generated array's tables (checked: NOMEM fails). */
#define SCALE_POOL_BYTES (256u * KB)
static uint32_t e_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint32_t b_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t e_pool[SCALE_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static uint8_t b_pool[SCALE_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table et, btab;

static struct vmsa_region gen[GEN_MAX];
static struct sl_region slr[GEN_MAX];
/* The builder's templates: one per distinct attribute word. */
static struct { vmsa_attr_t attrs; struct sl_tmpl t; } tmpls[16];
static unsigned n_tmpls;

/* The vexpress-a15 board's format: the one the boot map rows use. */
#define FMT (VMSA_FMT_V7 | VMSA_FMT_PXN)

/* ---- 5. region scaling --------------------------------------------------- */

/* The regions in the builder's own form (outside every measurement: a
 * vendor writes this table by hand). */
static bool to_builder(const struct vmsa_region *r, size_t n)
{
	size_t i;
	unsigned k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < n_tmpls && tmpls[k].attrs != r[i].attrs; k++)
			;
		if (k == n_tmpls) {
			if (k == sizeof tmpls / sizeof tmpls[0] ||
			    sl_tmpl_of(FMT, r[i].attrs, &tmpls[k].t) != VMSA_OK)
				return false;
			tmpls[k].attrs = r[i].attrs;
			n_tmpls++;
		}
		slr[i] = (struct sl_region){ (uint32_t)r[i].va.v,
		                             (uint32_t)r[i].pa.p,
		                             (uint32_t)r[i].size, &tmpls[k].t };
	}
	return true;
}

/* End of the granule or hole at va as translate reported it. */
static uint64_t step_of(uint64_t va, int rc, const struct vmsa_xlat *x)
{
	if (rc == VMSA_OK)
		return (uint64_t)x->base.v + vmsa_kind_size(x->kind);
	return (va | (x->level == 1 ? MB - 1 : 4 * KB - 1)) + 1;
}

/* Do a and b translate every VA of the 4GB the same way? Steps by the
 * smaller granule (or hole) of the two at each address. */
static bool same_map(const struct vmsa_table *a, const struct vmsa_table *b)
{
	uint64_t va = 0;

	while (va < VMSA_VA_SPAN) {
		struct vmsa_xlat xa, xb;
		int ra = vmsa_translate(a, vmsa_va((uint32_t)va), &xa);
		int rb = vmsa_translate(b, vmsa_va((uint32_t)va), &xb);
		uint64_t na, nb;

		if (ra != rb || (ra != VMSA_OK && ra != VMSA_ERR_NOTMAPPED) ||
		    (ra == VMSA_OK && (xa.pa.p != xb.pa.p ||
		                       xa.attrs != xb.attrs))) {
			printf("bench: tables differ at VA 0x%08lx (%d/%d)\n",
			       (unsigned long)va, ra, rb);
			return false;
		}
		na = step_of(va, ra, &xa);
		nb = step_of(va, rb, &xb);
		va = na < nb ? na : nb;
	}
	return true;
}

enum how { HOW_ENGINE, HOW_PLAN, HOW_BUILDER, HOW_PER_REGION };

static void scale_row(const char *array, enum how how, size_t n,
                      uint32_t x, uint32_t desc, uint32_t builder,
                      bool vendor)
{
	static const char *const hows[] = {
		"vmsa_init + vmsa_map_regions", "of it: dry run (vmsa_plan)",
		"straight-line builder",
		"vmsa_init + vmsa_map per region",
	};
	char per_r[24], per_d[24], ov_r[24] = "-", ov_d[24] = "-";
	char tgt[40] = "-";
	const char *verdict = "-";
	uint32_t over = x > builder ? x - builder : 0;

	fmt3(per_r, sizeof per_r, x, (uint32_t)n);
	fmt3(per_d, sizeof per_d, x, desc);
	if (how == HOW_ENGINE || how == HOW_PER_REGION) {
		fmt3(ov_r, sizeof ov_r, over, (uint32_t)n);
		fmt3(ov_d, sizeof ov_d, over, desc);
	}
	if (how == HOW_ENGINE) {
		bool met = (uint64_t)over <= 150u * n &&
		           (uint64_t)over * 2 <= 3u * desc;
		if (vendor) {
			met = met && 3u * (uint64_t)over < builder;
			snprintf(tgt, sizeof tgt, "<=150/r <=1.5/d <%lu",
			         (unsigned long)(builder / 3));
		} else {
			snprintf(tgt, sizeof tgt, "<=150/r <=1.5/d");
		}
		verdict = met ? "met" : "MISSED";
	}
	printf("  %s%-*s %8lu %9s %7s %9s %7s  %-24s %s\n",
	       how == HOW_PLAN ? "  " : "", how == HOW_PLAN ? 30 : 32, hows[how],
	       (unsigned long)x, per_r, per_d, ov_r, ov_d, tgt, verdict);
	printf("csv:regions,\"%s\",\"%s\",%lu,%lu,%lu,%s,%s,%s,%s,%s,%s\n",
	       array, hows[how], (unsigned long)n, (unsigned long)desc,
	       (unsigned long)x, per_r, per_d,
	       ov_r[0] != '-' ? ov_r : "", ov_d[0] != '-' ? ov_d : "",
	       how == HOW_ENGINE ? tgt : "", how == HOW_ENGINE ? verdict : "");
}

static void init(struct vmsa_table *t, uint32_t *l1, uint8_t *pool)
{
	check_rc(vmsa_init(t, FMT, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), SCALE_POOL_BYTES),
	         "scale: vmsa_init");
}

static void scale_array(const char *name, const struct vmsa_region *r,
                        size_t n, bool vendor)
{
	struct vmsa_stats se, sb, sm;
	struct vmsa_plan plan;
	uint32_t xe, xb, xm, xp, used = 0;
	size_t i, bad = 0;
	int rc1 = 0, rc2 = 0, rc = 0;

	check(to_builder(r, n), "scale: builder templates");

	/* The dry run alone: vmsa_plan on the empty table plans as
	 * vmsa_map_regions does (without simulating the pool). */
	init(&et, e_l1, e_pool);
	xp = MEASURE(rc = vmsa_plan(&et, 0, r, n, &plan, &bad));
	check_rc(rc, "scale: vmsa_plan");

	/* The engine, one call. */
	xe = MEASURE(rc1 = vmsa_init(&et, FMT, e_l1, vmsa_pa((uintptr_t)e_l1),
	                             e_pool, vmsa_pa((uintptr_t)e_pool),
	                             SCALE_POOL_BYTES);
	             rc2 = vmsa_map_regions(&et, r, n, &bad));
	check_rc(rc1, "scale: vmsa_init");
	check_rc(rc2, "scale: vmsa_map_regions");
	vmsa_stats(&et, &se);

	/* The builder: btab only describes its memory for translate. */
	init(&btab, b_l1, b_pool);
	for (i = 0; i < VMSA_L1_ENTRIES; i++)
		b_l1[i] = 0xdeadbeefu;      /* the builder clears it itself */
	xb = MEASURE(used = sl_build(b_l1, (uint32_t *)(void *)b_pool,
	                             (uint32_t)(uintptr_t)b_pool, slr, n));
	check(used <= SCALE_POOL_BYTES, "scale: builder pool");
	vmsa_stats(&btab, &sb);
	check(same_map(&et, &btab), "scale: engine table = builder table");

	printf("\n  %s: %lu regions, %lu descriptors (builder: %lu), "
	       "%lu entries, %lu L2 tables\n", name, (unsigned long)n,
	       (unsigned long)se.descriptors, (unsigned long)sb.descriptors,
	       (unsigned long)se.entries, (unsigned long)se.l2_tables);
	check(plan.descriptors == se.descriptors, "scale: plan descriptors");
	scale_row(name, HOW_ENGINE, n, xe, se.descriptors, xb, vendor);
	scale_row(name, HOW_PLAN, n, xp, se.descriptors, xb, false);
	scale_row(name, HOW_BUILDER, n, xb, sb.descriptors, xb, false);

	/* One vmsa_map per region, on the engine's memory again. */
	xm = MEASURE(rc1 = vmsa_init(&et, FMT, e_l1, vmsa_pa((uintptr_t)e_l1),
	                             e_pool, vmsa_pa((uintptr_t)e_pool),
	                             SCALE_POOL_BYTES);
	             for (i = 0; i < n; i++)
	                     rc |= vmsa_map(&et, r[i].va, r[i].pa, r[i].size,
	                                    r[i].attrs));
	check_rc(rc1, "scale: vmsa_init");
	check_rc(rc, "scale: vmsa_map per region");
	vmsa_stats(&et, &sm);
	check(same_map(&et, &btab), "scale: per-region table = builder table");
	scale_row(name, HOW_PER_REGION, n, xm, sm.descriptors, xb, false);
}

void bench_regions(void)
{
	static const size_t sizes[] = { 8, 32, 128, 512 };
	unsigned k;

	printf("\n5. Region scaling: region array to finished tables, three "
	       "ways (overhead: beyond the straight-line builder)\n"
	       "  %-32s %8s %9s %7s %9s %7s  %-24s\n", "build", "instr",
	       "instr/r", "instr/d", "over/r", "over/d", "target");
	scale_array("vendor-like map", vendor23, vendor23_n, true);
	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		char name[32];
		size_t n = gen_regions(gen, sizes[k]);

		check(n == sizes[k], "scale: generator");
		if (n != sizes[k])
			continue;
		snprintf(name, sizeof name, "generated %u", (unsigned)n);
		scale_array(name, gen, n, false);
	}
}

/* ---- 6. runtime scaling on the live MMU ----------------------------------- */

static void live_row(const char *op, uint32_t n, const char *unit,
                     uint32_t x, uint32_t target)
{
	char name[48], per[24], tgt[16] = "-";
	const char *verdict = "-";

	snprintf(name, sizeof name, "%s %lu %s%s", op, (unsigned long)n, unit,
	         n == 1 ? "" : "s");
	fmt3(per, sizeof per, x, n);
	if (target) {
		snprintf(tgt, sizeof tgt, "<=%lu", (unsigned long)target);
		verdict = x <= target ? "met" : "MISSED";
	}
	printf("  %-34s %10lu %11s  %-8s %s\n", name, (unsigned long)x, per,
	       tgt, verdict);
	printf("csv:livescale,\"%s\",%lu,%lu,%s,%s,%s\n", op,
	       (unsigned long)n, (unsigned long)x, per, target ? tgt : "",
	       target ? verdict : "");
}

/* One mapping of n granules of gsz at va -> pa: map, protect (RW -> RO,
 * in place), unmap (tables freed), each in one call; the translation
 * checked after each. */
static void live_case(uint32_t va, uint64_t pa, uint32_t n, uint32_t gsz,
                      const char *unit, const uint32_t tgt[3])
{
	struct vmsa_table *t = &boot_table;
	const uint32_t size = n * gsz, last = va + size - gsz;
	const vmsa_attr_t rw = VMSA_DATA | VMSA_SHARED;
	const vmsa_attr_t ro = VMSA_RODATA | VMSA_SHARED;
	struct vmsa_xlat xl;
	uint32_t x;
	int rc = 0;

	x = MEASURE(rc = vmsa_map(t, vmsa_va(va), vmsa_pa(pa), size, rw));
	check_rc(rc, "live scale: map");
	check(vmsa_translate(t, vmsa_va(last), &xl) == VMSA_OK &&
	      xl.pa.p == pa + (last - va) && vmsa_kind_size(xl.kind) == gsz,
	      "live scale: mapped granules");
	live_row("map", n, unit, x, tgt[0]);
	x = MEASURE(rc = vmsa_protect(t, vmsa_va(va), size, ro));
	check_rc(rc, "live scale: protect");
	check(vmsa_translate(t, vmsa_va(last), &xl) == VMSA_OK &&
	      !(xl.attrs & VMSA_RW), "live scale: protected");
	live_row("protect", n, unit, x, tgt[1]);
	x = MEASURE(rc = vmsa_unmap(t, vmsa_va(va), size));
	check_rc(rc, "live scale: unmap");
	check(vmsa_translate(t, vmsa_va(va), &xl) == VMSA_ERR_NOTMAPPED &&
	      vmsa_translate(t, vmsa_va(last), &xl) == VMSA_ERR_NOTMAPPED,
	      "live scale: unmapped");
	live_row("unmap", n, unit, x, tgt[2]);
}

void bench_live_scale(void)
{
	static const uint32_t pages[] = { 1, 16, 256, 4096 };
	static const uint32_t sects[] = { 1, 16 };
	/* VA unmapped on vexpress-a15; PA in RAM, congruent with the VA
	 * modulo 4KB only (pages) or 1MB only (sections): nothing folds
	 * into a larger granule. */
	const uint32_t va_pages = 0x60000000u, va_sects = 0x70100000u;
	const uint64_t pa = board.ram_base;
	unsigned k;

	printf("\n6. Runtime scaling on the live MMU (one call each, "
	       "VMSA_TF_LIVE, all maintenance)\n  %-34s %10s %11s  %-8s\n",
	       "operation", "instr", "per granule", "target");
	check((boot_table.flags & VMSA_TF_LIVE) != 0, "boot table is live");
	for (k = 0; k < sizeof pages / sizeof pages[0]; k++) {
		const uint32_t tgt[3] = {
			pages[k] == 1 ? 150u : 0, 0,
			pages[k] == 256 ? 15000u : 0 };
		live_case(va_pages, pa + 0x1000u, pages[k], 4 * KB, "page", tgt);
	}
	for (k = 0; k < sizeof sects / sizeof sects[0]; k++) {
		const uint32_t tgt[3] = {
			sects[k] == 1 ? 200u : 0, 0, sects[k] == 1 ? 200u : 0 };
		live_case(va_sects, pa + 0x200000u, sects[k], MB, "section",
		          tgt);
	}
}
