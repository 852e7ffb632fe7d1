/*
 * valid.h - internal: the table validation every entry point runs
 * (src/engine/valid.c). Not part of the public API.
 */
#ifndef VMSA_VALID_H
#define VMSA_VALID_H

#include <vmsa.h>

/* VMSA_OK or VMSA_ERR_INVAL. bitmap: also check the pool bitmap against
 * used_units (writers; readers never read the bitmap). */
int vmsa_table_ok(const struct vmsa_table *t, bool bitmap);
/* The bitmap part alone, for a writer that checked the rest on entry
 * (the fields vmsa_init set never change; the bitmap changes under the
 * lock, so it is checked once the lock is held). */
int vmsa_table_bitmap_ok(const struct vmsa_table *t);

/* The pool's units the tables the L1 table references hold, against bm
 * (src/engine/valid.c): build false checks a copy of the bitmap in bm
 * (VMSA_OK or VMSA_ERR_INVAL; bm is consumed); build true sets in a
 * zeroed bm the units those tables hold (VMSA_OK, VMSA_ERR_CORRUPT for two
 * tables over one unit or a table partly in the pool, VMSA_ERR_BUSY for a
 * table outside it). Reads t's fmt, l1, pool_pa and pool_units only. */
int vmsa_pool_refs(const struct vmsa_table *t, uint32_t *bm, bool build);

#endif /* VMSA_VALID_H */
