/*
 * src/boot/start.S - ARM-state entry of the vmsa test and demo firmware:
 * exception vectors (VBAR), one stack per mode, BSS zeroing, parking of
 * secondary CPUs, the exception entry/exit glue and the PL1 -> USR -> PL1
 * round trip used by the user-mode tests.
 *
 * Covers ARMv7-A entered in Secure or Non-secure SVC (as QEMU's vexpress
 * boards start an ELF). Does not cover Hyp entry, ARMv5 (no VBAR, no
 * MPIDR, no CPS), Thumb entry, IRQ/FIQ handling (they stay masked; their
 * vectors report and exit).
 *
 * References: ARM ARM DDI 0406C B1.8 (exceptions: return addresses in
 * table B1-7), B4.1.156 VBAR, B4.1.106 MPIDR, B1.3.1 (modes).
 */
	.syntax	unified
	.arm

#include "exc.inc"

#define BOOT_MAX_CPUS_S 4	/* BOOT_MAX_CPUS of boot.h */

/* Mode switches for the macros of src/boot/exc.inc: with CPS. */
	.macro	to_mode m
	cps	#\m
	.endm


	VECTORS_START
	/* Everything masked until we choose otherwise; stay in ARM state. */
	cpsid	aif
	/*
	 * Secondary CPUs (QEMU starts every CPU at the ELF entry) must not
	 * touch BSS or the stacks of CPU 0: park them. MPIDR bit 31 says the
	 * multiprocessor format is used; bit 30 (U) set means uniprocessor.
	 */
	mrc	p15, 0, r0, c0, c0, 5		/* MPIDR */
	tst	r0, #(1 << 31)
	beq	1f
	tst	r0, #(1 << 30)
	bne	1f
	ands	r0, r0, #0xff			/* Aff0: CPU within cluster */
	bne	park_secondary
1:
	/* Vectors at VBAR rather than 0 or 0xffff0000 (SCTLR.V = 0). */
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		/* VBAR */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)		/* SCTLR.V */
	mcr	p15, 0, r0, c1, c0, 0
	isb

	BOOT_STACKS_MAIN

/*
 * Secondary CPUs wait here (WFE, woken by SEV) until boot_smp_start()
 * publishes an entry point, then take their stack from
 * boot_smp_stacks[cpu] and call entry(cpu, released) in the mode they
 * arrived in. r0 = Aff0 on arrival; r6 = 1 when the CPU came in at
 * boot_secondary_entry, 0 at the ELF entry. The entry point is read
 * before the first WFE: a CPU started by PSCI CPU_ON or the board's
 * cpu_on arrives after it was published and after the SEV.
 */
park_secondary:
	mov	r6, #0
park_join:
	mov	r4, r0
	ldr	r5, =boot_smp_entry
2:	ldr	r3, [r5]
	cmp	r3, #0
	bne	4f
	wfe
	b	2b
4:	dmb
	ldr	r2, =boot_smp_stacks
	ldr	sp, [r2, r4, lsl #2]
	mov	r0, r4
	mov	r1, r6
	blx	r3
3:	wfi
	b	3b

/*
 * boot_secondary_entry: where a CPU that was off starts, the entry point
 * boot_smp_start gives PSCI CPU_ON and a board's cpu_on (ARM state, MMU
 * and caches off, PL1: QEMU's virt gives Non-secure SVC, the i.MX6 SRC
 * of sabrelite Secure SVC). Masks everything, takes Aff0 and joins the
 * park loop, which finds the entry point already published.
 */
	.global	boot_secondary_entry
	.type	boot_secondary_entry, %function
boot_secondary_entry:
	cpsid	aif
	mrc	p15, 0, r0, c0, c0, 5		/* MPIDR */
	and	r0, r0, #(BOOT_MAX_CPUS_S - 1)	/* Aff0 */
	mov	r6, #1
	b	park_join

/*
 * int32_t boot_psci_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
 * int32_t boot_psci_smc(...)
 * A PSCI call (SMC Calling Convention: function id in r0, arguments in
 * r1-r3, result in r0) through HVC or SMC, as the board's firmware or
 * hypervisor (QEMU's virt machine: HVC) provides it.
 */
	.arch_extension virt
	.arch_extension sec
	.global	boot_psci_hvc
	.type	boot_psci_hvc, %function
boot_psci_hvc:
	push	{r4-r7}
	hvc	#0
	pop	{r4-r7}
	bx	lr
	.global	boot_psci_smc
	.type	boot_psci_smc, %function
boot_psci_smc:
	push	{r4-r7}
	smc	#0
	pop	{r4-r7}
	bx	lr

/* Exception handlers and exit (src/boot/exc.inc). */
	EXC_HANDLERS


	RUN_USER
