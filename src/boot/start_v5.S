/*
 * src/boot/start_v5.S - ARM-state entry of the vmsa firmware on ARMv5
 * (ARM926EJ-S, QEMU's versatilepb): the ARMv5 form of start.S, chosen by
 * board.mk's BOOT_SRCS. Exception vectors at address 0 (SCTLR.V = 0; the
 * image is linked at RAM base 0 with .vectors first), one stack per mode,
 * BSS zeroing, the exception entry/exit glue and the PL1 -> USR -> PL1
 * round trip of the user-mode tests.
 *
 * Differences from start.S: no VBAR (the vectors must sit at 0), no
 * MPIDR (one CPU, nothing to park), no CPS (mode changes with MSR
 * CPSR_c). The exception frame and the run_user contract are start.S's,
 * so src/boot/fault.c serves both.
 *
 * Covers ARMv5TE entered in SVC at address 0. Does not cover high vectors
 * (0xffff0000), Thumb entry, IRQ/FIQ handling (their vectors report and
 * exit), or images linked away from 0.
 *
 * References: ARM ARM DDI 0100I A2.6 (exceptions, return addresses),
 * A2.2 and A4.1.39 (MSR); ARM926EJ-S TRM DDI 0198E 2.3.2 (c1, V bit).
 */
	.syntax	unified
	.arm

#include "exc.inc"


	/* Tells linker/vmsa.ld to link the image, vectors first, at 0. */
	.global	__vectors_at_zero
	.set	__vectors_at_zero, 1

	.section .vectors, "ax"
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
	/* SVC, IRQ and FIQ masked, ARM state. */
	msr	cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
	/* Low vectors (SCTLR.V = 0): the table above, linked at 0. */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)
	mcr	p15, 0, r0, c1, c0, 0

	/* One stack per mode. */
	msr	cpsr_c, #(MODE_FIQ | PSR_I | PSR_F)
	ldr	sp, =__stack_fiq_top
	msr	cpsr_c, #(MODE_IRQ | PSR_I | PSR_F)
	ldr	sp, =__stack_irq_top
	msr	cpsr_c, #(MODE_ABT | PSR_I | PSR_F)
	ldr	sp, =__stack_abt_top
	msr	cpsr_c, #(MODE_UND | PSR_I | PSR_F)
	ldr	sp, =__stack_und_top
	msr	cpsr_c, #(MODE_SYS | PSR_I | PSR_F)	/* USR shares SYS's SP */
	ldr	sp, =__stack_usr_top
	msr	cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
	ldr	sp, =__stack_svc_top

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

/* Exception handlers and exit (src/boot/exc.inc). */
	EXC_HANDLERS


/*
 * uint32_t run_user(uint32_t (*fn)(uint32_t), uint32_t arg,
 *                   uint32_t usr_sp, uint32_t usr_lr)
 * As in start.S: fn(arg) in USR mode, back through `svc #1`.
 */
	.global	run_user
	.type	run_user, %function
run_user:
	push	{r4-r12, lr}
	ldr	r12, =run_user_svc_sp
	str	sp, [r12]
	msr	cpsr_c, #(MODE_SYS | PSR_I | PSR_F)
	mov	sp, r2
	mov	lr, r3
	msr	cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
	mov	r12, #(MODE_USR | PSR_I | PSR_F)
	msr	spsr_cxsf, r12
	mov	lr, r0
	mov	r0, r1
	movs	pc, lr				/* enter USR at fn */
run_user_back:
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
