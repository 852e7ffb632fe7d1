/*
 * engine.c - layer 2: the table struct and what every engine file uses:
 * vmsa_init (its argument checks and fields, which vmsa_adopt shares) and
 * the flags, the entry of writing calls (lock and table
 * check), the W^X debug hook, requests (validated mappings), the greedy
 * runs of granules and the lookup of the granule at a VA.
 *
 * Does not cover: writing (map.c, op.c, merge.c), maintenance (maint.c),
 * descriptor bits (the format modules).
 */
#include "engine.h"

/* Enter a writing call (src/engine/guard.c: lock, re-entry check, sequence
 * count), then check in constant time what of the pool the call relies
 * on: with VMSA_TF_SMP another CPU's writer changes the bitmap and
 * used_units under the lock, so this is read once the lock is held. The
 * allocator never reads a bit past pool_units but bits32 reads the whole
 * last word: no bit may be set there. That the bitmap counts used_units
 * units is kept by construction (every allocation and free changes both)
 * and checked in full by vmsa_table_check, not on every call: counting
 * the bitmap is O(pool). */
int vmsa_enter(struct vmsa_table *t, uint32_t *fl)
{
	uint32_t n;
	int err = vmsa_guard_enter(t, fl);

	if (err != VMSA_OK)
		return err;
	/* The caller checked the fields (vmsa_table_ok) before calling. */
	n = t->pool_units;
	if (t->used_units > n || ((n % 32) != 0 && t->used[n / 32] >> (n % 32)))
		return vmsa_guard_exit(t, *fl, VMSA_ERR_INVAL);
	return VMSA_OK;
}

/*
 * The W^X debug option (vmsa_set_wx_check, src/report/wxcheck.c): after a
 * successful change, callers test VMSA_TF_CHECK_WX and only then come
 * here. The check is reached through t->wx_check, so a firmware that
 * never turns the option on links none of it (nor the policy checker).
 */
void vmsa_wx_after(struct vmsa_table *t, uint32_t call, uint32_t va,
                     uint64_t size, uint64_t pa, vmsa_attr_t attrs)
{
	struct vmsa_call c;

	if (t->wx_check == NULL)
		return;
	c.call = call;
	c.va.v = va;
	c.size = size;
	c.pa.p = pa;
	c.attrs = attrs;
	t->wx_check(t, &c);
}

int vmsa_init_args(const struct vmsa_format *format, struct vmsa_table *t,
                   vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                   vmsa_pa_t pool_pa, size_t pool_bytes)
{
	if (format == NULL || format != vmsa_format_of(fmt)) /* not linked */
		return VMSA_ERR_UNSUPPORTED;
	if (t == NULL || l1 == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (pool_bytes != 0 && pool == NULL)
		return VMSA_ERR_INVAL;
	if (pool_bytes / UNIT_SIZE > VMSA_POOL_MAX_UNITS)
		return VMSA_ERR_INVAL;
	if (((uintptr_t)l1 & (TOP_ALIGN - 1)) ||
	    (l1_pa.p & (TOP_ALIGN - 1)))
		return VMSA_ERR_ALIGN;
	if ((pool_bytes & (UNIT_SIZE - 1)) ||
	    ((uintptr_t)pool & (UNIT_SIZE - 1)) ||
	    (pool_pa.p & (UNIT_SIZE - 1)))
		return VMSA_ERR_ALIGN;
	/* Bounded before subtracting: no sum may wrap (l1_pa near 2^64). */
	if (l1_pa.p > FOUR_GB - TOP_BYTES || pool_pa.p > FOUR_GB ||
	    pool_bytes > FOUR_GB - pool_pa.p)
		return VMSA_ERR_RANGE;
	return VMSA_OK;
}

void vmsa_init_fields(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
                      vmsa_pa_t l1_pa, void *pool, vmsa_pa_t pool_pa,
                      size_t pool_bytes)
{
	/* Field by field: a compound literal would be a memset call. */
	t->flags = 0;
	t->seq = 0;
	t->wx_check = NULL;
	t->wx_fn = NULL;
	t->wx_arg = NULL;
	t->wx_breaks = 0;
	t->used_units = 0;
	vmsa_fill32(t->used, VMSA_POOL_MAX_UNITS / 32, 0);
	vmsa_fill32(t->scratch, VMSA_POOL_MAX_UNITS / 32, 0);
	vmsa_tmpl_clear(t);
	t->l1 = l1;
	t->l1_pa = l1_pa;
	t->pool = pool;
	t->pool_pa = pool_pa;
	t->pool_units = (uint32_t)(pool_bytes / UNIT_SIZE);
	t->fmt = fmt;
	/* The caller checked them (vmsa_init_args, vmsa_adopt): sealed. */
	t->seal = vmsa_table_seal(t);
}

int vmsa_init_fmt(const struct vmsa_format *format, struct vmsa_table *t,
                  vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                  vmsa_pa_t pool_pa, size_t pool_bytes)
{
	int err;

	VMSA_TO_ENGINE(fmt == VMSA_FMT_LPAE, init, VMSA_ERR_UNSUPPORTED,
	               format, t, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	err = vmsa_init_args(format, t, fmt, l1, l1_pa, pool, pool_pa,
	                     pool_bytes);
	if (err != VMSA_OK)
		return err;
	vmsa_init_fields(t, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	vmsa_fill((dw_t *)(void *)l1, TOP_ENTRIES, 0);
	vmsa_sync(t, (dw_t *)(void *)l1, TOP_ENTRIES);
#if VMSA_ENG_LPAE
	/* Long descriptors: level 1 above the four tables, for good. */
	vmsa_le_level1(l1, l1_pa.p);
	vmsa_sync(t, (dw_t *)(void *)((uint8_t *)l1 + VMSA_LPAE_L1_OFFSET), 4);
#endif
	return VMSA_OK;
}

void vmsa_set_flags(struct vmsa_table *t, uint32_t set, uint32_t clear)
{
	if (vmsa_table_ok(t, false) == VMSA_OK)
		t->flags = (t->flags | set) & ~clear;
}

int vmsa_find(const struct vmsa_table *t, uint32_t va, struct gran *g)
{
	uint32_t idx = top_index(va), i;
	tpa_t tpa;
	dw_t w = vmsa_top(t)[idx], *l2;
	vmsa_fmt_t fmt = t->fmt;
	struct vmsa_leaf lf;
	bool fine = false;
	int err;

	g->level = 1;
	g->l2 = NULL;
	g->tattrs = 0;
	g->attrs = 0;
	if (!vmsa_fmt_l1_table(fmt, w, &fine, &tpa)) {
		err = vmsa_fmt_leaf(fmt, 1, false, w, &lf);
		i = idx & ~(lf.reps - 1);       /* a supersection's first */
		g->entry = &vmsa_top(t)[i];
		g->word = w;
		g->size = lf.kind == VMSA_KIND_FAULT ? TOP_SIZE : lf.size;
	} else {
		l2 = vmsa_pool_table(t, tpa, fine, NULL);
		if (l2 == NULL) {
			g->kind = VMSA_KIND_FAULT;
			g->word = w;
			return VMSA_ERR_BUSY;
		}
		i = vmsa_fmt_l2_index(va, fine);
		err = vmsa_fmt_leaf(fmt, 2, fine, l2[i], &lf);
		g->level = 2;
		g->l2 = l2;
		g->word = l2[i];
		g->tattrs = vmsa_fmt_l1_table_attrs(fmt, w);
		g->size = lf.kind == VMSA_KIND_FAULT ? (fine ? SZ_1K : SZ_4K) :
		          lf.size;
		g->entry = &l2[i & ~(lf.reps - 1)];
	}
	g->kind = err == VMSA_OK ? lf.kind : VMSA_KIND_FAULT;
	g->fine = fine;
	g->va = va & ~(g->size - 1);
	g->nrep = lf.reps;
	g->pa = lf.pa;
	return err;
}

int vmsa_lookup(const struct vmsa_table *t, uint32_t va, struct gran *g)
{
	int err = vmsa_find(t, va, g);

	if (err != VMSA_OK || g->kind == VMSA_KIND_FAULT)
		return err;
	return vmsa_fmt_leaf_attrs(t->fmt, g->kind, g->fine, g->word,
	                           g->tattrs, &g->attrs);
}

int vmsa_req_check(vmsa_fmt_t fmt, vmsa_va_t va, vmsa_pa_t pa,
                   uint64_t size, struct req *q)
{
	uint32_t g = min_granule(fmt);

	if (size == 0)
		return VMSA_ERR_INVAL;
	if ((va.v | pa.p | size) & (g - 1))
		return VMSA_ERR_ALIGN;
	if (size > VMSA_VA_SPAN - va.v)         /* no overflow for any size */
		return VMSA_ERR_RANGE;
	if (pa.p >= VMSA_PA_MAX || size > VMSA_PA_MAX - pa.p)
		return VMSA_ERR_RANGE;
	if (!VMSA_ENG_LPAE && pa.p + size > FOUR_GB) {
		/* Only supersections output PA[39:32]: the whole request
		 * must be supersections. */
		if (fmt_v5(fmt))
			return VMSA_ERR_RANGE;
		if ((va.v | pa.p | size) & (SZ_16M - 1))
			return VMSA_ERR_RANGE;
		if (!q->tm.super_ok)
			return VMSA_ERR_UNSUPPORTED;
	}
	q->va = va.v;
	q->pa = pa.p;
	q->size = size;
	return VMSA_OK;
}

void vmsa_next_run_search(bool super_ok, uint32_t va, uint64_t pa,
                          uint64_t end, struct run *r)
{
	/*
	 * The largest granule whose size both addresses are aligned to and
	 * the rest holds: the smaller of two logarithms, the alignment of
	 * va | pa (trailing zeros; every size divides 16MB, so pa's bits
	 * past 32 do not matter) and the rest's (its highest set bit). Then
	 * the run goes up to the next boundary of the next larger granule,
	 * if that one could be used there (va and pa agree modulo its size):
	 * from there on it is.
	 *
	 *   log2 >= | 24 (super_ok) | 20      | 16    | 12    | else
	 *   kind    | supersection  | section | large | small | tiny
	 *   larger  | -             | super*  | sect  | large | small
	 *   (* only with super_ok)
	 */
	uint64_t rem = end - va, lim = end;
	uint32_t x = va | (uint32_t)pa, al, fit, sh, big;

	al = x != 0 ? ctz32(x) : 32;
	fit = (rem >> 32) != 0 ? 32 : 31u - (uint32_t)__builtin_clz((uint32_t)rem);
	if (fit < al)
		al = fit;
	if (VMSA_ENG_LPAE) {
		/* Long descriptors: blocks of one top entry, pages (the
		 * request is 4KB-aligned). */
		if (al >= TOP_SHIFT) {
			r->kind = KIND_TOP;
			sh = TOP_SHIFT;
			big = 0;
		} else {
			r->kind = VMSA_KIND_SMALL;
			sh = 12;
			big = TOP_SIZE;
		}
	} else if (al >= 24 && super_ok) {
		r->kind = VMSA_KIND_SUPERSECTION;
		sh = 24;
		big = 0;
	} else if (al >= 20) {
		r->kind = VMSA_KIND_SECTION;
		sh = 20;
		big = super_ok ? SZ_16M : 0;
	} else if (al >= 16) {
		r->kind = VMSA_KIND_LARGE;
		sh = 16;
		big = SZ_1M;
	} else if (al >= 12) {
		r->kind = VMSA_KIND_SMALL;
		sh = 12;
		big = SZ_64K;
	} else {
		r->kind = VMSA_KIND_TINY;
		sh = 10;
		big = SZ_4K;
	}
	r->gsz = 1u << sh;
	if (big != 0 && !((va ^ (uint32_t)pa) & (big - 1))) {
		uint64_t nb = ((uint64_t)va + big) & ~(uint64_t)(big - 1);

		if (nb < lim)
			lim = nb;
	}
	r->n = (uint32_t)((lim - va) >> sh);
}

