/*
 * test_v5plan.c - ARMv5 region arrays against tables already mapped:
 * small and tiny pages of several regions in one MB (the coarse table
 * becomes fine before any of them is written), pools sized exactly by
 * vmsa_plan's peak (enough; one unit less is VMSA_ERR_NOMEM with the
 * tables unchanged), and vmsa_plan's end counts where the array's merges
 * fold a table that was upgraded or already there. Checked by translating
 * every 1KB of the MBs involved, and by the tables the L1 entries point to
 * before and after the call.
 *
 * Not covered here: plans against empty tables (test_plan.c), ARMv7.
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

#define KB 1024u
#define MB 0x100000u
#define A_WB (VMSA_MT_WRITEBACK | VMSA_RW)
#define A_WT (VMSA_MT_WRITETHROUGH | VMSA_RW)
/* The MBs looked at: 0x3ff .. 0x402. */
#define WIN_MB0 0x3ffu
#define WIN_MBS 4u
#define WIN_LO (WIN_MB0 << 20)

/* A mapping the table should hold: the existing ones and the regions. */
struct piece {
	uint32_t va;
	uint64_t pa;
	uint32_t size;
	vmsa_attr_t attrs;
};

/* Every 1KB of the window translates as the pieces say (or not at all). */
static void check_xlat(const struct hx *h, const struct piece *m, size_t nm,
                       const char *what)
{
	static uint64_t want[WIN_MBS * MB / KB];
	for (size_t u = 0; u < WIN_MBS * MB / KB; u++)
		want[u] = UINT64_MAX;
	for (size_t k = 0; k < nm; k++)
		for (uint32_t off = 0; off < m[k].size; off += KB)
			want[(m[k].va + off - WIN_LO) / KB] = m[k].pa + off;
	for (size_t u = 0; u < WIN_MBS * MB / KB; u++) {
		uint32_t va = WIN_LO + (uint32_t)u * KB;
		vmsa_pa_t pa = { 0 };
		int rc = vmsa_translate_pa(&h->t, vmsa_va(va), &pa);
		if (want[u] == UINT64_MAX && rc != VMSA_ERR_NOTMAPPED)
			fail_msg("%s: VA %#x translates (%d, PA %#llx), nothing "
			         "maps it", what, va, rc, (unsigned long long)pa.p);
		if (want[u] != UINT64_MAX && (rc != VMSA_OK || pa.p != want[u]))
			fail_msg("%s: VA %#x: %d, PA %#llx, want %#llx", what, va,
			         rc, (unsigned long long)pa.p,
			         (unsigned long long)want[u]);
	}
}

/* The second-level tables of the window's MBs, read from the L1 words. */
struct l1view {
	uint8_t type[WIN_MBS];
	uint64_t pa[WIN_MBS];
};

static void l1_view(const struct hx *h, struct l1view *v)
{
	for (unsigned k = 0; k < WIN_MBS; k++) {
		struct vmsa_desc d;
		assert_int_equal(vmsa_l1_decode(h->fmt, h->l1[WIN_MB0 + k], &d),
		                 VMSA_OK);
		v->type[k] = d.type;
		v->pa[k] = d.pa.p;
	}
}

static bool is_table(uint8_t type)
{
	return type == VMSA_DESC_TABLE || type == VMSA_DESC_FINE_TABLE;
}

/* Tables in use after the call that were not there before: the call's
 * new tables still in use, what vmsa_plan's end counts describe. */
static void new_in_use(const struct l1view *b, const struct l1view *a,
                       unsigned *tables, unsigned *units)
{
	*tables = *units = 0;
	for (unsigned k = 0; k < WIN_MBS; k++) {
		if (!is_table(a->type[k]) ||
		    (b->type[k] == a->type[k] && b->pa[k] == a->pa[k]))
			continue;
		(*tables)++;
		*units += a->type[k] == VMSA_DESC_FINE_TABLE ? 4 : 1;
	}
}

static struct vmsa_region reg(uint32_t va, uint64_t pa, uint32_t size,
                              vmsa_attr_t attrs)
{
	struct vmsa_region r = { .name = "r", .va = vmsa_va(va),
	                         .pa = vmsa_pa(pa), .size = size,
	                         .attrs = attrs };
	return r;
}

/* The pieces of an array, after the existing ones in m[0..nm). */
static size_t add_regions(struct piece *m, size_t nm,
                          const struct vmsa_region *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		m[nm++] = (struct piece){ r[i].va.v, r[i].pa.p,
		                          (uint32_t)r[i].size, r[i].attrs };
	return nm;
}

/* The array writes small pages of the first region into the coarse table
 * while the second region's tiny page makes the MB fine: every page must
 * land where it belongs, in either order and against a fine MB too. */
static void test_upgrade_keeps_pages(void **state)
{
	(void)state;
	const struct vmsa_region r2[] = {
		reg(0x40010000, 0x80010000, 8 * KB, A_WB),
		reg(0x40020400, 0x80020400, KB, A_WB),
	};
	for (unsigned c = 0; c < 4; c++) {
		bool rev = c & 1, fine = c & 2;
		struct vmsa_region r[2] = { r2[rev], r2[!rev] };
		struct piece m[4] = { { 0x40000000, 0x80000000,
		                        fine ? KB : 4 * KB, A_WB } };
		struct vmsa_stats st;
		struct hx h;
		size_t bad;
		assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * KB), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(m[0].va), vmsa_pa(m[0].pa),
		                          m[0].size, A_WB), VMSA_OK);
		assert_int_equal(vmsa_map_regions(&h.t, r, 2, &bad), VMSA_OK);
		check_xlat(&h, m, add_regions(m, 1, r, 2), "upgrade");
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
		assert_int_equal(st.l2_tables, 1);
		assert_int_equal(st.l2_bytes, 4 * KB);
		/* The L1 entry, the existing page (a small page: 4 entries),
		 * 2 small pages of 4 entries and a tiny page. */
		assert_int_equal(st.descriptors, 1 + (fine ? 1 : 4) + 2 * 4 + 1);
		hx_free(&h);
	}
}

/* The existing state of an exact-pool case. */
enum setup { S_NONE, S_COARSE, S_FINE, S_SECTION, S_COUNT };

static size_t setup(struct hx *h, enum setup s, struct piece *m)
{
	static const struct piece e[S_COUNT] = {
		[S_COARSE] = { 0x40000000, 0x80000000, 4 * KB, A_WB },
		[S_FINE] = { 0x40000000, 0x80000000, KB, A_WB },
		[S_SECTION] = { 0x40100000, 0x80100000, MB, A_WB },
	};
	if (s == S_NONE)
		return 0;
	m[0] = e[s];
	assert_int_equal(vmsa_map(&h->t, vmsa_va(m[0].va), vmsa_pa(m[0].pa),
	                          m[0].size, m[0].attrs), VMSA_OK);
	return 1;
}

/* Plan r against the state s, then map it with a pool that has exactly
 * the plan's peak free (enough), and one unit less (NOMEM, nothing
 * written). The end counts are the new tables still in use. */
static void exact_case(enum setup s, const struct vmsa_region *r, size_t n)
{
	struct piece m[16];
	struct vmsa_plan p;
	struct vmsa_stats st;
	struct l1view vb, va;
	struct hx_snap sn;
	struct hx h;
	size_t bad, nm;
	unsigned used, tables, units;

	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 64 * KB), VMSA_OK);
	setup(&h, s, m);
	assert_int_equal(vmsa_plan(&h.t, 0, r, n, &p, &bad), VMSA_OK);
	assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
	used = st.l2_bytes / KB;
	hx_free(&h);

	assert_int_equal(hx_init(&h, VMSA_FMT_V5, (used + p.pool_units) * KB),
	                 VMSA_OK);
	nm = setup(&h, s, m);
	l1_view(&h, &vb);
	if (vmsa_map_regions(&h.t, r, n, &bad) != VMSA_OK)
		fail_msg("setup %d, %zu regions (first at %#x): refused with "
		         "the planned %u units free", s, n, r[0].va.v,
		         p.pool_units);
	check_xlat(&h, m, add_regions(m, nm, r, n), "exact pool");
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	l1_view(&h, &va);
	new_in_use(&vb, &va, &tables, &units);
	if (tables != p.l2_tables_final || units != p.pool_units_final)
		fail_msg("setup %d, %zu regions (first at %#x): %u new tables "
		         "(%u units) in use, plan final %u (%u)", s, n,
		         r[0].va.v, tables, units, p.l2_tables_final,
		         p.pool_units_final);
	hx_free(&h);

	if (p.pool_units == 0)
		return;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5,
	                         (used + p.pool_units - 1) * KB), VMSA_OK);
	setup(&h, s, m);
	hx_snap_take(&h, &sn);
	if (vmsa_map_regions(&h.t, r, n, &bad) != VMSA_ERR_NOMEM)
		fail_msg("setup %d, %zu regions (first at %#x): mapped with "
		         "%u units free, the plan said %u", s, n, r[0].va.v,
		         p.pool_units - 1, p.pool_units);
	assert_true(hx_snap_same(&h, &sn));
	hx_snap_free(&sn);
	hx_free(&h);
}

/* Every order of every subset of five regions mixing small, tiny and
 * large pages in MB 0x400, against an empty table, a coarse MB, a fine
 * MB and a section next to it. */
static void test_exact_pool_orders(void **state)
{
	(void)state;
	const struct vmsa_region all[5] = {
		reg(0x40010000, 0x80010000, 8 * KB, A_WB),       /* small */
		reg(0x40020400, 0x80020400, KB, A_WB),           /* tiny */
		reg(0x40030000, 0x80030000, 5 * KB, A_WB),       /* both */
		reg(0x40040000, 0x80040400, 3 * KB, A_WB),       /* tiny only */
		reg(0x40050000, 0x80050000, 64 * KB, A_WB),      /* large */
	};
	unsigned cases = 0;
	for (unsigned mask = 1; mask < 32; mask++) {
		size_t idx[5], n = 0;
		for (unsigned k = 0; k < 5; k++)
			if (mask >> k & 1)
				idx[n++] = k;
		/* Heap's algorithm would do; n <= 5: walk all n^n index
		 * tuples and keep the permutations. */
		unsigned total = 1;
		for (size_t k = 0; k < n; k++)
			total *= (unsigned)n;
		for (unsigned code = 0; code < total; code++) {
			struct vmsa_region r[5];
			unsigned seen = 0, x = code;
			bool perm = true;
			for (size_t k = 0; k < n; k++, x /= (unsigned)n) {
				unsigned j = x % (unsigned)n;
				perm = perm && !(seen >> j & 1);
				seen |= 1u << j;
				r[k] = all[idx[j]];
			}
			if (!perm)
				continue;
			for (enum setup s = S_NONE; s < S_COUNT; s++)
				exact_case(s, r, n);
			cases++;
		}
	}
	assert_int_equal(cases, 325);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_keeps_pages),
		cmocka_unit_test(test_exact_pool_orders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
