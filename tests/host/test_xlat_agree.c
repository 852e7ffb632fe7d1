/*
 * test_xlat_agree.c - vmsa_translate and vmsa_translate_pa give the same
 * answer for every L1 descriptor type, including the ARMv7 type 0b11 that
 * is a section with PXN only where the CPU implements PXN and is reserved
 * (a translation fault on the CPU, ARM ARM B3.5.1) elsewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

static struct hx H;

static int teardown(void **state)
{
	(void)state;
	hx_free(&H);
	return 0;
}

/* Both translators on one VA: the same code, and the same PA on success. */
static void agree(uint32_t va, int want)
{
	struct vmsa_xlat x;
	vmsa_pa_t pa = { 0 };
	int a = vmsa_translate(&H.t, vmsa_va(va), &x);
	int b = vmsa_translate_pa(&H.t, vmsa_va(va), &pa);

	assert_int_equal(a, want);
	assert_int_equal(b, want);
	if (want == VMSA_OK)
		assert_int_equal(x.pa.p, pa.p);
}

static void test_type3_without_pxn(void **state)
{
	(void)state;
	assert_int_equal(hx_init(&H, VMSA_FMT_V7, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000u),
	                          vmsa_pa(0x80000000u), 0x100000u, VMSA_DATA),
	                 VMSA_OK);
	agree(0x10012340u, VMSA_OK);
	/* The same section word with bit 0 set: type 0b11. */
	H.t.l1[0x100] |= 1u;
	agree(0x10012340u, VMSA_ERR_UNSUPPORTED);
}

static void test_type3_with_pxn(void **state)
{
	(void)state;
	assert_int_equal(hx_init(&H, VMSA_FMT_V7 | VMSA_FMT_PXN, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000u),
	                          vmsa_pa(0x80000000u), 0x100000u,
	                          VMSA_DATA | VMSA_PXN), VMSA_OK);
	assert_int_equal(H.t.l1[0x100] & 3u, 3u);
	agree(0x10012340u, VMSA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_type3_without_pxn, teardown),
		cmocka_unit_test_teardown(test_type3_with_pxn, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
