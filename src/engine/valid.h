/*
 * valid.h - internal: the table validation every entry point runs
 * (src/engine/valid.c). Not part of the public API.
 */
#ifndef VMSA_VALID_H
#define VMSA_VALID_H

#include <vmsa.h>
#include "geom.h"

/* Set bits of x, without __builtin_popcount (a libgcc call on ARM). */
static inline uint32_t vmsa_bits_set(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

/*
 * The seal: the fields vmsa_init validated (l1, l1_pa, pool, pool_pa,
 * pool_units, fmt), each 32-bit half multiplied into one word, h = h * K +
 * x, from a seed. vmsa_init_fields stores it in t->seal once the fields
 * passed vmsa_table_fields_ok's checks (vmsa_init_args', vmsa_adopt's), and
 * no call changes them after: a call compares the seal again (about 20
 * instructions) instead of checking every field (about 50). A field
 * changed since, a zeroed struct (the seal of zeroed fields is odd: seed
 * and K are), or a struct vmsa_init never set up fails; so does any change
 * of one field, and random damage to several passes once in 2^32. Not a
 * defence against a caller forging the seal: the struct is the caller's
 * memory, as its pointers are. vmsa_table_check checks every field too.
 */
#define VMSA_SEAL_SEED 0x564d5341u      /* "VMSA" */
#define VMSA_SEAL_K    0x9e3779b1u      /* odd: x * K is a bijection */

static inline uint32_t vmsa_seal_ptr(uint32_t h, const void *p)
{
	uintptr_t v = (uintptr_t)p;

	h = h * VMSA_SEAL_K + (uint32_t)v;
	if (sizeof v > 4)       /* the host's 64-bit pointers; not on ARM */
		h = h * VMSA_SEAL_K + (uint32_t)((uint64_t)v >> 32);
	return h;
}

static inline uint32_t vmsa_table_seal(const struct vmsa_table *t)
{
	uint32_t h = VMSA_SEAL_SEED;

	h = vmsa_seal_ptr(h, t->l1);
	h = h * VMSA_SEAL_K + (uint32_t)t->l1_pa.p;
	h = h * VMSA_SEAL_K + (uint32_t)(t->l1_pa.p >> 32);
	h = vmsa_seal_ptr(h, t->pool);
	h = h * VMSA_SEAL_K + (uint32_t)t->pool_pa.p;
	h = h * VMSA_SEAL_K + (uint32_t)(t->pool_pa.p >> 32);
	h = h * VMSA_SEAL_K + t->pool_units;
	return h * VMSA_SEAL_K + t->fmt;
}

/* Every call's check, O(1): t not NULL, its seal, used_units at most
 * pool_units. Inline for the readers (a translation is a few dozen
 * instructions); the other calls use vmsa_table_ok. */
static inline bool vmsa_table_sealed(const struct vmsa_table *t)
{
	return t != NULL && t->seal == vmsa_table_seal(t) &&
	       t->used_units <= t->pool_units;
}

/* vmsa_table_sealed: VMSA_OK or VMSA_ERR_INVAL. bitmap: also the pool
 * bitmap against used_units (O(pool): vmsa_table_check, vmsa_adopt). */
int vmsa_table_ok(const struct vmsa_table *t, bool bitmap);
/* The fields one by one (vmsa.h, vmsa_table_check), not the seal:
 * VMSA_OK or VMSA_ERR_INVAL. */
int vmsa_table_fields_ok(const struct vmsa_table *t);
/* The bitmap part alone, for a writer that checked the rest on entry
 * (the fields vmsa_init set never change; the bitmap changes under the
 * lock, so it is checked once the lock is held). */
int vmsa_table_bitmap_ok(const struct vmsa_table *t);

/* The pool units the table L1 word w references hold, against bm
 * (src/engine/valid.c), for a walk of the L1 table: build false checks a
 * copy of the bitmap in bm (VMSA_OK or VMSA_ERR_INVAL; the units found are
 * cleared, so what is left after the walk was held for nothing); build
 * true sets them in bm, zeroed before the walk (VMSA_OK, VMSA_ERR_CORRUPT
 * for a unit already set by another table or a table partly in the pool,
 * VMSA_ERR_BUSY for a table outside it). Reads t's fmt, pool_pa and
 * pool_units only. */
int vmsa_pool_ref(const struct vmsa_table *t, uint32_t *bm, dw_t w,
                  bool build);

#endif /* VMSA_VALID_H */
