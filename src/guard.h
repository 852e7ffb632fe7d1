/*
 * guard.h - internal: the entry and exit of the engine's writing calls
 * (lock, re-entry check, the readers' sequence count) and the attribute
 * rule under VMSA_TF_SMP, shared by src/guard.c and the engine. Not part
 * of the public API.
 */
#ifndef VMSA_GUARD_H
#define VMSA_GUARD_H

#include "vmsa.h"

/* Enter a call that writes t: VMSA_OK with *flags the one read of
 * t->flags that the exit must get back, or VMSA_ERR_LOCKED (re-entry on
 * this CPU; nothing taken). */
int vmsa_guard_enter(struct vmsa_table *t, uint32_t *flags);
/* Leave it; err is the call's result (returned), VMSA_OK if it wrote. */
int vmsa_guard_exit(struct vmsa_table *t, uint32_t flags, int err);

/* Lock-free readers: *seq the count to give vmsa_guard_read_retry (or
 * VMSA_ERR_LOCKED: a writer this CPU interrupted is mid-change), which says
 * whether a writer ran meanwhile and the read must be done again. */
int vmsa_guard_read_begin(const struct vmsa_table *t, uint32_t *seq);
bool vmsa_guard_read_retry(const struct vmsa_table *t, uint32_t s);

/* attrs with VMSA_SHARED added where VMSA_TF_SMP makes Normal memory
 * shareable (vmsa.h); t may be NULL (no table: unchanged). */
vmsa_attr_t vmsa_smp_attrs(const struct vmsa_table *t, vmsa_attr_t attrs);

#endif
