/*
 * test_remap_super.c - vmsa_remap to output addresses past 4GB, where only
 * supersections reach, of a range that earlier calls left as sections or
 * pages: it must reach every PA vmsa_map reaches, ending in the table
 * vmsa_map would have built (each 16MB group one supersection, its tables
 * freed), with break-before-make on a live table (the strict model); a
 * remap it cannot do (attributes mixed in a group, not a supersection's,
 * a group cut by the range, a hole) writes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include "fake_arch.h"
#include "harness.h"
#include "strict_model.h"

#define KB 0x400u
#define MB 0x100000u
#define SZ16M 0x1000000u
#define V7 VMSA_FMT_V7
#define NC_RW (VMSA_MT_UNCACHED | VMSA_RW)

/* h's L1 table equals the one vmsa_map(va, pa, size, a) builds on a fresh
 * table after the same calls `pre` made (pre may be NULL). */
static void same_as_map(const struct hx *h, uint32_t va, uint64_t pa,
                        uint64_t size, vmsa_attr_t a,
                        void (*pre)(struct hx *))
{
	struct hx m;

	assert_int_equal(hx_init(&m, h->fmt, h->pool_bytes), VMSA_OK);
	if (pre)
		pre(&m);
	assert_int_equal(vmsa_map(&m.t, vmsa_va(va), vmsa_pa(pa), size, a),
	                 VMSA_OK);
	for (uint32_t i = 0; i < VMSA_L1_ENTRIES; i++)
		if (h->l1[i] != m.l1[i])
			fail_msg("L1[%#x]: remap %#010x, map %#010x", i, h->l1[i],
			         m.l1[i]);
	assert_int_equal(h->t.used_units, m.t.used_units);
	hx_free(&m);
}

/* Every 1MB of [va, va + size) translates to pa + offset through a
 * supersection. */
static void check_super(const struct hx *h, uint32_t va, uint64_t pa,
                        uint64_t size)
{
	struct vmsa_xlat x;

	for (uint64_t o = 0; o < size; o += MB) {
		assert_int_equal(vmsa_translate(&h->t, vmsa_va(va + (uint32_t)o),
		                                &x), VMSA_OK);
		assert_int_equal(x.pa.p, pa + o);
		assert_int_equal(x.kind, VMSA_KIND_SUPERSECTION);
	}
}

/* The case as found: 80 sections (the PA 1MB-aligned only), remapped to
 * a 16MB-aligned PA past 4GB. */
static void test_sections_past_4gb(void **state)
{
	struct hx h;
	(void)state;
	assert_int_equal(hx_init(&h, V7, 0), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0xdf000000), vmsa_pa(0xdf100000),
	                          0x5000000, NC_RW), VMSA_OK);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0xdf000000),
	                            vmsa_pa(0x590000000ull), 0x5000000), VMSA_OK);
	check_super(&h, 0xdf000000, 0x590000000ull, 0x5000000);
	same_as_map(&h, 0xdf000000, 0x590000000ull, 0x5000000, NC_RW, NULL);
	/* And back below 4GB by a multiple of 1MB only: sections again. */
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0xdf000000),
	                            vmsa_pa(0xdf100000), 0x5000000), VMSA_OK);
	same_as_map(&h, 0xdf000000, 0xdf100000, 0x5000000, NC_RW, NULL);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	hx_free(&h);
}

/* 32MB of small pages (PA 4KB-congruent only: a table in each MB, more
 * than the deferred-free list holds) remapped past 4GB: two
 * supersections, every table back in the pool. */
static void test_pages_past_4gb(void **state)
{
	struct hx h;
	(void)state;
	assert_int_equal(hx_init(&h, V7, 32 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80001000),
	                          2 * SZ16M, VMSA_DATA), VMSA_OK);
	assert_int_equal(h.t.used_units, 32);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40000000),
	                            vmsa_pa(0xfe00000000ull), 2 * SZ16M),
	                 VMSA_OK);
	assert_int_equal(h.t.used_units, 0);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	check_super(&h, 0x40000000, 0xfe00000000ull, 2 * SZ16M);
	same_as_map(&h, 0x40000000, 0xfe00000000ull, 2 * SZ16M, VMSA_DATA,
	            NULL);
	hx_free(&h);
}

/* 32MB at 0x40000000 with attributes a, as sections (PA 1MB-aligned
 * only) but for one MB of the second group, pages with the same
 * attributes (left by a protect there and back, with merging off). */
static void sections_and_pages(struct hx *h, vmsa_attr_t a)
{
	assert_int_equal(hx_init(h, V7, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x40000000),
	                          vmsa_pa(0x80100000), 2 * SZ16M, a), VMSA_OK);
	vmsa_set_flags(&h->t, VMSA_TF_NO_MERGE, 0);
	assert_int_equal(vmsa_protect(&h->t, vmsa_va(0x41234000), 4 * KB,
	                              a ^ VMSA_NG), VMSA_OK);
	assert_int_equal(vmsa_protect(&h->t, vmsa_va(0x41234000), 4 * KB, a),
	                 VMSA_OK);
	assert_int_equal(h->t.used_units, 1);
	vmsa_set_flags(&h->t, 0, VMSA_TF_NO_MERGE);
}

/* Sections and pages, and a range whose new addresses cross 4GB: the
 * group below stays sections (folded by the merge into a supersection,
 * as map would write it), the one above is written as a supersection. */
static void test_mixed_granules_across_4gb(void **state)
{
	struct hx h;
	(void)state;
	sections_and_pages(&h, VMSA_DATA);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40000000),
	                            vmsa_pa(0xff000000), 2 * SZ16M), VMSA_OK);
	assert_int_equal(h.t.used_units, 0);
	check_super(&h, 0x40000000, 0xff000000, 2 * SZ16M);
	same_as_map(&h, 0x40000000, 0xff000000, 2 * SZ16M, VMSA_DATA, NULL);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	hx_free(&h);
}

/* A remap that cannot be done: the code, and the tables as they were. */
static void refused(struct hx *h, uint32_t va, uint64_t pa, uint64_t size,
                    int want)
{
	struct hx_snap s;

	hx_snap_take(h, &s);
	fake_arch_reset();
	assert_int_equal(vmsa_remap(&h->t, vmsa_va(va), vmsa_pa(pa), size),
	                 want);
	assert_true(hx_snap_same(h, &s));
	hx_snap_free(&s);
}

static void test_refused(void **state)
{
	struct hx h;
	(void)state;
	assert_int_equal(hx_init(&h, V7, 16 * KB), VMSA_OK);
	/* Three groups of sections at 0x40000000. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80100000),
	                          3 * SZ16M, VMSA_DATA), VMSA_OK);
	/* A group cut by the range (either end), a new PA not 16MB-aligned,
	 * a VA range not a whole number of groups. */
	refused(&h, 0x40000000, 0x500000000ull, SZ16M + MB, VMSA_ERR_RANGE);
	refused(&h, 0x40100000, 0x500100000ull, SZ16M, VMSA_ERR_RANGE);
	refused(&h, 0x40000000, 0x500100000ull, SZ16M, VMSA_ERR_RANGE);
	/* Attributes that differ inside the last group, after two that
	 * could be done: nothing is written. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x42f00000), MB,
	                              VMSA_RODATA), VMSA_OK);
	refused(&h, 0x40000000, 0x500000000ull, 3 * SZ16M, VMSA_ERR_RANGE);
	/* A domain other than 0 (no supersection holds it). */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x41000000), SZ16M,
	                              VMSA_DATA | VMSA_DOMAIN(3)), VMSA_OK);
	refused(&h, 0x41000000, 0x500000000ull, SZ16M, VMSA_ERR_RANGE);
	/* A hole in the last group comes first. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x42ff0000), 64 * KB),
	                 VMSA_OK);
	refused(&h, 0x40000000, 0x500000000ull, 3 * SZ16M,
	        VMSA_ERR_NOTMAPPED);
	/* What can be done is. */
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40000000),
	                            vmsa_pa(0x500000000ull), SZ16M), VMSA_OK);
	check_super(&h, 0x40000000, 0x500000000ull, SZ16M);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	hx_free(&h);

	/* ARMv5 has no supersections: nothing past 4GB. */
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80000000),
	                          SZ16M, VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
	refused(&h, 0x40000000, 0x500000000ull, SZ16M, VMSA_ERR_RANGE);
	hx_free(&h);
}

/* ---- on a live table, against the strict model ------------------------- */

#define OK(call) do { \
	assert_int_equal((call), VMSA_OK); \
	if (strict_end() != 0) \
		fail_msg("%s: %s", #call, strict_first()); \
} while (0)

static void live(struct hx *h, uint32_t flags, unsigned ncpu, uint32_t va,
                 uint32_t len)
{
	vmsa_set_flags(&h->t, VMSA_TF_LIVE | flags, 0);
	strict_attach(&h->t, ncpu);
	strict_window(va, len);
	assert_int_equal(strict_end(), 0);
}

/* Sections and pages (data, then code: the predictor and I-cache) become
 * supersections past 4GB while the CPUs walk them, and come back. */
static void strict_scenario(vmsa_attr_t a, uint32_t flags, unsigned ncpu)
{
	struct hx h;

	fake_arch_reset();
	sections_and_pages(&h, a);
	live(&h, flags, ncpu, 0x40000000, 2 * SZ16M);
	OK(vmsa_remap(&h.t, vmsa_va(0x40000000), vmsa_pa(0x600000000ull),
	              2 * SZ16M));
	check_super(&h, 0x40000000, 0x600000000ull, 2 * SZ16M);
	OK(vmsa_remap(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80100000),
	              2 * SZ16M));
	OK(vmsa_remap(&h.t, vmsa_va(0x40000000), vmsa_pa(0xfd00000000ull),
	              2 * SZ16M));
	strict_detach();
	hx_free(&h);
}

static void test_strict_data(void **state)
{
	(void)state;
	strict_scenario(VMSA_DATA | VMSA_SHARED, 0, 1);
}

static void test_strict_code_smp(void **state)
{
	(void)state;
	strict_scenario(VMSA_CODE | VMSA_SHARED, VMSA_TF_SMP, 2);
}

/* Non-cacheable sections become a supersection past 4GB, onto a PA a
 * cacheable supersection, unmapped since, may have left lines of: those
 * are cleaned and invalidated through the new entry (B3.8.6). */
static void test_strict_nc_past_4gb(void **state)
{
	struct hx h;

	(void)state;
	fake_arch_reset();
	assert_int_equal(hx_init(&h, V7, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80100000),
	                          SZ16M, NC_RW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x41000000),
	                          vmsa_pa(0x600000000ull), SZ16M,
	                          VMSA_DATA | VMSA_SHARED), VMSA_OK);
	live(&h, 0, 1, 0x40000000, 2 * SZ16M);
	OK(vmsa_unmap(&h.t, vmsa_va(0x41000000), SZ16M));
	OK(vmsa_remap(&h.t, vmsa_va(0x40000000), vmsa_pa(0x600000000ull),
	              SZ16M));
	check_super(&h, 0x40000000, 0x600000000ull, SZ16M);
	strict_detach();
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_past_4gb),
		cmocka_unit_test(test_pages_past_4gb),
		cmocka_unit_test(test_mixed_granules_across_4gb),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_strict_data),
		cmocka_unit_test(test_strict_code_smp),
		cmocka_unit_test(test_strict_nc_past_4gb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
