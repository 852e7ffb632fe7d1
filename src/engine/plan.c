/*
 * plan.c - layer 2: the dry run of a region array (vmsa_plan, and the
 * first pass of vmsa_map_regions): every region validated against the
 * table and the regions before it, the descriptors and tables it takes
 * counted, the pool allocations simulated on a copy of the bitmap, so
 * that the writing pass cannot fail where the plan did not.
 *
 * Does not cover: writing (map.c), the region index (regidx.c).
 */
#include "engine.h"

/* Does the mapping of [va, va + size) to pa use second-level pages in MB
 * mb, and tiny pages there? (The raw range: no struct req, so a scan
 * over an array's regions needs none on its stack.) */
bool vmsa_pages_in_mb(uint32_t va, uint64_t pa, uint64_t size, uint32_t mb,
                      bool *tiny)
{
	uint64_t lo = (uint64_t)mb << TOP_SHIFT, hi = lo + TOP_SIZE;
	uint64_t e = va + size;
	bool congruent = ((va ^ pa) & (TOP_SIZE - 1)) == 0;
	uint64_t head, tail;

	*tiny = false;
	if (e <= lo || va >= hi)
		return false;
	if (va <= lo && e >= hi && congruent)
		return false;
	if ((va ^ pa) & (SZ_4K - 1)) {
		*tiny = true;
		return true;
	}
	head = ((uint64_t)va + SZ_4K - 1) & ~(uint64_t)(SZ_4K - 1);
	tail = e & ~(uint64_t)(SZ_4K - 1);
	if (head > e)
		head = e;
	if (head > va && va < hi && head > lo)
		*tiny = true;
	if (tail < e && tail < hi && e > lo)
		*tiny = true;
	return true;
}

/* The template of attribute word a: made once per distinct word of the
 * call (an array names few), each further request copies it; a writer
 * looks in the table's cache first (src/engine/tcache.c). */
static int tmpl_of(struct plan_ctx *c, vmsa_attr_t a, struct tmpl *tm)
{
	struct tmpl_cache *tc = c->tc;
	uint32_t k;
	bool hit = true;
	int err;

	if (tc == NULL) {
		if (!c->trial)
			return make_tmpl(c->fmt, a, tm);
		err = vmsa_tmpl_get(c->t, a, tm, &hit);
		c->tmiss = !hit;
		return err;
	}
	for (k = 0; k < tc->ntc; k++)
		if (tc->tca[k] == a) {
			*tm = tc->tct[k];
			return VMSA_OK;
		}
	err = c->trial ? vmsa_tmpl_get(c->t, a, tm, &hit) :
	                 make_tmpl(c->fmt, a, tm);
	if (err != VMSA_OK)
		return err;
	/* Full: the oldest slot, in turn (a wrap, not a modulo: six slots
	 * would be a division, which freestanding code must not call). */
	if (tc->ntc < TMPL_CACHE) {
		k = tc->ntc++;
	} else {
		k = tc->tnext;
		tc->tnext = k + 1 < TMPL_CACHE ? k + 1 : 0;
	}
	tc->tca[k] = a;
	tc->tct[k] = *tm;
	tc->tmiss[k] = !hit;
	return VMSA_OK;
}

int vmsa_req_of(struct plan_ctx *c, size_t i, struct req *q, bool again)
{
	const struct vmsa_region *r = &c->r[i];
	int err = tmpl_of(c, vmsa_smp_attrs(c->t, r->attrs), &q->tm);

	if (err != VMSA_OK)
		return err;
	if (again)              /* prepare checked the range in this call */
		return vmsa_req_range(c, r, q, true);
	/* Its own frame is off the map's deepest path: the check direct. */
	return vmsa_req_check(c->fmt, r->va, r->pa, r->size, q);
}

/* Not inlined: its 64-bit arguments stay out of vmsa_plan_all's frame,
 * which is on the deepest stack path of every map. */
__attribute__((noinline))
int vmsa_req_check_range(const struct plan_ctx *c, const struct vmsa_region *r,
                         struct req *q)
{
	return vmsa_req_check(c->fmt, r->va, r->pa, r->size, q);
}

/* Is the region index in use? */
static bool indexed(const struct plan_ctx *c)
{
	return c->idx != NULL && c->idx->ok;
}

static bool region_touches_mb(const struct vmsa_region *r, uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << TOP_SHIFT;

	return r->va.v < lo + TOP_SIZE && (uint64_t)r->va.v + r->size > lo;
}

/* The candidates for the regions touching MB mb: with the index, from
 * the first sorted position ending above the MB, until one starts past
 * it (mb_scan_at); without, the whole array. */
static size_t mb_scan_from(struct plan_ctx *c, uint32_t mb)
{
	if (!indexed(c))
		return 0;
	/* Neighbouring regions ask for the same MB: remember the last. */
	if (c->from_mb != mb) {
		c->from_mb = mb;
		c->from_pos = vmsa_regidx_from(c->idx,
		                               (uint64_t)mb << TOP_SHIFT);
	}
	return c->from_pos;
}

/* Region at scan position p for MB mb, or SIZE_MAX past the candidates. */
static size_t mb_scan_at(const struct plan_ctx *c, uint32_t mb, size_t p)
{
	size_t j;

	if (p >= c->n)
		return SIZE_MAX;
	if (!indexed(c))
		return p;
	j = vmsa_regidx_at(c->idx, p);
	return c->r[j].va.v >= ((uint64_t)mb << TOP_SHIFT) + TOP_SIZE ?
	       SIZE_MAX : j;
}

/* Of the other regions of the array: does one before index i use pages
 * in mb (the first such is *first), does any use tiny pages there. Only
 * regions whose range touches mb are looked at, by
 * their raw ranges, not validated again: those before i passed already,
 * and an invalid one after i fails the call, so what it would change here
 * (the counts and the pool simulation) is never reported. */
void vmsa_mb_sharers(struct plan_ctx *c, size_t i, uint32_t mb,
                       bool *earlier, size_t *first, bool *any_tiny)
{
	size_t j, p;
	bool tiny;

	*earlier = false;
	for (p = mb_scan_from(c, mb); (j = mb_scan_at(c, mb, p)) != SIZE_MAX;
	     p++) {
		const struct vmsa_region *rj = &c->r[j];

		if (j == i || !region_touches_mb(rj, mb) ||
		    !vmsa_pages_in_mb(rj->va.v, rj->pa.p, rj->size, mb, &tiny))
			continue;
		/* The index visits in VA order: keep the lowest index. */
		if (j < i && (!*earlier || j < *first)) {
			*earlier = true;
			*first = j;
		}
		if (tiny)
			*any_tiny = true;
	}
}

/*
 * Only the first region with pages in an MB plans its table, so the
 * call's new-table bits (newtab) answer "none before i" at once where
 * the MB's bit is clear, and the last table planned (a sorted array, or
 * neighbours listed together) answers "this one", its attributes
 * compared here; otherwise the regions sharing the MB are scanned
 * (vmsa_mb_sharers) and *first is the one the caller compares with.
 * Without newtab (no bits kept), the memo and the scan alone; a bit left
 * set by mistake costs a scan, never a wrong answer.
 */
int vmsa_mb_taken(struct plan_ctx *c, size_t i, uint32_t mb,
                  const struct req *q, bool *earlier, size_t *first)
{
	bool tiny = false;

	*earlier = false;
	*first = SIZE_MAX;
	if (c->newtab != NULL && !vmsa_bit_get(c->newtab, mb))
		return VMSA_OK;
	if (c->take_mb == mb) {
		*earlier = true;
		return c->take_tattrs != q->tm.tattrs ? VMSA_ERR_CONFLICT :
		                                        VMSA_OK;
	}
	vmsa_mb_sharers(c, i, mb, earlier, first, &tiny);
	return VMSA_OK;
}

/*
 * Will one more table fit in the pool, after the ones the call took so
 * far? Out of pool is remembered by the caller (the first region that
 * did not fit) and validation goes on, so that any region's own error is
 * reported first (vmsa_plan, which simulates no pool, reports the same).
 * The answer comes from the bitmap the allocator will take from, never
 * from the count used_units (kept by construction, checked in full by
 * vmsa_table_check): whatever the count says, commit's allocations cannot
 * fail. ARMv7 has coarse tables only, one unit each, and the allocator
 * hands out any free unit: the call fits if the bitmap holds as many
 * free units as it takes tables, counted a bitmap word at a time as the
 * tables are asked for (from the pool's start, where the allocator
 * takes units: typically one word, the whole pool only when it is
 * nearly full). ARMv5's fine tables need whole 4-unit blocks: its
 * allocations are simulated on a copy of the bitmap (*bm).
 */
static bool trial_fits(struct plan_ctx *c, bool fine)
{
	uint32_t n, u, x;

	if (c->bm != NULL)
		return vmsa_trial_take(c->t, c->bm, &c->bm_copied, fine) !=
		       UINT32_MAX;
	n = c->t->pool_units;
	while (c->pool_free == 0) {
		u = c->pool_scan * 32;
		if (u >= n)
			return false;
		x = ~c->t->used[c->pool_scan++];
		if (n - u < 32)         /* no unit past the pool's end */
			x &= (1u << (n - u)) - 1;
		c->pool_free = vmsa_bits_set(x);
	}
	c->pool_free--;
	return true;
}

/* A new table for MB mb (new_l1: it gets a new L1 descriptor; an upgrade
 * rewrites the existing one). */
void vmsa_plan_take(struct plan_ctx *c, uint32_t mb, bool fine, bool new_l1)
{
	if (c->newtab != NULL)
		vmsa_bit_set(c->newtab, mb, true);
	if (c->newfine != NULL)
		vmsa_bit_set(c->newfine, mb, fine);
	c->plan.descriptors += new_l1;
	c->plan.l2_tables++;
	c->plan.l2_fine += fine;
	c->plan.pool_units += fine ? 4 : 1;
	if (c->trial && !trial_fits(c, fine) && c->nomem_at == SIZE_MAX)
		c->nomem_at = c->cur;
}

/* Prepare region i: validate it, check it against the regions before it,
 * then walk it (map.c) against the table. */
static int plan_one(struct plan_ctx *c, size_t i)
{
	const struct vmsa_region *ri = &c->r[i];
	size_t j;
	int err;

	err = vmsa_req_next(c, i, false);
	if (err != VMSA_OK)
		return err;
	c->last_i = i;
	/* Regions before i were validated already: raw ranges suffice.
	 * With the index, no two ranges of the array overlap. */
	for (j = 0; j < i && !indexed(c); j++)
		if (ri->va.v < (uint64_t)c->r[j].va.v + c->r[j].size &&
		    c->r[j].va.v < (uint64_t)ri->va.v + ri->size)
			return VMSA_ERR_OVERLAP;
	return vmsa_map_walk(c, i, &c->last, NULL);
}

int vmsa_plan_all(struct plan_ctx *c, size_t *bad)
{
	size_t i;
	int err;

	c->nomem_at = SIZE_MAX;
	/* A short array keeps the plain scans (a few pairs, cheaper than
	 * sorting and searching). */
	if (c->idx != NULL && c->n >= VMSA_REGIDX_MIN)
		vmsa_regidx_build(c->idx, c->r, c->n);
	else
		c->idx = NULL;
	c->from_mb = UINT32_MAX;
	for (i = 0; i < c->n; i++) {
		c->cur = i;
		err = plan_one(c, i);
		if (err != VMSA_OK) {
			if (bad)
				*bad = i;
			return err;
		}
	}
	if (c->nomem_at != SIZE_MAX) {
		if (bad)
			*bad = c->nomem_at;
		return VMSA_ERR_NOMEM;
	}
	return VMSA_OK;
}

/* Word of kind k (a page of q's template) for va in q's mapping, and do
 * the entries of the granule at p hold it? */
static bool page_is(const struct req *q, const dw_t *p, bool fine,
                    enum vmsa_kind k, uint32_t va)
{
	/* va may lie below q: modulo 2^64, a negative PA is past 4GB (past
	 * 2^40: long descriptors). */
	uint64_t pa = (uint64_t)va + q->pa - q->va;
	dw_t t = k == VMSA_KIND_LARGE ? q->tm.large :
	         k == VMSA_KIND_SMALL ? q->tm.small : q->tm.tiny;

	return pa < (VMSA_ENG_LPAE ? VMSA_PA_MAX : FOUR_GB) &&
	       p[0] == (t | (opa_t)pa) &&
	       vmsa_run_continues(p, 1, vmsa_fmt_reps(k, fine), 0);
}

/* Is each part of MB mb's existing table (t's) that no region of the
 * array writes (the clear bits of cov, one per 1KB) already what the
 * array's merges need to fold the MB, as q would have written it? They
 * look only at the groups a region's ends touch (vmsa_map_regions): a
 * 64KB group no region touches must be a large page, a 4KB group none
 * touches in a 64KB group one does a small page, a 1KB part none touches
 * in a 4KB group one does a tiny page. */
static bool rest_fits(const struct plan_ctx *c, uint32_t mb,
                      const uint32_t *cov, const struct req *q)
{
	uint32_t g, s, k, lo = mb << TOP_SHIFT;
	tpa_t tpa;
	dw_t *l2;
	bool fine;

	if (c->t == NULL || !vmsa_fmt_l1_table(c->fmt, vmsa_top(c->t)[mb],
	                                       &fine, &tpa) ||
	    (l2 = vmsa_pool_table(c->t, tpa, fine, NULL)) == NULL)
		return false;
	if (VMSA_ENG_LPAE) {
		/* Pages only, 4KB-aligned (a nibble of cov each): a page
		 * no region writes must be q's already. */
		for (s = 0; s < TOP_SIZE / SZ_4K; s++)
			if (((cov[s / 8] >> (s % 8 * 4)) & 15u) == 0 &&
			    !page_is(q, &l2[s], fine, VMSA_KIND_SMALL,
			             lo + s * SZ_4K))
				return false;
		return true;
	}
	/* cov[g] covers 32KB: two words per 64KB group, one byte per 4KB. */
	for (g = 0; g < 16; g++) {
		uint32_t va = lo + g * SZ_64K;
		uint64_t x = cov[2 * g] | (uint64_t)cov[2 * g + 1] << 32;

		if (x == UINT64_MAX)
			continue;
		if (x == 0) {
			if (!page_is(q, &l2[vmsa_fmt_l2_index(va, fine)], fine,
			             VMSA_KIND_LARGE, va))
				return false;
			continue;
		}
		for (s = 0; s < 16; s++, x >>= 4) {
			uint32_t sva = va + s * SZ_4K;

			if ((x & 15u) == 15u)
				continue;
			if ((x & 15u) == 0) {
				if (!page_is(q, &l2[vmsa_fmt_l2_index(sva, fine)],
				             fine, VMSA_KIND_SMALL, sva))
					return false;
				continue;
			}
			for (k = 0; k < 4; k++)
				if (!(x >> k & 1u) &&
				    !page_is(q, &l2[vmsa_fmt_l2_index(sva + k *
				             SZ_1K, fine)], fine, VMSA_KIND_TINY,
				             sva + k * SZ_1K))
					return false;
		}
	}
	return true;
}

/* Will MB mb, which got a new table, fold back into a section once the
 * whole array is written? The merge pass folds a table whose entries
 * all map one 1MB-aligned output block with one set of attributes: the
 * regions touching the MB (they do not overlap: validated) must have the
 * same attributes and the same VA-to-PA offset, 1MB-aligned, and cover
 * what the table did not map already as they would have (rest_fits). */
static bool mb_folds(struct plan_ctx *c, uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << TOP_SHIFT, hi = lo + TOP_SIZE;
	uint64_t covered = 0;
	uint32_t cov[TOP_SIZE / SZ_1K / 32], u;
	const struct req *q0 = NULL;
	struct req r0, tmp;
	size_t j, p;

	vmsa_fill32(cov, TOP_SIZE / SZ_1K / 32, 0);
	/* The result does not depend on the order the regions come in. */
	for (p = mb_scan_from(c, mb); (j = mb_scan_at(c, mb, p)) != SIZE_MAX;
	     p++) {
		/* Which of the two vmsa_req_of fills (an output). */
		/* cppcheck-suppress uninitvar */
		struct req *q = q0 == NULL ? &r0 : &tmp;
		uint64_t a, b;

		if (!region_touches_mb(&c->r[j], mb))
			continue;
		/* Every region was validated by the dry run before. */
		if (vmsa_req_of(c, j, q, true) != VMSA_OK)
			return false;
		a = q->va > lo ? q->va : lo;
		b = (uint64_t)q->va + q->size < hi ? (uint64_t)q->va + q->size :
		    hi;
		if (q0 == NULL) {
			q0 = q;
			if (((q->pa + (lo - q->va)) & (TOP_SIZE - 1)) != 0)
				return false;
		} else if (q->tm.attrs != q0->tm.attrs ||
		           q->pa - q->va != q0->pa - q0->va) {
			return false;
		}
		covered += b - a;
		for (u = (uint32_t)(a - lo) / SZ_1K; u < (b - lo) / SZ_1K; u++)
			vmsa_bit_set(cov, u, true);
	}
	return q0 != NULL &&
	       (covered == TOP_SIZE || rest_fits(c, mb, cov, q0));
}

/* Tables of the plan still in use once the array's own merges ran. */
static void plan_final(struct plan_ctx *c)
{
	uint32_t i, k, x;

	c->plan.l2_tables_final = c->plan.l2_tables;
	c->plan.pool_units_final = c->plan.pool_units;
	if (c->t != NULL && (c->t->flags & VMSA_TF_NO_MERGE))
		return;
	for (i = 0; i < TOP_ENTRIES / 32; i++) {
		for (x = c->newtab[i]; x != 0; x &= x - 1) {
			k = ctz32(x);
			if (!mb_folds(c, i * 32 + k))
				continue;
			c->plan.l2_tables_final--;
			c->plan.pool_units_final -=
				(c->newfine[i] >> k & 1u) ? 4 : 1;
		}
	}
}

void vmsa_plan_init(struct plan_ctx *c, const struct vmsa_table *t,
                    vmsa_fmt_t fmt, const struct vmsa_region *r, size_t n,
                    bool trial, struct vmsa_regidx *idx,
                    struct tmpl_cache *tc)
{
	c->t = t;
	c->fmt = fmt;
	c->r = r;
	c->n = n;
	c->trial = trial;
	c->cur = 0;             /* the region out of pool: the first, until
	                           the dry run walks the array */
	c->pool_free = 0;
	c->pool_scan = 0;
	c->bm_copied = false;
	c->bm = NULL;
	c->tmiss = false;
	c->plan = (struct vmsa_plan){ 0 };
	c->tc = tc;
	if (tc != NULL) {
		tc->ntc = 0;
		tc->tnext = 0;
	}
	c->last_i = SIZE_MAX;
	c->idx = idx;
	c->track = false;
	c->check = false;
	c->newtab = NULL;
	c->newfine = NULL;
	c->take_mb = UINT32_MAX;
	c->take_tattrs = 0;
}

int vmsa_plan_fmt(const struct vmsa_format *format, const struct vmsa_table *t,
                  vmsa_fmt_t fmt, const struct vmsa_region *regions,
                  size_t n, struct vmsa_plan *plan, size_t *bad)
{
	/* Only the dry run counts which tables the array's merges free: its
	 * bitmaps stay out of the context every map call puts on its stack. */
	uint32_t newtab[TOP_ENTRIES / 32], newfine[TOP_ENTRIES / 32];
	struct vmsa_regidx idx;
	struct tmpl_cache tc;
	struct plan_ctx c;
	int err;

	(void)format;   /* vmsa.h's vmsa_plan names it: that links it */
	VMSA_TO_ENGINE((t != NULL ? t->fmt : fmt) == VMSA_FMT_LPAE, plan,
	               VMSA_ERR_UNSUPPORTED, format, t, fmt, regions, n, plan,
	               bad);
	if ((regions == NULL && n != 0) || plan == NULL)
		return VMSA_ERR_INVAL;
	if (t != NULL && vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (t != NULL)
		fmt = t->fmt;
	if (vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	vmsa_plan_init(&c, t, fmt, regions, n, false, &idx, &tc);
	c.track = true;
	c.newtab = newtab;
	c.newfine = newfine;
	vmsa_fill32(newtab, TOP_ENTRIES / 32, 0);
	vmsa_fill32(newfine, TOP_ENTRIES / 32, 0);
	err = vmsa_plan_all(&c, bad);
	if (err == VMSA_OK) {
		plan_final(&c);
		*plan = c.plan;
	}
	return err;
}

