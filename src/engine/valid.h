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

#endif /* VMSA_VALID_H */
