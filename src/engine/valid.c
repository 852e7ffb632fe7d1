/*
 * valid.c - layer 2: the validation of a struct vmsa_table that every
 * public entry point taking a table runs before it reads anything the
 * struct points to.
 *
 * Covers: the seal vmsa_init sets over the fields it checked (every call
 * compares it: O(1)); the fields one by one, the format, the L1 and pool
 * pointers, their alignment and physical ranges (no check wraps), the pool
 * size against the bitmap (vmsa_table_check, and vmsa_adopt before it
 * seals); for writers the bitmap's count of used units;
 * vmsa_table_check alone (O(table)) also the bitmap against the tables the
 * L1 table references (vmsa_pool_ref, which vmsa_adopt runs in its
 * building mode to recover the bitmap).
 * Does not cover: whether the memory the pointers name is really there
 * (the library cannot know), the content of second-level tables (every
 * walk range-checks the table addresses it reads).
 */
#include "engine.h"


/*
 * The fields one by one, as vmsa_init_args accepted them. Fused, where
 * that keeps them exact, into one word of "bad" bits and one branch: the
 * alignment bits of the L1 VA and PA and of the pool PA, shifted to the
 * top (an OR of the shifted value, one instruction on ARM); the L1 PA's
 * high word (an L1 PA 16KB aligned is below 4GB - 16KB exactly when its
 * high word is 0) and the pool PA's above 1; the pool's end, summed in 64
 * bits, which wraps only where that high word already fails (pool_units,
 * at most VMSA_POOL_MAX_UNITS, keeps the size in 32 bits; a sum over a
 * unit count above that fails with it). Each test is as exact as a branch
 * of its own.
 */
int vmsa_table_fields_ok(const struct vmsa_table *t)
{
	uintptr_t l1, pool;
	uint64_t pool_pa, l1_pa, end;
	uint32_t n, bad;

	if (t == NULL)
		return VMSA_ERR_INVAL;
	l1 = (uintptr_t)t->l1;
	l1_pa = t->l1_pa.p;
	pool = (uintptr_t)t->pool;
	pool_pa = t->pool_pa.p;
	n = t->pool_units;
	end = pool_pa + (uint32_t)(n * UNIT_SIZE);
	bad = (uint32_t)l1 << 18 | (uint32_t)l1_pa << 18 |
	      (uint32_t)(l1_pa >> 32) | (uint32_t)pool_pa << (32 - UNIT_SHIFT) |
	      (uint32_t)(pool_pa >> 33);
	_Static_assert(TOP_ALIGN == 1u << 14,
	               "the shifts above keep the alignment bits");
	/* Long descriptors: the level-1 table after the 16KB, below 4GB. */
	if (TOP_BYTES > TOP_ALIGN)
		bad |= l1_pa > FOUR_GB - TOP_BYTES;
	bad |= l1 == 0;
	bad |= n > VMSA_POOL_MAX_UNITS;
	bad |= t->used_units > n;
	bad |= n != 0 &&
	       (pool == 0 || (uint32_t)pool << (32 - UNIT_SHIFT) != 0);
	bad |= end > FOUR_GB;
	if (bad != 0 || vmsa_fmt_status(t->fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	return VMSA_OK;
}

/*
 * Every call runs this: the seal (valid.h) stands for the fields
 * vmsa_init checked, so only what changes after init is read here.
 */
int vmsa_table_ok(const struct vmsa_table *t, bool bitmap)
{
	if (!vmsa_table_sealed(t))
		return VMSA_ERR_INVAL;
	return bitmap ? vmsa_table_bitmap_ok(t) : VMSA_OK;
}

int vmsa_table_bitmap_ok(const struct vmsa_table *t)
{
	uint32_t i, nw, cnt = 0;

	/* Writers allocate from the bitmap: it must count used_units units,
	 * none past the pool's end (at most 128 words). */
	if (t->used_units > t->pool_units)
		return VMSA_ERR_INVAL;
	nw = (t->pool_units + 31) / 32;
	for (i = 0; i < nw; i++)
		cnt += vmsa_bits_set(t->used[i]);
	if ((t->pool_units % 32) != 0 &&
	    (t->used[nw - 1] >> (t->pool_units % 32)) != 0)
		return VMSA_ERR_INVAL;
	return cnt == t->used_units ? VMSA_OK : VMSA_ERR_INVAL;
}

/*
 * The pool bitmap against the L1 table, in two modes, one L1 entry at a
 * time (vmsa_table_check walks the L1 table with it here, vmsa_adopt in
 * its own walk); an entry referencing a table in the pool holds its units
 * (four for an ARMv5 fine table):
 *  - check (build false): bm is a copy of the bitmap; each unit of every
 *    table is held, by that table alone, and no unit is held for no
 *    table. Each table's units are cleared as it is found, so a unit
 *    found twice (two tables over one) or not held fails, and whatever is
 *    left once every entry was seen (pool_refs_ok) was held for nothing.
 *    A table wholly outside the pool is not the pool's (the calls return
 *    VMSA_ERR_BUSY on its MB) and passes; one partly inside it overlaps
 *    units the pool may hand out.
 *    VMSA_ERR_INVAL on any of these.
 *  - build (vmsa_adopt): bm starts zeroed and each table's units are set
 *    as it is found, so bm ends as the bitmap the tables need. A unit
 *    found twice, or a table partly in the pool, is VMSA_ERR_CORRUPT; a
 *    table wholly outside the pool VMSA_ERR_BUSY (adopted tables are all
 *    the pool's).
 * Independent of pool.c, whose allocations and frees it checks.
 */
int vmsa_pool_ref(const struct vmsa_table *t, uint32_t *bm, dw_t w,
                  bool build)
{
	uint64_t lo = t->pool_pa.p;
	uint64_t hi = lo + (uint64_t)t->pool_units * UNIT_SIZE;
	uint32_t k, n, u, bit;
	tpa_t pa;
	int bad = build ? VMSA_ERR_CORRUPT : VMSA_ERR_INVAL;
	bool fine;

	if (!vmsa_fmt_l1_table(t->fmt, w, &fine, &pa))
		return VMSA_OK;
	n = fine ? 4 : 1;
	if ((uint64_t)pa + n * UNIT_SIZE <= lo || pa >= hi)
		return build ? VMSA_ERR_BUSY : VMSA_OK;
	if (pa < lo || (uint64_t)pa + n * UNIT_SIZE > hi)
		return bad;
	u = (uint32_t)(pa - lo) / UNIT_SIZE;
	for (k = u; k < u + n; k++) {
		bit = 1u << (k % 32);
		/* check: must be held; build: must not be yet. */
		if (((bm[k / 32] & bit) != 0) == build)
			return bad;
		bm[k / 32] ^= bit;
	}
	return VMSA_OK;
}

static int pool_refs_ok(const struct vmsa_table *t)
{
	uint32_t left[VMSA_POOL_MAX_UNITS / 32];
	uint32_t i, nw = (t->pool_units + 31) / 32;
	int err;

	for (i = 0; i < nw; i++)
		left[i] = t->used[i];
	for (i = 0; i < TOP_ENTRIES; i++) {
		if (vmsa_top(t)[i] == 0)   /* a fault in every format */
			continue;
		err = vmsa_pool_ref(t, left, vmsa_top(t)[i], false);
		if (err != VMSA_OK)
			return err;
	}
	for (i = 0; i < nw; i++)
		if (left[i] != 0)
			return VMSA_ERR_INVAL;
	return VMSA_OK;
}

int vmsa_table_check(const struct vmsa_table *t)
{
	int err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), check, VMSA_ERR_INVAL, t);
	err = vmsa_table_fields_ok(t);
	if (err == VMSA_OK)
		err = vmsa_table_ok(t, true);
#if VMSA_ENG_LPAE
	if (err == VMSA_OK && !vmsa_le_level1_ok(t->l1, t->l1_pa.p))
		err = VMSA_ERR_INVAL;
#endif
	return err != VMSA_OK ? err : pool_refs_ok(t);
}
