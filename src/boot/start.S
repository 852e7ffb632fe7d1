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


	.section .vectors, "ax"
	.balign	32		/* VBAR bits [4:0] are RES0 */
	.global	vectors
vectors:
	b	_start
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	.		/* not used (was address exception) */
	b	vec_irq
	b	vec_fiq

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
_start:
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

	/* One stack per mode (B1.3.1: SP is banked in each of these). */
	cps	#MODE_FIQ
	ldr	sp, =__stack_fiq_top
	cps	#MODE_IRQ
	ldr	sp, =__stack_irq_top
	cps	#MODE_ABT
	ldr	sp, =__stack_abt_top
	cps	#MODE_UND
	ldr	sp, =__stack_und_top
	cps	#MODE_SYS			/* USR shares SYS's SP */
	ldr	sp, =__stack_usr_top
	cps	#MODE_SVC
	ldr	sp, =__stack_svc_top

	/* Zero BSS, and the table section so a dump of unused pool space is
	 * zeros (the engine itself initialises what it uses). */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	bl	zero_range
	ldr	r0, =__vmsa_tables_start
	ldr	r1, =__vmsa_tables_end
	bl	zero_range

	bl	boot_main			/* does not return */
	b	.

/* zero_range(r0 = start, r1 = end), word aligned; clobbers r0, r2. */
zero_range:
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bx	lr

/*
 * Secondary CPUs wait here (WFE, woken by SEV) until boot_smp_start()
 * publishes an entry point, then take their stack from
 * boot_smp_stacks[cpu] and call entry(cpu). r0 = Aff0 on arrival. The
 * entry point is read before the first WFE: a CPU started by PSCI CPU_ON
 * arrives after it was published and after the SEV.
 */
park_secondary:
	mov	r4, r0
	ldr	r5, =boot_smp_entry
2:	ldr	r1, [r5]
	cmp	r1, #0
	bne	4f
	wfe
	b	2b
4:	dmb
	ldr	r2, =boot_smp_stacks
	ldr	sp, [r2, r4, lsl #2]
	mov	r0, r4
	blx	r1
3:	wfi
	b	3b

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


/*
 * uint32_t run_user(uint32_t (*fn)(uint32_t), uint32_t arg,
 *                   uint32_t usr_sp, uint32_t usr_lr)
 * Run fn(arg) in USR mode with the given stack and return address (which
 * must be a user-executable `svc #1`, e.g. user_return at its user alias)
 * and return fn's result. Called in SVC mode.
 */
	.global	run_user
	.type	run_user, %function
run_user:
	push	{r4-r12, lr}
	ldr	r12, =run_user_svc_sp
	str	sp, [r12]
	cps	#MODE_SYS
	mov	sp, r2
	mov	lr, r3
	cps	#MODE_SVC
	mov	r12, #(MODE_USR | PSR_I | PSR_F)
	msr	spsr_cxsf, r12
	mov	lr, r0
	mov	r0, r1
	movs	pc, lr				/* enter USR at fn */
run_user_back:
	/* In SVC mode again, on the SVC exception's entry; r0 = result. */
	ldr	r12, =run_user_svc_sp
	ldr	sp, [r12]
	pop	{r4-r12, pc}

	.section .user_text, "ax"
	.global	user_return
	.type	user_return, %function
user_return:
	svc	#1
	b	.

	.bss
	.balign	4
run_user_svc_sp:
	.space	4
