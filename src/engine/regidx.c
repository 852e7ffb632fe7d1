/*
 * src/engine/regidx.c - the region index: sorts a region array's indices by VA
 * (in place on the stack, no allocation: insertion sort for a board's
 * short array, heap sort, O(n log n) at worst, for longer ones),
 * checks in one sweep that no two ranges overlap, and finds the regions
 * near an address by binary search. Planning a region array uses it to
 * look at neighbours only (see vmsa_map_regions and vmsa_plan).
 */
#include "regidx.h"

/* A range's end for ordering: a size past the 32-bit VA space is invalid
 * (request validation rejects it), so clamp it and keep the sum exact. */
static uint64_t rend(const struct vmsa_region *r)
{
	uint64_t s = r->size > ((uint64_t)1 << 33) ? (uint64_t)1 << 33 : r->size;

	return (uint64_t)r->va.v + s;
}

/* Order by VA, then by index (the order is total: the sort is exact). */
static bool before(const struct vmsa_region *r, uint16_t a, uint16_t b)
{
	uint32_t va = r[a].va.v, vb = r[b].va.v;

	return va < vb || (va == vb && a < b);
}

static void sift(const struct vmsa_region *r, uint16_t *o, size_t at,
                 size_t n)
{
	for (;;) {
		size_t c = 2 * at + 1;
		uint16_t t;

		if (c >= n)
			return;
		if (c + 1 < n && before(r, o[c], o[c + 1]))
			c++;
		if (!before(r, o[at], o[c]))
			return;
		t = o[at];
		o[at] = o[c];
		o[c] = t;
		at = c;
	}
}

static void heap_sort(const struct vmsa_region *r, uint16_t *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		o[i] = (uint16_t)i;
	for (i = n / 2; i-- > 0; )
		sift(r, o, i, n);
	for (i = n; i-- > 1; ) {
		uint16_t t = o[0];

		o[0] = o[i];
		o[i] = t;
		sift(r, o, 0, i);
	}
}

/*
 * A board's array is short and mostly in VA order (a few regions listed
 * out of place): insertion sort is about linear there, where a heap sort
 * pays its n log n whatever the order (about 100 instructions a sift).
 * Each index goes in after every earlier index with a VA not above its
 * own: the order of before(), ties by index.
 */
#define REGIDX_INSERTION 32u

static void insertion_sort(const struct vmsa_region *r, uint16_t *o, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		uint32_t va = r[i].va.v;

		for (j = i; j > 0 && r[o[j - 1]].va.v > va; j--)
			o[j] = o[j - 1];
		o[j] = (uint16_t)i;
	}
}

void vmsa_regidx_build(struct vmsa_regidx *x, const struct vmsa_region *r,
                       size_t n)
{
	uint64_t maxend = 0;
	size_t i;

	x->r = r;
	x->n = n;
	x->ok = false;
	x->identity = true;
	for (i = 1; i < n; i++)
		if (r[i].va.v < r[i - 1].va.v) {
			x->identity = false;
			break;
		}
	if (!x->identity) {
		if (n > VMSA_REGIDX_MAX)
			return;
		if (n <= REGIDX_INSERTION)
			insertion_sort(r, x->ord, n);
		else
			heap_sort(r, x->ord, n);
	}
	/* Disjoint: every range starts at or above the highest end so far
	 * (an empty range inside another counts as overlap: the exact
	 * scans judge it). */
	for (i = 0; i < n; i++) {
		const struct vmsa_region *q = &r[vmsa_regidx_at(x, i)];

		if (q->va.v < maxend)
			return;
		maxend = rend(q);
	}
	x->ok = true;
}

size_t vmsa_regidx_from(const struct vmsa_regidx *x, uint64_t lo)
{
	size_t a = 0, b = x->n;

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (rend(&x->r[vmsa_regidx_at(x, m)]) > lo)
			b = m;
		else
			a = m + 1;
	}
	return a;
}
