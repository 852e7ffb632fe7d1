/*
 * src/boot/check.c - before the MMU goes on, check that the tables just
 * built map what the CPU touches the moment it is on: the UART (its
 * driver keeps using the same address), the exception vectors, the
 * running code, each mode's stack, and the translation tables themselves
 * (the engine writes them through the same address). The code, stacks
 * and tables must be identity mapped (VA == PA): the CPU fetches the next
 * instruction at the same address once SCTLR.M is set.
 *
 * Also prints where the tables are (boot_print_tables), for the host
 * decoder and gdb.
 *
 * Covers the boot stub's own needs, on ARMv7 and ARMv5. Does not cover
 * what the firmware touches later (its own devices, the heap): those are
 * the board's regions.
 *
 * A miss is printed while the MMU is still off (the UART works then
 * whatever the tables say) and naming what is missing and where, instead
 * of a hang on the first access after the enable.
 */
#include <stdio.h>

#include "boot.h"

extern char vectors[], _start[];
extern char __stack_fiq_top[], __stack_irq_top[], __stack_abt_top[];
extern char __stack_und_top[], __stack_svc_top[];

/* 0 if `va` translates to `pa` in t; otherwise prints why and returns 1. */
static int need(const struct vmsa_table *t, const char *what, uintptr_t va,
                uintptr_t pa)
{
	vmsa_pa_t got;
	int rc = vmsa_translate_pa(t, vmsa_va(va), &got);

	if (rc == VMSA_OK && got.p == (uint64_t)pa)
		return 0;
	if (rc != VMSA_OK)
		printf("boot: board %s's regions do not map %s at 0x%08lx "
		       "(%s): add a region for it\n", board.name, what,
		       (unsigned long)va, vmsa_strerror(rc));
	else
		printf("boot: board %s's regions map %s at VA 0x%08lx to PA "
		       "0x%02lx%08lx; it must be PA 0x%08lx (identity)\n",
		       board.name, what, (unsigned long)va,
		       (unsigned long)(got.p >> 32), (unsigned long)got.p,
		       (unsigned long)pa);
	return 1;
}

static int need_id(const struct vmsa_table *t, const char *what, const void *p)
{
	return need(t, what, (uintptr_t)p, (uintptr_t)p);
}

/* A stack's first word below its top (linker symbols mark the tops). */
static int need_stack(const struct vmsa_table *t, const char *what,
                      const char *top)
{
	uintptr_t a = (uintptr_t)top - 4u;
	return need(t, what, a, a);
}

void boot_print_tables(const struct vmsa_table *t)
{
	if (t->fmt == VMSA_FMT_LPAE) {
		/* pool_units are 4KB here. */
		printf("vmsa boot: long-descriptor tables at PA: level 2 "
		       "0x%08lx (16KB), level 1 0x%08lx, pool 0x%08lx (%luKB)\n",
		       (unsigned long)t->l1_pa.p,
		       (unsigned long)vmsa_ttbr0_pa(t),
		       (unsigned long)t->pool_pa.p,
		       (unsigned long)t->pool_units * 4u);
		return;
	}
	printf("vmsa boot: tables at PA: L1 0x%08lx (16KB), pool 0x%08lx (%luKB)"
	       " (scripts/vmsa-decode.py --l2-base 0x%08lx)\n",
	       (unsigned long)t->l1_pa.p, (unsigned long)t->pool_pa.p,
	       (unsigned long)t->pool_units, (unsigned long)t->pool_pa.p);
}

int boot_check_mapped(const struct vmsa_table *t)
{
	int miss = 0;

	miss += need(t, "the UART", board.uart_base, board.uart_base);
	miss += need_id(t, "the exception vectors", vectors);
	miss += need_id(t, "the boot code", _start);
	miss += need(t, "the running code", (uintptr_t)&boot_check_mapped,
	             (uintptr_t)&boot_check_mapped);
	miss += need_stack(t, "the FIQ stack", __stack_fiq_top);
	miss += need_stack(t, "the IRQ stack", __stack_irq_top);
	miss += need_stack(t, "the abort stack", __stack_abt_top);
	miss += need_stack(t, "the undefined-instruction stack", __stack_und_top);
	miss += need_stack(t, "the SVC stack", __stack_svc_top);
	miss += need_id(t, "the L1 translation table", t->l1);
	if (t->pool_units != 0)
		miss += need_id(t, "the second-level table pool", t->pool);
	if (miss)
		printf("boot: %d of the boot stub's needs unmapped: the MMU stays off\n",
		       miss);
	return miss;
}
