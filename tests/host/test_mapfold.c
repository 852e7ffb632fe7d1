/*
 * test_mapfold.c - folding after a map: a group (4 tiny pages, 16 small,
 * a table of 16 large, 16 sections) mapped in four quarters, by vmsa_map
 * and by vmsa_map_regions, in every order of the quarters, folds into one
 * granule of the next size once its last quarter is written, whichever
 * quarter that is and whatever lies past the group. The map walker skips
 * the merge where the entries around a request's ends say no group can
 * fold (src/engine/map.c may_fold): this suite fails if that filter skips a
 * merge it must run.
 *
 * Protect the same way: a 64KB group of small pages with one run of them
 * read-only, protected back, folds into a large page wherever the run
 * lies and whatever lies past the group (src/engine/op.c op_may_fold
 * skips the merge where an entry of the group says it cannot fold).
 *
 * Not covered here: remap's folds (test_strict and the property suites),
 * the planner's count of folded tables (test_plan.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

#define KB 1024u
#define MB 0x100000u
#define WB_RW (VMSA_MT_WRITEBACK | VMSA_RW)
/* 16MB-aligned, identity: every group here is aligned in VA and PA. */
#define BASE 0x40000000u

/* Every order of four quarters (index: 4 * quarter written at step). */
static unsigned perms[24][4];

static void make_perms(void)
{
	unsigned n = 0;
	for (unsigned a = 0; a < 4; a++)
		for (unsigned b = 0; b < 4; b++)
			for (unsigned c = 0; c < 4; c++) {
				unsigned d = 6 - a - b - c;
				if (a == b || a == c || b == c || d > 3 ||
				    d == a || d == b || d == c)
					continue;
				perms[n][0] = a;
				perms[n][1] = b;
				perms[n][2] = c;
				perms[n][3] = d;
				n++;
			}
	assert_int_equal(n, 24);
}

/* Map the group [BASE + off, + size) in quarters in order p, one call a
 * quarter (by_array: each through vmsa_map_regions), with `other` mapped
 * first (a request past the group, or none); then the group is one
 * granule of kind want. */
static void quarters(struct hx *h, uint32_t off, uint32_t size,
                     const unsigned *p, bool by_array, uint32_t other,
                     enum vmsa_kind want)
{
	struct vmsa_stats st;
	struct vmsa_xlat x;
	uint32_t q = size / 4, va0 = BASE + off;

	assert_int_equal(hx_reinit(h, h->fmt), VMSA_OK);
	if (other != 0)
		assert_int_equal(vmsa_map(&h->t, vmsa_va(other),
		                          vmsa_pa(other), 4 * KB, WB_RW),
		                 VMSA_OK);
	for (unsigned k = 0; k < 4; k++) {
		uint32_t va = va0 + p[k] * q;
		if (by_array) {
			struct vmsa_region r = { .name = "q", .va = vmsa_va(va),
			                         .pa = vmsa_pa(va), .size = q,
			                         .attrs = WB_RW };
			assert_int_equal(vmsa_map_regions(&h->t, &r, 1, NULL),
			                 VMSA_OK);
		} else {
			assert_int_equal(vmsa_map(&h->t, vmsa_va(va), vmsa_pa(va),
			                          q, WB_RW), VMSA_OK);
		}
		/* Before the last quarter nothing can fold. */
		assert_int_equal(vmsa_translate(&h->t, vmsa_va(va), &x), VMSA_OK);
		if (k < 3)
			assert_int_not_equal(x.kind, want);
	}
	assert_int_equal(vmsa_translate(&h->t, vmsa_va(va0 + size - 1), &x),
	                 VMSA_OK);
	assert_int_equal(x.kind, want);
	assert_int_equal(x.base.v, va0);
	assert_int_equal(x.pa.p, va0 + size - 1);
	assert_int_equal(vmsa_table_check(&h->t), VMSA_OK);
	assert_int_equal(vmsa_stats(&h->t, &st), VMSA_OK);
	assert_int_equal(st.mapped, (uint64_t)size + (other != 0 ? 4 * KB : 0));
}

/* Each group size of fmt, inside BASE's 16MB group and (but the 16MB
 * one) not at its start, so that the entries around the group are
 * unmapped entries of the larger groups, in every order, by both entry
 * points, alone and with a page just past the group. */
static void every_order(vmsa_fmt_t fmt)
{
	struct {
		uint32_t off, size;
		enum vmsa_kind want;
		bool v7_only, v5_only;
	} g[] = {
		{ 5 * MB + 8 * KB, 4 * KB, VMSA_KIND_SMALL, false, true },
		{ 5 * MB + 0x30000u, 64 * KB, VMSA_KIND_LARGE, false, false },
		{ 6 * MB, MB, VMSA_KIND_SECTION, false, false },
		{ 0, 16 * MB, VMSA_KIND_SUPERSECTION, true, false },
	};
	struct hx h;

	make_perms();
	assert_int_equal(hx_init(&h, fmt, 64 * KB), VMSA_OK);
	for (unsigned i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		bool v5 = fmt == VMSA_FMT_V5;
		if ((g[i].v7_only && v5) || (g[i].v5_only && !v5))
			continue;
		for (unsigned k = 0; k < 24; k++)
			for (unsigned m = 0; m < 4; m++) {
				/* Past the group: nothing, or a page just
				 * after it. */
				uint32_t other = m >= 2 ? BASE + g[i].off +
				                 g[i].size : 0;
				quarters(&h, g[i].off, g[i].size, perms[k],
				         (m & 1) != 0, other, g[i].want);
			}
	}
	hx_free(&h);
}

static void test_fold_every_order_v7(void **state)
{
	(void)state;
	every_order(VMSA_FMT_V7);
}

static void test_fold_every_order_v5(void **state)
{
	(void)state;
	every_order(VMSA_FMT_V5);
}

/* Pages [p, p + n) of a 64KB group read-only, the others read-write
 * (past the group: nothing, or a read-write page that continues it);
 * protecting the run read-write folds the group into a large page. */
static void test_protect_folds_anywhere(void **state)
{
	const vmsa_attr_t rw = VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN;
	const vmsa_attr_t ro = VMSA_MT_WRITEBACK | VMSA_RO | VMSA_XN;
	const uint32_t va = 0x10230000u, pa = 0x40230000u;
	struct vmsa_xlat x;
	struct hx h;

	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * KB), VMSA_OK);
	for (uint32_t p = 0; p < 16; p++)
		for (uint32_t n = 1; p + n <= 16; n++)
			for (unsigned m = 0; m < 2; m++) {
				assert_int_equal(hx_reinit(&h, VMSA_FMT_V7),
				                 VMSA_OK);
				for (uint32_t k = 0; k < 16 + m; k++)
					assert_int_equal(vmsa_map(&h.t,
					    vmsa_va(va + k * 4 * KB),
					    vmsa_pa(pa + k * 4 * KB), 4 * KB,
					    k >= p && k < p + n ? ro : rw),
					    VMSA_OK);
				assert_int_equal(vmsa_translate(&h.t,
				                 vmsa_va(va), &x), VMSA_OK);
				/* All 16 read-only fold when mapped. */
				assert_int_equal(x.kind, n == 16 ?
				                 VMSA_KIND_LARGE : VMSA_KIND_SMALL);
				assert_int_equal(vmsa_protect(&h.t,
				                 vmsa_va(va + p * 4 * KB),
				                 n * 4 * KB, rw), VMSA_OK);
				assert_int_equal(vmsa_translate(&h.t,
				                 vmsa_va(va + p * 4 * KB), &x),
				                 VMSA_OK);
				if (x.kind != VMSA_KIND_LARGE)
					fail_msg("pages %u..%u, %s past the group: "
					         "no large page", p, p + n - 1,
					         m ? "a page" : "nothing");
			}
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_every_order_v7),
		cmocka_unit_test(test_fold_every_order_v5),
		cmocka_unit_test(test_protect_folds_anywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
