/*
 * valid.h - internal: the table validation every entry point runs
 * (src/engine/valid.c). Not part of the public API.
 */
#ifndef VMSA_VALID_H
#define VMSA_VALID_H

#include <vmsa.h>

/* Set bits of x, without __builtin_popcount (a libgcc call on ARM). */
static inline uint32_t vmsa_bits_set(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

/* VMSA_OK or VMSA_ERR_INVAL. bitmap: also check the pool bitmap against
 * used_units (writers; readers never read the bitmap). */
int vmsa_table_ok(const struct vmsa_table *t, bool bitmap);
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
int vmsa_pool_ref(const struct vmsa_table *t, uint32_t *bm, uint32_t w,
                  bool build);

#endif /* VMSA_VALID_H */
