/*
 * src/engine/regidx.h - the region index (private): a region array's indices in
 * VA order, so that planning finds the regions near a MB by a binary
 * search and checks overlap once for the whole array, instead of scanning
 * the array for every region and every MB it uses pages in.
 */
#ifndef VMSA_REGIDX_H
#define VMSA_REGIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <vmsa.h>

/* Indices an unsorted array can have to be sorted on the stack (2 bytes
 * each: 512 bytes of vmsa_map_regions' frame, which firmware calls on
 * small stacks). An array already in VA order needs no copy at any
 * length; an unsorted one longer than this is planned by the exact
 * per-region scans (quadratic in its length, correct at any length). */
#define VMSA_REGIDX_MAX 256u
/* Shorter arrays are planned without the index (see plan_all). */
#define VMSA_REGIDX_MIN 8u

struct vmsa_regidx {
	const struct vmsa_region *r;
	size_t n;
	bool ok;        /* sorted, and no two raw ranges overlap */
	bool identity;  /* the array is in VA order: ord[] unused */
	uint16_t ord[VMSA_REGIDX_MAX];
};

/* Index r[0..n). x->ok is false when the array is unsorted and longer
 * than VMSA_REGIDX_MAX, or when two ranges overlap (or a range is empty
 * inside another): the callers then use their exact per-region scans,
 * which name the first offending region. */
void vmsa_regidx_build(struct vmsa_regidx *x, const struct vmsa_region *r,
                       size_t n);

/* The region at sorted position p. */
static inline size_t vmsa_regidx_at(const struct vmsa_regidx *x, size_t p)
{
	return x->identity ? p : x->ord[p];
}

/* The first sorted position whose range ends above lo (x->n if none).
 * From there, the regions touching [lo, hi) follow each other until the
 * first one starting at or above hi (ranges are disjoint and sorted, so
 * their ends rise with their starts). */
size_t vmsa_regidx_from(const struct vmsa_regidx *x, uint64_t lo);

#endif
