/*
 * valid.c - layer 2: the validation of a struct vmsa_table that every
 * public entry point taking a table runs before it reads anything the
 * struct points to.
 *
 * Covers: the cookie vmsa_init sets, the format, the L1 and pool pointers,
 * their alignment and physical ranges (no check wraps), the pool size
 * against the bitmap, and for writers the bitmap's count of used units.
 * Does not cover: whether the memory the pointers name is really there
 * (the library cannot know), the content of the tables (every walk
 * range-checks the table addresses it reads).
 */
#include "vmsa/desc.h"
#include "valid.h"

#define FOUR_GB ((uint64_t)1 << 32)

/* Set bits of x, without __builtin_popcount (a libgcc call on ARM). */
static uint32_t popcount32(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

int vmsa_table_ok(const struct vmsa_table *t, bool bitmap)
{
	if (t == NULL || t->magic != VMSA_TABLE_MAGIC)
		return VMSA_ERR_INVAL;
	if (vmsa_fmt_check(t->fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (t->l1 == NULL || ((uintptr_t)t->l1 & (VMSA_L1_BYTES - 1)) ||
	    (t->l1_pa.p & (VMSA_L1_BYTES - 1)) ||
	    t->l1_pa.p > FOUR_GB - VMSA_L1_BYTES)
		return VMSA_ERR_INVAL;
	if (t->pool_units > VMSA_POOL_MAX_UNITS ||
	    t->used_units > t->pool_units)
		return VMSA_ERR_INVAL;
	if (t->pool_units != 0 &&
	    (t->pool == NULL || ((uintptr_t)t->pool & (VMSA_L2_BYTES - 1))))
		return VMSA_ERR_INVAL;
	/* Written so that nothing wraps: pool_pa is first bounded by 4GB. */
	if ((t->pool_pa.p & (VMSA_L2_BYTES - 1)) || t->pool_pa.p > FOUR_GB ||
	    (uint64_t)t->pool_units * VMSA_L2_BYTES > FOUR_GB - t->pool_pa.p)
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
		cnt += popcount32(t->used[i]);
	if ((t->pool_units % 32) != 0 &&
	    (t->used[nw - 1] >> (t->pool_units % 32)) != 0)
		return VMSA_ERR_INVAL;
	return cnt == t->used_units ? VMSA_OK : VMSA_ERR_INVAL;
}

int vmsa_table_check(const struct vmsa_table *t)
{
	return vmsa_table_ok(t, true);
}
