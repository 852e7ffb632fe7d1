/*
 * fuzz_lpae.c - what the differential fuzz target (fuzz_ops.c) checks of
 * long-descriptor tables (VMSA_FMT_LPAE) on its own, its bits decoded
 * here from the ARM ARM (B3.6.1), not by the library:
 *  - the level-3 table a level-2 word points to (table type 11, address
 *    bits 39:12, in the pool);
 *  - the pool scan after every call: level 1 still the four table
 *    descriptors vmsa_init wrote, no level-2 entry valid outside the
 *    checked ranges, every level-3 table in the pool, not empty, not
 *    referenced twice, its 4KB unit marked used (fuzz_check.c then
 *    compares the units used with those referenced, and vmsa_stats);
 *  - the greedy granules of a map: where the model's greedy split
 *    (ref_granule: 2MB where VA and PA are 2MB-aligned and 2MB remain,
 *    else 4KB) says block, the tables hold a block; where it says page, a
 *    page, or (unless VMSA_TF_NO_MERGE) a block that folded the 2MB entry
 *    because the model maps all of it uniformly.
 *
 * Does not cover: the page-by-page translation (fuzz_check.c, through
 * refmodel's LPAE walker), the calls (fuzz_calls.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include "refmodel.h"

#include "fuzz_int.h"

#define LP_TYPE        3ull
#define LP_VALID       1ull
#define LP_TABLE       3ull
#define LP_ADDR        0x000000fffffff000ull   /* 39:12 */
#define SZ_2M          0x200000u

static const uint64_t *top_table(void)
{
	return (const uint64_t *)(const void *)G.l1;
}

/* The pool's table at pa (NULL unless wholly in the pool), its unit. */
static const uint64_t *pool_table(const struct run *r, uint64_t pa,
                                  uint32_t *unit)
{
	uint64_t lo = r->t.pool_pa.p;

	if (pa < lo || pa + 0x1000u > lo + r->pool_bytes)
		return NULL;
	*unit = (uint32_t)((pa - lo) / 0x1000u);
	return (const uint64_t *)(const void *)(G.pool + (pa - lo));
}

const uint32_t *lpae_table_of(const struct run *r, uint64_t w, uint32_t *n)
{
	uint32_t u;

	*n = 1024;      /* 512 64-bit words */
	if ((w & LP_TYPE) != LP_TABLE)
		return NULL;
	return (const uint32_t *)(const void *)pool_table(r, w & LP_ADDR, &u);
}

static bool bit(const uint32_t *bm, uint32_t u)
{
	return (bm[u / 32] >> (u % 32)) & 1u;
}

void lpae_scan(struct run *r, uint32_t *ref, uint32_t *nref_out)
{
	const uint64_t *top = top_table();
	const uint64_t *l1 = top + VMSA_LPAE_L1_OFFSET / 8u;
	uint32_t nref = 0;

	for (uint32_t i = 0; i < 4; i++) {
		uint64_t want = (r->t.l1_pa.p + i * 0x1000u) | LP_TABLE;
		if (l1[i] != want)
			DIVERGE(r, "level 1 [%u] = %#" PRIx64 ", vmsa_init wrote "
			        "%#" PRIx64, i, l1[i], want);
	}
	for (uint32_t i = 0; i < r->tents; i++) {
		uint64_t w = top[i];
		uint32_t u;

		if (!r->checked[i] && (w & LP_VALID))
			DIVERGE(r, "level 2 [%u] (VA %#x) = %#" PRIx64 " outside "
			        "every mapped range", i, i << 21, w);
		if ((w & LP_TYPE) != LP_TABLE)
			continue;
		const uint64_t *l3 = pool_table(r, w & LP_ADDR, &u);
		if (!l3)
			DIVERGE(r, "level 2 [%u] = %#" PRIx64 " points outside "
			        "the pool", i, w);
		bool any = false;
		for (uint32_t k = 0; k < 512; k++)
			any |= (l3[k] & LP_VALID) != 0;
		if (!any)
			DIVERGE(r, "level 2 [%u]: empty level-3 table kept", i);
		if (bit(ref, u))
			DIVERGE(r, "pool unit %u (4KB) referenced twice", u);
		ref[u / 32] |= 1u << (u % 32);
		nref++;
		if (!bit(r->t.used, u))
			DIVERGE(r, "level 2 [%u] uses free pool unit %u", i, u);
	}
	*nref_out = nref;
}

/* Does the model map all of 2MB entry `e` with one set of attributes,
 * contiguously from a 2MB-aligned PA (what one block can hold)? */
static bool model_uniform(const struct run *r, uint32_t e)
{
	uint32_t va = e << 21;
	uint64_t pa0, pa;
	vmsa_attr_t a0, a;

	if (!ref_model_lookup(r->m, va, &pa0, &a0, NULL) || pa0 % SZ_2M)
		return false;
	for (uint32_t o = 0x1000u; o < SZ_2M; o += 0x1000u)
		if (!ref_model_lookup(r->m, va + o, &pa, &a, NULL) ||
		    a != a0 || pa != pa0 + o)
			return false;
	return true;
}

void lpae_check_greedy(struct run *r, uint32_t va, uint64_t pa,
                       uint64_t size)
{
	bool merge = !(r->t.flags & VMSA_TF_NO_MERGE);
	uint64_t v = va, p = pa, rem = size;
	int fold_e = -1;        /* the last entry found uniform */

	while (rem) {
		uint32_t g = ref_granule(r->fmt, 0, v, p, rem);
		struct ref_xlat x;
		int rc;

		if (!g)
			DIVERGE(r, "model: no granule at VA %#" PRIx64 " PA %#"
			        PRIx64 " after a successful map", v, p);
		rc = ref_walk(&r->t, (uint32_t)v, &x);
		if (rc != REF_WALK_OK)
			DIVERGE(r, "VA %#" PRIx64 " just mapped: walker %d", v,
			        rc);
		if (g == SZ_2M && x.kind != VMSA_KIND_BLOCK)
			DIVERGE(r, "VA %#" PRIx64 " PA %#" PRIx64 ": the greedy "
			        "split gives a 2MB block, the tables a %s", v, p,
			        vmsa_kind_name((enum vmsa_kind)x.kind));
		if (g != SZ_2M && x.kind != VMSA_KIND_SMALL) {
			uint32_t e = (uint32_t)(v >> 21);
			bool ok = merge && x.kind == VMSA_KIND_BLOCK &&
			          ((int)e == fold_e || model_uniform(r, e));
			if (!ok)
				DIVERGE(r, "VA %#" PRIx64 " PA %#" PRIx64 ": the "
				        "greedy split gives a 4KB page, the "
				        "tables a %s%s", v, p,
				        vmsa_kind_name((enum vmsa_kind)x.kind),
				        merge ? " (the model's 2MB is not "
				        "uniform)" : " under VMSA_TF_NO_MERGE");
			fold_e = (int)e;
		}
		v += g;
		p += g;
		rem -= g;
	}
}
