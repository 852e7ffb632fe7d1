/*
 * guard.c - the entry and exit of every engine call that writes a table,
 * and what lock-free readers check: the SMP lock (through the arch layer),
 * the re-entry check, the sequence count; plus the memory attribute rule
 * under VMSA_TF_SMP. The engine (src/engine/engine.c, src/engine/query.c) calls these
 * around its writing calls; its translations run the readers' check,
 * inline in src/engine/guard.h.
 *
 * Does not cover: the lock itself (vmsa_arch_lock, with IRQ/FIQ masking,
 * in src/arch), maintenance, descriptor bits.
 */
#include "guard.h"

#include "vmsa/arch.h"
#include "../fmt/fmt.h"

/*
 * t->flags is read once, so the lock and the unlock agree even if another
 * CPU changed VMSA_TF_SMP in between. A re-entry on the same CPU (an abort
 * handler calling the engine while this CPU is inside it) returns
 * VMSA_ERR_LOCKED instead of deadlocking on the lock or corrupting a
 * half-done update: with VMSA_TF_SMP the arch lock detects it, without,
 * the odd sequence count. The sequence count is odd while a call runs, for
 * the lock-free readers (vmsa_translate, vmsa_translate_pa); a failed
 * call, which wrote nothing, puts it back to its old value, so the table
 * struct is unchanged.
 */
int vmsa_guard_enter(struct vmsa_table *t, uint32_t *flags)
{
	uint32_t f = t->flags;

	if (f & VMSA_TF_SMP) {
		if (!vmsa_arch_lock())
			return VMSA_ERR_LOCKED;
	} else if (t->seq & 1u) {
		return VMSA_ERR_LOCKED;
	}
	t->seq++;
	vmsa_arch_dmb();        /* the odd count before any table write */
	*flags = f;
	return VMSA_OK;
}

int vmsa_guard_exit(struct vmsa_table *t, uint32_t flags, int err)
{
	vmsa_arch_dmb();        /* every table write before the even count */
	t->seq += err == VMSA_OK ? 1u : UINT32_MAX;
	if (flags & VMSA_TF_SMP)
		vmsa_arch_unlock();
	return err;
}

/*
 * Under VMSA_TF_SMP (ARMv7) Normal memory is made Shareable: CPUs that see
 * one memory with different shareability lose coherency (ARM ARM B3.8.6),
 * and TTBR0 already walks the tables as shareable. Device and
 * Strongly-ordered memory (and invalid attributes, for the validation to
 * refuse) are left as they are; BUFFERABLE is Device without TEX remap and
 * Normal NC with it and with long descriptors; ARMv5 has no S bit.
 */
vmsa_attr_t vmsa_smp_attrs(const struct vmsa_table *t, vmsa_attr_t a)
{
	uint32_t mt = VMSA_MT(a);

	if (t == NULL || !(t->flags & VMSA_TF_SMP) ||
	    vmsa_fmt_is_v5(t->fmt))
		return a;
	if (mt == 0 || mt > VMSA_MT_NORMAL_NC || mt == VMSA_MT_UNCACHED ||
	    mt == VMSA_MT_DEVICE || mt == VMSA_MT_DEVICE_NS ||
	    (mt == VMSA_MT_BUFFERABLE && !(t->fmt & VMSA_FMT_TEX_REMAP) &&
	     t->fmt != VMSA_FMT_LPAE))
		return a;
	return a | VMSA_SHARED;
}
