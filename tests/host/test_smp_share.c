/*
 * test_smp_share.c - the shareability rule under VMSA_TF_SMP (vmsa.h):
 * Normal memory is mapped Shareable whether or not the caller said
 * VMSA_SHARED (map, map_regions, protect; with and without TEX remap),
 * Device and Strongly-ordered memory is left as asked, and nothing changes
 * without VMSA_TF_SMP or on ARMv5.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u

static struct hx H;

static int teardown(void **state)
{
	(void)state;
	hx_free(&H);
	return 0;
}

static vmsa_attr_t attrs_at(uint32_t va)
{
	struct vmsa_xlat x;
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(va), &x), VMSA_OK);
	return x.attrs;
}

static void rule(vmsa_fmt_t fmt, bool smp)
{
	const struct vmsa_region rg[] = {
		{ "wbwa", vmsa_va(0x10000000u), vmsa_pa(0x80000000u), MB,
		  VMSA_DATA },
		{ "nc", vmsa_va(0x10100000u), vmsa_pa(0x80100000u), 64 * KB,
		  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN },
		{ "dev", vmsa_va(0x10200000u), vmsa_pa(0x10200000u), 4 * KB,
		  VMSA_DEVICE },
	};
	bool v5 = fmt == VMSA_FMT_V5;
	vmsa_attr_t want = smp && !v5 ? VMSA_SHARED : 0;

	assert_int_equal(hx_init(&H, fmt, 8 * KB), VMSA_OK);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | (smp ? VMSA_TF_SMP : 0), 0);
	if (v5) {
		assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000u),
		                          vmsa_pa(0x80000000u), MB,
		                          VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
		assert_int_equal(attrs_at(0x10000000u) & VMSA_SHARED, 0);
		return;
	}
	assert_int_equal(vmsa_map_regions(&H.t, rg, 3, NULL), VMSA_OK);
	assert_int_equal(attrs_at(0x10000000u) & VMSA_SHARED, want);
	assert_int_equal(attrs_at(0x10100000u) & VMSA_SHARED, want);
	assert_int_equal(attrs_at(0x10200000u) & VMSA_SHARED, 0);
	/* The one-page fast path of vmsa_map. */
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10300000u),
	                          vmsa_pa(0x80300000u), 4 * KB, VMSA_DATA),
	                 VMSA_OK);
	assert_int_equal(attrs_at(0x10300000u) & VMSA_SHARED, want);
	/* protect to Normal, and to Device. */
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(0x10200000u), 4 * KB,
	                              VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN),
	                 VMSA_OK);
	assert_int_equal(attrs_at(0x10200000u) & VMSA_SHARED, want);
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(0x10000000u), MB,
	                              VMSA_DEVICE), VMSA_OK);
	assert_int_equal(attrs_at(0x10000000u) & VMSA_SHARED, 0);
	/* What the caller asked explicitly stays. */
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(0x10000000u), MB,
	                              VMSA_DATA | VMSA_SHARED), VMSA_OK);
	assert_int_equal(attrs_at(0x10000000u) & VMSA_SHARED, VMSA_SHARED);
}

static void test_smp_v7(void **s) { (void)s; rule(VMSA_FMT_V7, true); }
static void test_smp_v7_remap(void **s)
{
	(void)s;
	rule(VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP, true);
}
static void test_up_v7(void **s) { (void)s; rule(VMSA_FMT_V7, false); }
static void test_smp_v5(void **s) { (void)s; rule(VMSA_FMT_V5, true); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_smp_v7, teardown),
		cmocka_unit_test_teardown(test_smp_v7_remap, teardown),
		cmocka_unit_test_teardown(test_up_v7, teardown),
		cmocka_unit_test_teardown(test_smp_v5, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
