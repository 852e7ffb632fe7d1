/*
 * test_explain.c - the full reasons of vmsa_plan_ex / vmsa_map_regions_ex
 * and the one-line messages of vmsa_format_region_error: one case per
 * reason (ARGS, ATTRS, SIZE_ZERO, ALIGN of VA, PA and size, VA_WRAP,
 * PA_MAX, PA_4GB for both formats, PA_4GB_DOMAIN, OVERLAP with a region
 * and with the table, CONFLICT with a region and with a table, NOMEM with
 * the bytes, BUSY), each checked field by field and by its exact text;
 * the _ex calls return what the plain calls return.
 *
 * Not covered here: the build-time board check that prints these
 * messages (tests/qemu/board_check.sh).
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
#define NONE ((size_t)-1)
#define R(n, v, p, s, a) { .name = n, .va = VMSA_VA_C(v), .pa = VMSA_PA_C(p), \
                           .size = (s), .attrs = (a) }

/* Plan (t may be NULL) and map (on a fresh table with pool_bytes) the
 * array; both must fail with `code`, the same index and the same text. */
static void expect(vmsa_fmt_t fmt, size_t pool_bytes, bool map_only,
                   const struct vmsa_region *r, size_t n, int code,
                   uint32_t why, size_t index, const char *text,
                   struct vmsa_region_error *out)
{
	struct hx h;
	struct hx_snap s;
	struct vmsa_plan p;
	struct vmsa_region_error e, e2;
	char buf[320], buf2[320];
	size_t bad = NONE;

	assert_int_equal(hx_init(&h, fmt, pool_bytes), VMSA_OK);
	if (!map_only) {
		assert_int_equal(vmsa_plan_ex(NULL, fmt, r, n, &p, &e), code);
		assert_int_equal(vmsa_plan(NULL, fmt, r, n, &p, &bad), code);
		assert_int_equal(e.index, bad);
	}
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_map_regions_ex(&h.t, r, n, &e2), code);
	assert_true(hx_snap_same(&h, &s));
	hx_snap_free(&s);
	if (!map_only) {
		vmsa_format_region_error(&e, buf, sizeof(buf));
		vmsa_format_region_error(&e2, buf2, sizeof(buf2));
		assert_string_equal(buf, buf2);
	}
	vmsa_format_region_error(&e2, buf2, sizeof(buf2));
	print_message("  %s\n", buf2);
	assert_int_equal(e2.code, code);
	assert_int_equal(e2.why, why);
	assert_int_equal(e2.index, index);
	assert_string_equal(buf2, text);
	if (out)
		*out = e2;
	hx_free(&h);
}

static void test_explain_shape(void **state)
{
	(void)state;
	struct vmsa_region_error e;
	const struct vmsa_region a[] = {
		R("ram", 0x60000000, 0x60000000, 128 * MB, VMSA_DATA),
		R("uart", 0x10009000, 0x10009800, 4 * KB, VMSA_DEVICE),
	};
	expect(VMSA_FMT_V7, 0, false, a, 2, VMSA_ERR_ALIGN, VMSA_WHY_ALIGN_PA, 1,
	       "region 1 \"uart\" PA 0x10009800 is not a multiple of 4KB: "
	       "VMSA_ERR_ALIGN", &e);
	assert_int_equal(e.granule, 4 * KB);
	assert_int_equal(e.addr, 0x10009800);
	const struct vmsa_region b[] = {
		R("flash", 0x40000400, 0x40000400, 4 * KB, VMSA_RODATA),
	};
	expect(VMSA_FMT_V7, 0, false, b, 1, VMSA_ERR_ALIGN, VMSA_WHY_ALIGN_VA, 0,
	       "region 0 \"flash\" VA 0x40000400-0x40001400 VA 0x40000400 is "
	       "not a multiple of 4KB: VMSA_ERR_ALIGN", NULL);
	const struct vmsa_region c[] = {
		R("dma", 0x40000000, 0x40000000, 0x1e00, VMSA_MT_WRITEBACK | VMSA_RW),
	};
	expect(VMSA_FMT_V5, 0, false, c, 1, VMSA_ERR_ALIGN, VMSA_WHY_ALIGN_SIZE, 0,
	       "region 0 \"dma\" size 0x00001e00 is not a multiple of 1KB: "
	       "VMSA_ERR_ALIGN", &e);
	assert_int_equal(e.granule, KB);
	const struct vmsa_region d[] = {
		R("z", 0x40000000, 0x40000000, 0, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 0, false, d, 1, VMSA_ERR_INVAL, VMSA_WHY_SIZE_ZERO, 0,
	       "region 0 \"z\" VA 0x40000000-0x40000000 has size 0: "
	       "VMSA_ERR_INVAL", NULL);
	const struct vmsa_region f[] = {
		R("x", 0x40000000, 0x40000000, MB, VMSA_DATA | VMSA_EXEC),
		R("y", 0x50000000, 0x50000000, MB, VMSA_DATA | VMSA_PXN),
	};
	expect(VMSA_FMT_V7, 0, false, f, 1, VMSA_ERR_INVAL, VMSA_WHY_ATTRS, 0,
	       "region 0 \"x\" VA 0x40000000-0x40100000 attributes 0x00000325 "
	       "are invalid for format 0x00000001: VMSA_ERR_INVAL", NULL);
	expect(VMSA_FMT_V7, 0, false, f + 1, 1, VMSA_ERR_UNSUPPORTED,
	       VMSA_WHY_ATTRS, 0,
	       "region 0 \"y\" VA 0x50000000-0x50100000 attributes 0x00000525 "
	       "cannot be expressed in format 0x00000001: "
	       "VMSA_ERR_UNSUPPORTED", NULL);
}

static void test_explain_range(void **state)
{
	(void)state;
	const struct vmsa_region a[] = {
		R("top", 0xfff00000, 0x80000000, 2 * MB, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 0, false, a, 1, VMSA_ERR_RANGE, VMSA_WHY_VA_WRAP, 0,
	       "region 0 \"top\" VA 0xfff00000-0x100100000 size 0x00200000 runs "
	       "past the 4GB VA space: VMSA_ERR_RANGE", NULL);
	const struct vmsa_region b[] = {
		R("far", 0x40000000, 0xffff000000ull, 32 * MB, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 0, false, b, 1, VMSA_ERR_RANGE, VMSA_WHY_PA_MAX, 0,
	       "region 0 \"far\" VA 0x40000000-0x42000000 PA 0xffff000000-"
	       "0x10001000000 passes 2^40 (40-bit PA): VMSA_ERR_RANGE", NULL);
	const struct vmsa_region c[] = {
		R("hi", 0x40000000, 0x100100000ull, 16 * MB, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 0, false, c, 1, VMSA_ERR_RANGE, VMSA_WHY_PA_4GB, 0,
	       "region 0 \"hi\" VA 0x40000000-0x41000000 PA 0x100100000-"
	       "0x101100000 passes 4GB, which only supersections reach: VA, PA "
	       "and size must be multiples of 16MB: VMSA_ERR_RANGE", NULL);
	const struct vmsa_region d[] = {
		R("hi", 0x40000000, 0x100000000ull, 16 * MB,
		  VMSA_MT_WRITEBACK | VMSA_RW),
	};
	expect(VMSA_FMT_V5, 0, false, d, 1, VMSA_ERR_RANGE, VMSA_WHY_PA_4GB, 0,
	       "region 0 \"hi\" VA 0x40000000-0x41000000 PA 0x100000000-"
	       "0x101000000 passes 4GB, which ARMv5 cannot output: "
	       "VMSA_ERR_RANGE", NULL);
	const struct vmsa_region e[] = {
		R("hi", 0x40000000, 0x100000000ull, 16 * MB,
		  VMSA_DATA | VMSA_DOMAIN(2)),
	};
	expect(VMSA_FMT_V7, 0, false, e, 1, VMSA_ERR_UNSUPPORTED,
	       VMSA_WHY_PA_4GB_DOMAIN, 0,
	       "region 0 \"hi\" VA 0x40000000-0x41000000 PA 0x100000000-"
	       "0x101000000 passes 4GB, which only supersections reach, and they "
	       "have no domain: D2 is not D0: VMSA_ERR_UNSUPPORTED", NULL);
}

static void test_explain_overlap_conflict(void **state)
{
	(void)state;
	struct vmsa_region_error e;
	const struct vmsa_region a[] = {
		R("rom", 0x00000000, 0x00000000, MB, VMSA_RODATA),
		R("uart", 0x10009000, 0x10009000, 4 * KB, VMSA_DEVICE),
		R("dev", 0x10000000, 0x10000000, 16 * KB, VMSA_DEVICE),
		R("ram", 0xc0000000, 0x60000000, 64 * MB, VMSA_DATA),
		R("ram-high", 0xc0000000, 0x60000000, 128 * MB, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 64 * KB, false, a, 5, VMSA_ERR_OVERLAP,
	       VMSA_WHY_OVERLAP_REGION, 4,
	       "region 4 \"ram-high\" VA 0xc0000000-0xc8000000 overlaps region 3 "
	       "\"ram\" VA 0xc0000000-0xc4000000 from VA 0xc0000000: "
	       "VMSA_ERR_OVERLAP", &e);
	assert_int_equal(e.other, 3);
	assert_int_equal(e.addr, 0xc0000000);
	/* Partly: from the later start. */
	const struct vmsa_region b[] = {
		R("a", 0x40000000, 0x40000000, 3 * MB, VMSA_DATA),
		R("b", 0x40200000, 0x40200000, 2 * MB, VMSA_DATA),
	};
	expect(VMSA_FMT_V7, 0, false, b, 2, VMSA_ERR_OVERLAP,
	       VMSA_WHY_OVERLAP_REGION, 1,
	       "region 1 \"b\" VA 0x40200000-0x40400000 overlaps region 0 \"a\" "
	       "VA 0x40000000-0x40300000 from VA 0x40200000: VMSA_ERR_OVERLAP",
	       NULL);
	/* Domain 1 and 0 pages in one MB. */
	const struct vmsa_region c[] = {
		R("gic", 0x1e000000, 0x1e000000, 8 * KB, VMSA_DEVICE),
		R("scu", 0x1e010000, 0x1e010000, 4 * KB, VMSA_DEVICE | VMSA_DOMAIN(1)),
	};
	expect(VMSA_FMT_V7, 4 * KB, false, c, 2, VMSA_ERR_CONFLICT,
	       VMSA_WHY_CONFLICT_REGION, 1,
	       "region 1 \"scu\" VA 0x1e010000-0x1e011000 has D1, but its pages in "
	       "the MB at VA 0x1e000000 share one second-level table with region "
	       "0 \"gic\" VA 0x1e000000-0x1e002000 (D0): domain, NS and PXN are "
	       "per table: VMSA_ERR_CONFLICT", NULL);
}

static void test_explain_against_table(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_region_error e;
	char buf[320];
	assert_int_equal(hx_init(&h, VMSA_FMT_V7 | VMSA_FMT_PXN, 4 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10003000), vmsa_pa(0x10003000),
	                          4 * KB, VMSA_DEVICE | VMSA_NS), VMSA_OK);
	const struct vmsa_region a[] = {
		R("mmio", 0x10000000, 0x10000000, 64 * KB, VMSA_DEVICE | VMSA_NS),
	};
	assert_int_equal(vmsa_map_regions_ex(&h.t, a, 1, &e), VMSA_ERR_OVERLAP);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "region 0 \"mmio\" VA 0x10000000-0x10010000 "
	                    "overlaps what the table already maps at VA "
	                    "0x10003000: VMSA_ERR_OVERLAP");
	const struct vmsa_region b[] = {
		R("pxn", 0x10080000, 0x10080000, 4 * KB, VMSA_DEVICE),
	};
	assert_int_equal(vmsa_plan_ex(&h.t, 0, b, 1, &(struct vmsa_plan){ 0 }, &e),
	                 VMSA_ERR_CONFLICT);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "region 0 \"pxn\" VA 0x10080000-0x10081000 has "
	                    "D0, but its pages in the MB at VA 0x10000000 share "
	                    "one second-level table with pages already mapped "
	                    "(D0 NS): domain, NS and PXN are per table: "
	                    "VMSA_ERR_CONFLICT");
	assert_int_equal(e.why, VMSA_WHY_CONFLICT_TABLE);
	assert_int_equal(e.other_attrs, VMSA_NS);
	/* NOMEM: two more tables, the pool (4KB, one unit used) has 3KB. */
	const struct vmsa_region c[] = {
		R("a", 0x20000000, 0x20000000, 4 * KB, VMSA_DATA),
		R("b", 0x20100000, 0x20100000, 4 * KB, VMSA_DATA),
		R("c", 0x20200000, 0x20200000, 4 * KB, VMSA_DATA),
		R("d", 0x20300000, 0x20300000, 4 * KB, VMSA_DATA),
	};
	assert_int_equal(vmsa_map_regions_ex(&h.t, c, 4, &e), VMSA_ERR_NOMEM);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "regions need 4KB of second-level tables (peak), "
	                    "the pool has 3KB free (region 3 \"d\" VA "
	                    "0x20300000-0x20301000 is the first that does not "
	                    "fit): VMSA_ERR_NOMEM");
	assert_int_equal(e.need, 4 * KB);
	assert_int_equal(e.have, 3 * KB);
	/* BUSY: an L1 table entry outside the pool. */
	h.l1[0x300] = 0x00001001u;
	const struct vmsa_region d[] = {
		R("busy", 0x30000000, 0x30000000, 4 * KB, VMSA_DATA),
	};
	assert_int_equal(vmsa_map_regions_ex(&h.t, d, 1, &e), VMSA_ERR_BUSY);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "region 0 \"busy\" VA 0x30000000-0x30001000 needs "
	                    "the MB at VA 0x30000000, whose L1 entry points to a "
	                    "table outside the pool: VMSA_ERR_BUSY");
	/* Success, bad arguments, truncation. */
	assert_int_equal(vmsa_map_regions_ex(&h.t, NULL, 0, &e), VMSA_OK);
	assert_int_equal(e.why, VMSA_WHY_NONE);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "regions fit: VMSA_OK");
	struct vmsa_table z = { 0 };
	assert_int_equal(vmsa_map_regions_ex(&z, a, 1, &e), VMSA_ERR_INVAL);
	assert_int_equal(e.why, VMSA_WHY_ARGS);
	assert_int_equal(e.index, NONE);
	assert_int_equal(vmsa_plan_ex(NULL, 7, a, 1, &(struct vmsa_plan){ 0 }, &e),
	                 VMSA_ERR_INVAL);
	assert_int_equal(e.why, VMSA_WHY_ARGS);
	vmsa_format_region_error(&e, buf, sizeof(buf));
	assert_string_equal(buf, "bad arguments: table (vmsa_table_check), format, "
	                    "region array or result pointer: VMSA_ERR_INVAL");
	assert_int_equal(vmsa_format_region_error(&e, buf, 8), 7);
	assert_string_equal(buf, "bad arg");
	assert_int_equal(vmsa_format_region_error(&e, NULL, 8), 0);
	assert_int_equal(vmsa_map_regions_ex(&h.t, a, 1, NULL), VMSA_ERR_OVERLAP);
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_shape),
		cmocka_unit_test(test_explain_range),
		cmocka_unit_test(test_explain_overlap_conflict),
		cmocka_unit_test(test_explain_against_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
