/*
 * guard.h - internal: the entry and exit of the engine's writing calls
 * (lock, re-entry check, the readers' sequence count) and the attribute
 * rule under VMSA_TF_SMP, shared by src/engine/guard.c and the engine. Not part
 * of the public API.
 */
#ifndef VMSA_GUARD_H
#define VMSA_GUARD_H

#include "vmsa.h"
#include "vmsa/arch.h"

/* Enter a call that writes t: VMSA_OK with *flags the one read of
 * t->flags that the exit must get back, or VMSA_ERR_LOCKED (re-entry on
 * this CPU; nothing taken). */
int vmsa_guard_enter(struct vmsa_table *t, uint32_t *flags);
/* Leave it; err is the call's result (returned), VMSA_OK if it wrote. */
int vmsa_guard_exit(struct vmsa_table *t, uint32_t flags, int err);

/*
 * Lock-free readers: *seq the count to give vmsa_guard_read_retry (or
 * VMSA_ERR_LOCKED: a writer this CPU interrupted is mid-change), which
 * says whether a writer ran meanwhile and the read must be done again.
 * Inline: a translation is a few dozen instructions, and two calls here
 * cost a third of them.
 *
 * Waits out a writer on another CPU (odd count). Without VMSA_TF_SMP there
 * is no other CPU: an odd count means this CPU interrupted a writer (an
 * IRQ or abort handler reading the tables), which cannot go on until the
 * handler returns, so the reader gets VMSA_ERR_LOCKED instead of waiting
 * forever. (With VMSA_TF_SMP writers run with IRQ and FIQ masked; only an
 * abort inside a writer could still come here, see vmsa.h.)
 */
static inline int vmsa_guard_read_begin(const struct vmsa_table *t,
                                        uint32_t *seq)
{
	uint32_t s;

	while ((s = *(const volatile uint32_t *)&t->seq) & 1u)
		if (!(*(const volatile uint32_t *)&t->flags & VMSA_TF_SMP))
			return VMSA_ERR_LOCKED;
	vmsa_arch_dmb();
	*seq = s;
	return VMSA_OK;
}

static inline bool vmsa_guard_read_retry(const struct vmsa_table *t,
                                         uint32_t s)
{
	vmsa_arch_dmb();
	return *(const volatile uint32_t *)&t->seq != s;
}

/* attrs with VMSA_SHARED added where VMSA_TF_SMP makes Normal memory
 * shareable (vmsa.h); t may be NULL (no table: unchanged). */
vmsa_attr_t vmsa_smp_attrs(const struct vmsa_table *t, vmsa_attr_t attrs);

#endif
