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
#include "refmodel.h"

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

/* The pool units reserve_pool marked in use for no table: the engine
 * never takes them, and they are given back before vmsa_table_check,
 * which rightly refuses a unit held for no table. */
static uint32_t reserved[VMSA_POOL_MAX_UNITS / 32];

static void unreserve(struct hx *h)
{
	for (unsigned w = 0; w < VMSA_POOL_MAX_UNITS / 32; w++) {
		assert_int_equal(h->t.used[w] & reserved[w], reserved[w]);
		h->t.used[w] &= ~reserved[w];
		h->t.used_units -= (uint32_t)__builtin_popcount(reserved[w]);
		reserved[w] = 0;
	}
}

/* Map r, planned as p, over the existing pieces m[0..nm): it succeeds,
 * every 1KB translates as the pieces say, and the new tables in use are
 * the plan's end counts. *vb, *va: the window's tables before, after. */
static void map_planned(struct hx *h, struct piece *m, size_t nm,
                        const struct vmsa_region *r, size_t n,
                        const struct vmsa_plan *p, const char *what,
                        struct l1view *vb, struct l1view *va)
{
	unsigned tables, units;
	size_t bad;

	l1_view(h, vb);
	if (vmsa_map_regions(&h->t, r, n, &bad) != VMSA_OK)
		fail_msg("%s: refused with the planned %u units free (%u fine "
		         "tables)", what, p->pool_units, p->l2_fine);
	check_xlat(h, m, add_regions(m, nm, r, n), what);
	unreserve(h);
	assert_int_equal(vmsa_table_check(&h->t), VMSA_OK);
	l1_view(h, va);
	new_in_use(vb, va, &tables, &units);
	if (tables != p->l2_tables_final || units != p->pool_units_final)
		fail_msg("%s: %u new tables (%u units) in use, plan final %u "
		         "(%u), peak %u", what, tables, units, p->l2_tables_final,
		         p->pool_units_final, p->l2_tables);
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
	unsigned used;
	char what[64];

	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 64 * KB), VMSA_OK);
	setup(&h, s, m);
	assert_int_equal(vmsa_plan(&h.t, 0, r, n, &p, &bad), VMSA_OK);
	assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
	used = st.l2_bytes / KB;
	hx_free(&h);

	assert_int_equal(hx_init(&h, VMSA_FMT_V5, (used + p.pool_units) * KB),
	                 VMSA_OK);
	nm = setup(&h, s, m);
	snprintf(what, sizeof(what), "setup %d, %zu regions (first at %#x)",
	         s, n, r[0].va.v);
	map_planned(&h, m, nm, r, n, &p, what, &vb, &va);
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

/* The MB is upgraded to fine (the regions meet at a 1KB boundary), then
 * filled uniformly and folded: the fine table is freed, and so is the
 * coarse one it replaced. The plan's end counts say so. */
static void test_final_after_upgrade_fold(void **state)
{
	(void)state;
	const struct vmsa_region r2[] = {
		reg(0x40010000, 0x80010000, 0x7400, A_WB),
		reg(0x40017400, 0x80017400, 0xe8c00, A_WB),
	};
	for (unsigned c = 0; c < 4; c++) {
		bool rev = c & 1, fine = c & 2;
		struct vmsa_region r[2] = { r2[rev], r2[!rev] };
		struct vmsa_plan p;
		struct vmsa_stats st;
		struct vmsa_xlat x;
		struct hx h;
		size_t bad;
		assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * KB), VMSA_OK);
		if (fine) {
			/* A fine MB whose first 64KB folded to a large page. */
			assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
			                 vmsa_pa(0x80000000), KB, A_WB), VMSA_OK);
			assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000400),
			                 vmsa_pa(0x80000400), 63 * KB, A_WB),
			                 VMSA_OK);
		} else {
			assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
			                 vmsa_pa(0x80000000), 64 * KB, A_WB),
			                 VMSA_OK);
		}
		assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x4000f000), &x),
		                 VMSA_OK);
		assert_int_equal(x.kind, VMSA_KIND_LARGE);
		assert_int_equal(vmsa_plan(&h.t, 0, r, 2, &p, &bad), VMSA_OK);
		assert_int_equal(p.l2_tables, fine ? 0 : 1);
		assert_int_equal(p.l2_fine, fine ? 0 : 1);
		assert_int_equal(p.pool_units, fine ? 0 : 4);
		assert_int_equal(vmsa_map_regions(&h.t, r, 2, &bad), VMSA_OK);
		assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40017400), &x),
		                 VMSA_OK);
		assert_int_equal(x.kind, VMSA_KIND_SECTION);
		assert_int_equal(x.pa.p, 0x80017400);
		assert_int_equal(vmsa_stats(&h.t, &st), VMSA_OK);
		/* No table was in use but the MB's own: none is now. */
		assert_int_equal(st.l2_tables, p.l2_tables_final);
		assert_int_equal(st.l2_bytes, p.pool_units_final * KB);
		assert_int_equal(st.l2_tables, 0);
		assert_int_equal(h.t.used_units, 0);
		hx_free(&h);
	}
}

/* Leave exactly `fines` whole free 4-unit blocks and `coarse` single free
 * units (each in a block otherwise in use, where coarse tables go first)
 * in a pool of whole blocks: every other unit is marked in use. less:
 * one unit fewer. The units the table uses stay as they are. */
static void reserve_pool(struct hx *h, unsigned fines, unsigned coarse,
                         bool less)
{
	struct vmsa_table *t = &h->t;
	unsigned fb = 0, cb = 0, used = 0;
	for (unsigned b = 0; b < t->pool_units / 4; b++) {
		uint32_t blk = t->used[b / 8] >> (4 * (b % 8)) & 15u, keep = 0;
		t->used[b / 8] |= 15u << (4 * (b % 8));
		reserved[b / 8] |= (15u & ~blk) << (4 * (b % 8));
		if (blk != 0)
			continue;
		if (fb < fines)
			keep = ++fb == fines && less && coarse == 0 ? 7u : 15u;
		else if (cb < coarse)
			keep = ++cb == coarse && less ? 0u : 1u;
		t->used[b / 8] &= ~(keep << (4 * (b % 8)));
		reserved[b / 8] &= ~(keep << (4 * (b % 8)));
	}
	assert_true(fb == fines && cb == coarse);
	for (unsigned w = 0; w < t->pool_units / 32; w++)
		used += (unsigned)__builtin_popcount(t->used[w]);
	t->used_units = used;
}

/* Random states of MBs 0x400-0x401 (existing mappings, some written with
 * merging off) and random arrays filling gaps between them, in random
 * order: the plan's peak is exactly what the call takes (enough when
 * exactly that is free, NOMEM and no change with one unit less), its end
 * counts are the new tables still in use, and every page lands where it
 * belongs. Fixed seed. */
static void test_exact_pool_random(void **state)
{
	(void)state;
	uint64_t seed = 0x5eed0fa11dec0de5ull;
	unsigned runs = 0, upgrades = 0, folds = 0, exist_folds = 0;
	struct hx h;
	struct hx_snap s0, s1;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 64 * KB), VMSA_OK);
	for (unsigned it = 0; it < 3000; it++) {
		struct piece pc[48], m[48];
		struct vmsa_region r[48];
		size_t npc = 0, nm = 0, n = 0, bad;
		uint32_t va = 0x40000000, end = 0x40200000;
		/* Cut the 2MB into pieces of 1KB to 1MB, biased to the page
		 * sizes' boundaries. */
		while (va < end && npc < 48) {
			uint64_t x = ref_rand(&seed);
			uint32_t len;
			switch (x % 8) {
			case 0: case 1: len = KB * (uint32_t)(1 + (x >> 3) % 3); break;
			case 2: case 3: len = 4 * KB * (uint32_t)(1 + (x >> 3) % 16); break;
			case 4: case 5: len = 64 * KB * (uint32_t)(1 + (x >> 3) % 4); break;
			case 6: len = (uint32_t)((x >> 3) % (MB / KB)) * KB + KB; break;
			default: len = MB - (va & (MB - 1)); break;
			}
			if (len > end - va)
				len = end - va;
			uint32_t sh = (x >> 20) % 10 == 0 ? KB :
			              (x >> 20) % 10 == 1 ? 4 * KB : 0;
			pc[npc++] = (struct piece){ va, (uint64_t)va + 0x40000000u + sh,
			                            len, (x >> 30) % 10 == 0 ? A_WT : A_WB };
			va += len;
		}
		/* Roles: existing (mapped first), region, or hole. */
		assert_int_equal(hx_reinit(&h, VMSA_FMT_V5), VMSA_OK);
		bool nomerge = ref_rand(&seed) % 4 == 0;
		if (nomerge)
			vmsa_set_flags(&h.t, VMSA_TF_NO_MERGE, 0);
		for (size_t k = 0; k < npc; k++) {
			unsigned role = (unsigned)(ref_rand(&seed) % 20);
			if (role < 6) {
				assert_int_equal(vmsa_map(&h.t, vmsa_va(pc[k].va),
				                 vmsa_pa(pc[k].pa), pc[k].size,
				                 pc[k].attrs), VMSA_OK);
				m[nm++] = pc[k];
			} else if (role < 16) {
				r[n++] = reg(pc[k].va, pc[k].pa, pc[k].size,
				             pc[k].attrs);
			}
		}
		vmsa_set_flags(&h.t, 0, VMSA_TF_NO_MERGE);
		if (n == 0)
			continue;
		for (size_t k = n - 1; k > 0; k--) {
			size_t j = (size_t)(ref_rand(&seed) % (k + 1));
			struct vmsa_region x = r[k];
			r[k] = r[j];
			r[j] = x;
		}
		struct vmsa_plan p;
		struct l1view vb, va2;
		assert_int_equal(vmsa_plan(&h.t, 0, r, n, &p, &bad), VMSA_OK);
		hx_snap_take(&h, &s0);
		reserve_pool(&h, p.l2_fine, p.l2_tables - p.l2_fine, false);
		char what[32];
		snprintf(what, sizeof(what), "random %u", it);
		map_planned(&h, m, nm, r, n, &p, what, &vb, &va2);
		for (unsigned k = 0; k < WIN_MBS; k++) {
			upgrades += vb.type[k] == VMSA_DESC_TABLE &&
			            va2.type[k] == VMSA_DESC_FINE_TABLE;
			exist_folds += is_table(vb.type[k]) &&
			               !is_table(va2.type[k]);
		}
		folds += p.l2_tables_final < p.l2_tables;
		runs++;
		if (p.pool_units > 0) {
			/* The state before the call, one unit short. */
			memcpy(h.l1, s0.l1, VMSA_L1_BYTES);
			memcpy(h.pool, s0.pool, h.pool_bytes);
			h.t = s0.t;
			reserve_pool(&h, p.l2_fine, p.l2_tables - p.l2_fine, true);
			hx_snap_take(&h, &s1);
			if (vmsa_map_regions(&h.t, r, n, &bad) != VMSA_ERR_NOMEM)
				fail_msg("it %u: mapped with %u units free, the plan "
				         "said %u", it, p.pool_units - 1, p.pool_units);
			assert_true(hx_snap_same(&h, &s1));
			hx_snap_free(&s1);
			memset(reserved, 0, sizeof(reserved));
		}
		hx_snap_free(&s0);
	}
	hx_free(&h);
	print_message("  %u arrays mapped: %u coarse tables upgraded, %u "
	              "existing tables folded, %u plans with tables the "
	              "merges free\n", runs, upgrades, exist_folds, folds);
	assert_true(upgrades > 0 && exist_folds > 0 && folds > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_keeps_pages),
		cmocka_unit_test(test_exact_pool_orders),
		cmocka_unit_test(test_final_after_upgrade_fold),
		cmocka_unit_test(test_exact_pool_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
