/*
 * valid.h - internal: the table validation every entry point runs
 * (src/valid.c). Not part of the public API.
 */
#ifndef VMSA_VALID_H
#define VMSA_VALID_H

#include <vmsa.h>

/* VMSA_OK or VMSA_ERR_INVAL. bitmap: also check the pool bitmap against
 * used_units (writers; readers never read the bitmap). */
int vmsa_table_ok(const struct vmsa_table *t, bool bitmap);

#endif /* VMSA_VALID_H */
