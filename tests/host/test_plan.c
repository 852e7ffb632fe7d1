/*
 * test_plan.c - the dry run's counts and empty region arrays: vmsa_plan
 * reports second-level tables at the peak (what the pool must hold) and
 * at the end (after the array's own merges), checked against what
 * vmsa_map_regions leaves in use over random arrays; an empty array is a
 * no-op VMSA_OK for vmsa_plan and vmsa_map_regions.
 *
 * Not covered here: the cost of regions against a table already mapped
 * (test_engine.c, test_engine_change.c), the region error reports
 * (test_explain.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

#define KB 1024u
#define MB 0x100000u

/* vmsa_plan counted a table that the array's own merge frees again:
 * it now reports the peak (what the pool must hold) and the end. */
static void test_plan_peak_and_final(void **state)
{
	(void)state;
	const struct vmsa_region r[] = {
		{ .name = "lo", .va = VMSA_VA_C(0x40100000),
		  .pa = VMSA_PA_C(0x80100000), .size = 512 * KB, .attrs = VMSA_DATA },
		{ .name = "hi", .va = VMSA_VA_C(0x40180000),
		  .pa = VMSA_PA_C(0x80180000), .size = 512 * KB, .attrs = VMSA_DATA },
		{ .name = "dev", .va = VMSA_VA_C(0x40200000),
		  .pa = VMSA_PA_C(0x10000000), .size = 4 * KB, .attrs = VMSA_DEVICE },
	};
	struct vmsa_plan p;
	struct vmsa_stats st;
	size_t bad = 99;
	struct hx h;
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, r, 3, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables, 2);
	assert_int_equal(p.pool_units, 2);
	assert_int_equal(p.l2_tables_final, 1);
	assert_int_equal(p.pool_units_final, 1);
	/* The pool must hold the peak: one unit is not enough. */
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 1 * KB), VMSA_OK);
	assert_int_equal(vmsa_map_regions(&h.t, r, 3, &bad), VMSA_ERR_NOMEM);
	hx_free(&h);
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 2 * KB), VMSA_OK);
	assert_int_equal(vmsa_map_regions(&h.t, r, 3, &bad), VMSA_OK);
	assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
	assert_int_equal(st.l2_tables, p.l2_tables_final);
	assert_int_equal(st.l2_bytes, p.pool_units_final * KB);
	/* No merging: both counts are the peak. */
	assert_int_equal(hx_reinit(&h, VMSA_FMT_V7), VMSA_OK);
	vmsa_set_flags(&h.t, VMSA_TF_NO_MERGE, 0);
	assert_int_equal(vmsa_plan(&h.t, 0, r, 3, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables_final, 2);
	assert_int_equal(p.pool_units_final, 2);
	hx_free(&h);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The final count against what vmsa_map_regions leaves in use, over
 * random arrays of sub-MB regions (ARMv7 and ARMv5). */
static void test_plan_final_property(void **state)
{
	(void)state;
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };
	uint64_t seed = 0x1234567887654321ull;
	unsigned folds = 0, runs = 0;
	for (unsigned f = 0; f < 2; f++) {
		bool v5 = fmts[f] == VMSA_FMT_V5;
		vmsa_attr_t at[2] = { v5 ? VMSA_MT_WRITEBACK | VMSA_RW : VMSA_DATA,
		                      v5 ? VMSA_MT_WRITETHROUGH | VMSA_RW :
		                           VMSA_RODATA };
		uint32_t g = v5 ? KB : 4 * KB;
		struct hx h;
		assert_int_equal(hx_init(&h, fmts[f], 64 * KB), VMSA_OK);
		for (unsigned it = 0; it < 3000; it++) {
			struct vmsa_region r[4];
			size_t n = 1 + rnd(&seed) % 4, bad;
			uint32_t va = 0x40000000 + (uint32_t)(rnd(&seed) % 8) * (MB / 8);
			for (size_t i = 0; i < n; i++) {
				uint64_t x = rnd(&seed);
				uint64_t size = (x & 1) ? (MB / 8) * (1 + (x >> 1) % 8)
				                        : g * (1 + (x >> 1) % 64);
				r[i].name = "r";
				r[i].va = vmsa_va(va);
				r[i].size = size;
				r[i].pa = vmsa_pa((x >> 20) % 4 ? va + 0x40000000u :
				                  va + 0x40000000u + g);
				r[i].attrs = at[((x >> 24) % 8) == 0];
				va += (uint32_t)size;
			}
			struct vmsa_plan p;
			struct vmsa_stats st;
			if (vmsa_plan(NULL, fmts[f], r, n, &p, &bad) != VMSA_OK)
				continue;
			assert_int_equal(hx_reinit(&h, fmts[f]), VMSA_OK);
			assert_int_equal(vmsa_map_regions(&h.t, r, n, &bad), VMSA_OK);
			assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
			if (st.l2_tables != p.l2_tables_final ||
			    st.l2_bytes != p.pool_units_final * KB)
				fail_msg("fmt %#x it %u: %u tables (%u bytes) in use, "
				         "plan final %u (%u units), peak %u",
				         fmts[f], it, st.l2_tables, st.l2_bytes,
				         p.l2_tables_final, p.pool_units_final,
				         p.l2_tables);
			assert_true(p.pool_units >= p.pool_units_final);
			folds += p.l2_tables != p.l2_tables_final;
			runs++;
		}
		hx_free(&h);
	}
	print_message("  %u arrays mapped, %u with tables the merges free\n",
	              runs, folds);
	assert_true(folds > 0);
}

/* An empty region array: a no-op VMSA_OK (regions may be NULL). */
static void test_empty_region_array(void **state)
{
	(void)state;
	struct hx h;
	struct hx_snap s;
	struct vmsa_plan p;
	size_t bad = 5;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 4 * KB), VMSA_OK);
	hx_snap_take(&h, &s);
	memset(&p, 0xff, sizeof(p));
	assert_int_equal(vmsa_plan(&h.t, 0, NULL, 0, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables, 0);
	assert_int_equal(p.entries, 0);
	assert_int_equal(p.l2_tables_final, 0);
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V5, NULL, 0, &p, &bad), VMSA_OK);
	assert_int_equal(vmsa_map_regions(&h.t, NULL, 0, &bad), VMSA_OK);
	const struct vmsa_region r = { .name = "x", .va = VMSA_VA_C(0),
		.pa = VMSA_PA_C(0), .size = MB, .attrs = VMSA_DATA };
	assert_int_equal(vmsa_map_regions(&h.t, &r, 0, &bad), VMSA_OK);
	assert_int_equal(bad, 5);
	assert_true(hx_snap_same(&h, &s));
	/* Still INVAL: a bad table, a bad format, regions NULL with n > 0. */
	assert_int_equal(vmsa_plan(NULL, 0, NULL, 0, &p, &bad), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, NULL, 0, NULL, &bad),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map_regions(NULL, NULL, 0, &bad), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map_regions(&h.t, NULL, 1, &bad), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, NULL, 1, &p, &bad),
	                 VMSA_ERR_INVAL);
	hx_snap_free(&s);
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_peak_and_final),
		cmocka_unit_test(test_plan_final_property),
		cmocka_unit_test(test_empty_region_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
