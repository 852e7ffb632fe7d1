/*
 * test_regidx.c - region arrays in any order: vmsa_map_regions and
 * vmsa_plan sort the array's indices by VA to look only at neighbours
 * (src/engine/regidx.c). Whatever the order, a failing array must name the
 * region that mapping the regions one by one in array order fails at,
 * with the same code, and a good array must translate as that one-by-one
 * build does. Random arrays of small regions packed into a few MBs
 * (shared tables, pages and sections, overlaps, invalid sizes), shuffled;
 * and arrays of 600 regions, sorted and not (past the index's capacity).
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
#include "../../src/engine/regidx.h"

#define KB 1024u
#define MB 0x100000u
#define NMAX 24u

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One random array of n regions in [0x40000000, +4MB): mostly disjoint
 * (laid out in VA order, then shuffled), sometimes one overlapping,
 * misaligned or empty region. */
static void make_array(uint64_t *seed, bool v5, struct vmsa_region *r,
                       size_t n)
{
	static const vmsa_attr_t at7[] = { VMSA_DATA, VMSA_RODATA, VMSA_DEVICE,
	                                   VMSA_DATA | VMSA_DOMAIN(1) };
	static const vmsa_attr_t at5[] = { VMSA_MT_WRITEBACK | VMSA_RW,
	                                   VMSA_MT_WRITETHROUGH | VMSA_RW };
	uint32_t g = v5 ? KB : 4 * KB, va = 0x40000000u;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t x = rnd(seed);
		uint32_t size = (x & 7) == 0 ? MB : g * (uint32_t)(1 + (x >> 3) % 48);
		uint32_t off = (x >> 12) % 4 == 0 ? g : 0;

		va += (uint32_t)((x >> 16) % 3) * g;
		if ((x & 7) == 0)
			va = (va + MB - 1) & ~(MB - 1);
		r[i].name = "r";
		r[i].va = vmsa_va(va);
		r[i].pa = vmsa_pa(va + 0x40000000u + off);
		r[i].size = size;
		r[i].attrs = v5 ? at5[(x >> 20) % 2] :
		             at7[(x >> 20) % 16 == 0 ? 3 : (x >> 24) % 3];
		va += size;
	}
	switch (rnd(seed) % 8) {
	case 0:         /* overlap with another region */
		r[rnd(seed) % n].va = r[rnd(seed) % n].va;
		break;
	case 1:         /* misaligned */
		r[rnd(seed) % n].size += 512;
		break;
	case 2:         /* empty */
		r[rnd(seed) % n].size = 0;
		break;
	default:
		break;
	}
	for (i = n; i > 1; i--) {
		size_t j = rnd(seed) % i;
		struct vmsa_region t = r[i - 1];
		r[i - 1] = r[j];
		r[j] = t;
	}
}

/* Second-level tables a good array takes from an empty table: one per MB
 * some region uses pages in (it does not cover the MB as a section). */
static unsigned page_mbs(const struct vmsa_region *r, size_t n)
{
	uint32_t seen[64] = { 0 };      /* MBs from 0x40000000 */
	unsigned count = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t lo = r[i].va.v, e = lo + r[i].size;
		for (uint64_t m = lo >> 20; m << 20 < e; m++) {
			uint32_t k = (uint32_t)m - 0x400u;
			if (lo <= m << 20 && e >= (m + 1) << 20 &&
			    ((r[i].va.v ^ r[i].pa.p) & (MB - 1)) == 0)
				continue;
			assert_true(k < 64 * 32);
			if (!(seen[k / 32] >> (k % 32) & 1u))
				count++;
			seen[k / 32] |= 1u << (k % 32);
		}
	}
	return count;
}

static void test_any_order_matches_one_by_one(void **state)
{
	(void)state;
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned fails = 0, oks = 0;

	for (unsigned f = 0; f < 2; f++) {
		struct hx a, b;
		assert_int_equal(hx_init(&a, fmts[f], 256 * KB), VMSA_OK);
		assert_int_equal(hx_init(&b, fmts[f], 256 * KB), VMSA_OK);
		for (unsigned it = 0; it < 1500; it++) {
			struct vmsa_region r[NMAX];
			size_t n = 2 + rnd(&seed) % (NMAX - 1), bad = 99, i;
			struct vmsa_plan p;
			size_t pbad = 99;
			int rc, prc, want = VMSA_OK;

			make_array(&seed, fmts[f] == VMSA_FMT_V5, r, n);
			assert_int_equal(hx_reinit(&a, fmts[f]), VMSA_OK);
			assert_int_equal(hx_reinit(&b, fmts[f]), VMSA_OK);
			rc = vmsa_map_regions(&a.t, r, n, &bad);
			prc = vmsa_plan(NULL, fmts[f], r, n, &p, &pbad);
			for (i = 0; i < n; i++) {
				want = vmsa_map(&b.t, r[i].va, r[i].pa, r[i].size,
				                r[i].attrs);
				if (want != VMSA_OK)
					break;
			}
			/* A region that overlaps an earlier one in a MB of
			 * another domain: the array reports the overlap
			 * first, a single map the table's domain. */
			if (rc == VMSA_ERR_OVERLAP && want == VMSA_ERR_CONFLICT)
				want = rc;
			if (rc != want || (rc != VMSA_OK && bad != i))
				fail_msg("fmt %#x it %u: map_regions %d at %zu, "
				         "one by one %d at %zu", fmts[f], it, rc,
				         bad, want, i);
			/* The dry run on the empty table judges alike. */
			assert_int_equal(prc, rc);
			if (rc != VMSA_OK) {
				assert_int_equal(pbad, bad);
				fails++;
				continue;
			}
			oks++;
			assert_int_equal(p.l2_tables, page_mbs(r, n));
			for (i = 0; i < n; i++) {
				for (uint64_t o = 0; o < r[i].size; o += r[i].size / 4) {
					struct vmsa_xlat xa, xb;
					vmsa_va_t v = vmsa_va(r[i].va.v + (uint32_t)o);
					assert_int_equal(vmsa_translate(&a.t, v, &xa), VMSA_OK);
					assert_int_equal(vmsa_translate(&b.t, v, &xb), VMSA_OK);
					assert_true(xa.pa.p == xb.pa.p);
					assert_int_equal(xa.attrs, xb.attrs);
					assert_true(xa.pa.p == r[i].pa.p + o);
				}
			}
		}
		hx_free(&a);
		hx_free(&b);
	}
	print_message("  %u arrays mapped, %u refused\n", oks, fails);
	assert_true(oks > 100 && fails > 100);
}

/* The index's order, from both of its sorts (insertion for short arrays,
 * heap beyond): every length up to its capacity, VAs drawn from a few
 * values (many ties) or from many, nearly sorted or not. The order must be
 * by VA, ties by array index, and a permutation. */
static void test_sort_orders(void **state)
{
	(void)state;
	static struct vmsa_region r[VMSA_REGIDX_MAX];
	static struct vmsa_regidx x;
	uint64_t seed = 0x5eed1234abcdull;

	for (size_t n = 2; n <= VMSA_REGIDX_MAX; n++) {
		for (unsigned kind = 0; kind < 3; kind++) {
			bool seen[VMSA_REGIDX_MAX] = { false };
			size_t i;

			for (i = 0; i < n; i++) {
				uint32_t va = kind == 0 ?
				        (uint32_t)(rnd(&seed) % 5) * MB :
				        kind == 1 ? (uint32_t)rnd(&seed) & ~0xfffu :
				        (uint32_t)(i * MB);
				r[i] = (struct vmsa_region){ .name = "s",
					.va = vmsa_va(va), .pa = vmsa_pa(0),
					.size = 4 * KB, .attrs = VMSA_DEVICE };
			}
			if (kind == 2)  /* sorted, then a few out of place */
				for (i = 0; i < 3; i++) {
					size_t a = rnd(&seed) % n, b = rnd(&seed) % n;
					struct vmsa_region t = r[a];
					r[a] = r[b];
					r[b] = t;
				}
			vmsa_regidx_build(&x, r, n);
			for (i = 0; i < n; i++) {
				size_t k = vmsa_regidx_at(&x, i);

				assert_true(k < n && !seen[k]);
				seen[k] = true;
				if (i > 0) {
					size_t p = vmsa_regidx_at(&x, i - 1);

					assert_true(r[p].va.v < r[k].va.v ||
					            (r[p].va.v == r[k].va.v && p < k));
				}
			}
		}
	}
}

/* Past the index's capacity: an unsorted array of 600 regions takes the
 * exact scans, a sorted one the index without a copy; both judge as the
 * small arrays do. */
static void test_long_arrays(void **state)
{
	(void)state;
	enum { N = 600 };
	static struct vmsa_region r[N];
	struct vmsa_plan p;
	size_t bad = 0, i;
	struct hx h;

	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * KB), VMSA_OK);
	for (i = 0; i < N; i++) {
		/* 600 pages, 12 a MB with gaps: 50 MBs of tables. */
		uint32_t va = 0x40000000u + (uint32_t)(i / 12) * MB +
		              (uint32_t)(i % 12) * 8 * KB;
		r[i] = (struct vmsa_region){ .name = "p", .va = vmsa_va(va),
			.pa = vmsa_pa(va), .size = 4 * KB, .attrs = VMSA_DEVICE };
	}
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, r, N, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables, 50);
	/* Reversed (unsorted, past VMSA_REGIDX_MAX): the same plan. */
	for (i = 0; i < N / 2; i++) {
		struct vmsa_region t = r[i];
		r[i] = r[N - 1 - i];
		r[N - 1 - i] = t;
	}
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, r, N, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables, 50);
	assert_int_equal(vmsa_map_regions(&h.t, r, N, &bad), VMSA_OK);
	/* The last region moved onto another: it is the one named. */
	r[N - 1].va = r[7].va;
	assert_int_equal(hx_reinit(&h, VMSA_FMT_V7), VMSA_OK);
	assert_int_equal(vmsa_map_regions(&h.t, r, N, &bad), VMSA_ERR_OVERLAP);
	assert_int_equal(bad, N - 1);
	assert_int_equal(vmsa_plan(NULL, VMSA_FMT_V7, r, N, &p, &bad),
	                 VMSA_ERR_OVERLAP);
	assert_int_equal(bad, N - 1);
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_orders),
		cmocka_unit_test(test_any_order_matches_one_by_one),
		cmocka_unit_test(test_long_arrays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
