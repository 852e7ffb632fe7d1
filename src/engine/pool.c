/*
 * pool.c - layer 2: the second-level pool over caller memory: the bitmap
 * of 1KB units, allocation of coarse and fine tables, the table an L1
 * entry points to, new tables, and freeing at the end of a call.
 *
 * Does not cover: planning (a plan simulates pool_take on a copy of the
 * bitmap, plan.c), descriptor bits (the format modules).
 */
#include "engine.h"

/* ---- the second-level pool ---------------------------------------------
 * 1KB units tracked in a bitmap. A coarse table takes one unit, an ARMv5
 * fine table four units whose physical address is 4KB aligned. On ARMv5
 * coarse tables fill partly used 4-unit blocks first so that fine tables
 * find whole blocks; ARMv7 takes the first free unit. Allocation is deterministic: the planning pass runs the
 * same allocations on a copy of the bitmap, so the writing pass cannot
 * run out where the plan did not. Frees happen only at the end of an
 * operation, for the same reason.
 */
bool vmsa_bit_get(const uint32_t *bm, uint32_t u)
{
	return (bm[u / 32] >> (u % 32)) & 1u;
}

void vmsa_bit_set(uint32_t *bm, uint32_t u, bool v)
{
	if (v)
		bm[u / 32] |= 1u << (u % 32);
	else
		bm[u / 32] &= ~(1u << (u % 32));
}

/* First unit of the first 4KB-aligned block (by PA). */
static uint32_t block_origin(const struct vmsa_table *t)
{
	return (uint32_t)(((SZ_4K - (t->pool_pa.p & (SZ_4K - 1))) &
	                   (SZ_4K - 1)) / SZ_1K);
}

/* Bits [u, u + 32) of bitmap bm, bits past the bitmap reading as 0. */
static uint32_t bits32(const uint32_t *bm, uint32_t u)
{
	uint32_t i = u / 32, sh = u % 32, x = bm[i] >> sh;

	if (sh != 0 && i + 1 < VMSA_POOL_MAX_UNITS / 32)
		x |= bm[i + 1] << (32 - sh);
	return x;
}

/* The first free unit of bitmap bm's n units, taken, or UINT32_MAX: a
 * bitmap word at a time from the pool's start. */
static uint32_t first_free(uint32_t *bm, uint32_t n)
{
	uint32_t u, x;

	for (u = 0; u < n; u += 32) {
		x = ~bm[u / 32];
		if (n - u < 32)
			x &= (1u << (n - u)) - 1;
		if (x) {
			u += ctz32(x);
			vmsa_bit_set(bm, u, true);
			return u;
		}
	}
	return UINT32_MAX;
}

/* Allocate in bitmap bm; returns the unit or UINT32_MAX. ARMv7 has
 * coarse tables only, so no block needs keeping whole: the first free
 * unit, as ARMv7's plan counts them (plan.c, trial_fits), at the cost
 * of the used units before it, not of the pool. ARMv5: the pool is
 * scanned eight 4-unit blocks (one 32-bit window) at a time: in each
 * window, bit 4k of `any` / `all` says block k has some / all units in
 * use. */
uint32_t vmsa_pool_take(const struct vmsa_table *t, uint32_t *bm, bool fine)
{
	uint32_t o = block_origin(t), n = t->pool_units, u, k, x, vm, hit;

	if (!fmt_v5(t->fmt))
		return first_free(bm, n);
	for (u = o; u + 4 <= n; u += 32) {
		uint32_t nb = (n - u) / 4, any, all;

		x = bits32(bm, u);
		vm = nb >= 8 ? 0x11111111u : 0x11111111u & ((1u << (4 * nb)) - 1);
		any = (x | x >> 1 | x >> 2 | x >> 3) & vm;
		if (fine) {
			hit = ~any & vm;
			if (hit) {
				u += ctz32(hit);
				for (k = 0; k < 4; k++)
					vmsa_bit_set(bm, u + k, true);
				return u;
			}
			continue;
		}
		/* Coarse: a free unit in a partly used block. */
		all = x & x >> 1 & x >> 2 & x >> 3 & vm;
		hit = any & ~all;
		if (hit) {
			k = ctz32(hit);
			u += k + ctz32(~(x >> k));
			vmsa_bit_set(bm, u, true);
			return u;
		}
	}
	if (fine)
		return UINT32_MAX;
	/* Else a fringe unit outside whole blocks (below the origin, or past
	 * the last whole block), else the first free unit. */
	for (u = 0; u < o && u < n; u++) {
		if (!vmsa_bit_get(bm, u)) {
			vmsa_bit_set(bm, u, true);
			return u;
		}
	}
	for (u = n > o ? o + (n - o) / 4 * 4 : n; u < n; u++) {
		if (!vmsa_bit_get(bm, u)) {
			vmsa_bit_set(bm, u, true);
			return u;
		}
	}
	return first_free(bm, n);
}

static dw_t *unit_ptr(const struct vmsa_table *t, uint32_t u)
{
	return (dw_t *)(void *)(t->pool + (size_t)u * UNIT_SIZE);
}

static uint64_t unit_pa(const struct vmsa_table *t, uint32_t u)
{
	return t->pool_pa.p + (uint64_t)u * UNIT_SIZE;
}

/* The bitmap words pool_take can read: the pool's units, and one more
 * word for bits32's look-ahead. */
static uint32_t bitmap_words(const struct vmsa_table *t)
{
	uint32_t nw = (t->pool_units + 31) / 32 + 1;

	return nw > VMSA_POOL_MAX_UNITS / 32 ? VMSA_POOL_MAX_UNITS / 32 : nw;
}

/* A simulated allocation (a plan): on bitmap bm (the table's scratch), a
 * copy of the table's made at the first one (*copied), so a plan that
 * allocates nothing copies nothing. */
uint32_t vmsa_trial_take(const struct vmsa_table *t, uint32_t *bm,
                         bool *copied, bool fine)
{
	uint32_t i, nw;

	/* Only prepare simulates allocations, always with a bitmap and a
	 * flag (op_walk's commit, which passes NULL, never gets here). */
	/* cppcheck-suppress ctunullpointer */
	if (!*copied) {
		nw = bitmap_words(t);
		for (i = 0; i < nw; i++)
			bm[i] = t->used[i];
		*copied = true;
	}
	return vmsa_pool_take(t, bm, fine);
}

void vmsa_scratch_clear(struct vmsa_table *t)
{
	vmsa_fill32(t->scratch, bitmap_words(t), 0);
}

/* The table (fine: 4KB) at physical address pa, or NULL unless it lies
 * wholly in the pool (the translation's window, the same rule); *unit
 * (if not NULL) its first unit. */
dw_t *vmsa_pool_table(const struct vmsa_table *t, tpa_t pa, bool fine,
                      uint32_t *unit)
{
	const dw_t *p;

	if (!vmsa_pool_window(t, pa, fine, &p))
		return NULL;
	if (unit)
		*unit = (uint32_t)(pa - (uint32_t)t->pool_pa.p) / UNIT_SIZE;
	return (dw_t *)(uintptr_t)p;
}

/* The table an L1 page-table descriptor points to (the format reads the
 * word), or NULL: on every merge and free. */
dw_t *vmsa_table_of(const struct vmsa_table *t, dw_t w, bool *fine,
                    uint32_t *unit)
{
	tpa_t pa;
	bool f;

	if (!vmsa_fmt_l1_table(t->fmt, w, &f, &pa))
		return NULL;
	*fine = f;
	return vmsa_pool_table(t, pa, f, unit);
}

/* A new zeroed table. The planning pass simulated this very allocation
 * on the same bitmap, so it succeeds. */
dw_t *vmsa_table_at(struct vmsa_table *t, uint32_t u, bool fine,
                    uint64_t *pa)
{
	dw_t *p;
	uint32_t n = L2_WORDS(fine);

	t->used_units += fine ? 4 : 1;
	p = unit_ptr(t, u);
	/* Zeroes: linked only after this, so no store needs to be one
	 * descriptor whole (long descriptors: 32-bit stores). */
	if (VMSA_ENG_LPAE)
		vmsa_fill32((uint32_t *)(void *)p, n * (sizeof *p / 4u), 0);
	else
		vmsa_fill(p, n, 0);
	vmsa_sync(t, p, n);
	*pa = unit_pa(t, u);
	return p;
}

dw_t *vmsa_new_table(struct wctx *w, bool fine, uint64_t *pa)
{
	return vmsa_table_at(w->t, vmsa_pool_take(w->t, w->t->used, fine), fine, pa);
}

/*
 * A freed table's units are marked in the table's scratch bitmap (all 0
 * between calls; the call's dry run cleared what it used) and leave the
 * pool bitmap only at the end of the call, all at once: any number of
 * tables, one pass over the words marked.
 */
void vmsa_defer_free(struct wctx *w, uint32_t unit, bool fine)
{
	uint32_t k, n = fine ? 4 : 1;

	for (k = 0; k < n; k++)
		vmsa_bit_set(w->t->scratch, unit + k, true);
	if (unit / 32 < w->free_lo)
		w->free_lo = unit / 32;
	if ((unit + n - 1) / 32 > w->free_hi)
		w->free_hi = (unit + n - 1) / 32;
}

void vmsa_free_marked(struct wctx *w)
{
	struct vmsa_table *t = w->t;
	uint32_t i, x;

	for (i = w->free_lo; i <= w->free_hi; i++) {
		/* Only units the bitmap holds leave the count. */
		x = t->scratch[i] & t->used[i];
		t->used[i] &= ~x;
		t->used_units -= vmsa_bits_set(x);
		t->scratch[i] = 0;
	}
	w->free_lo = UINT32_MAX;
	w->free_hi = 0;
}

