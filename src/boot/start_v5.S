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

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define PSR_I    0x80
#define PSR_F    0x40

/* Exception kinds passed to exc_dispatch (src/boot/fault.c). */
#define EXC_UNDEF    1
#define EXC_SVC      2
#define EXC_PABT     3
#define EXC_DABT     4
#define EXC_IRQ      5
#define EXC_FIQ      6

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

/*
 * Exception entry: the frame of start.S (struct exc_frame in fault.c):
 *   [0] spsr  [4..52] r0-r12  [56] lr of the interrupted mode
 *   [60] return address (lr of the exception mode, unadjusted)
 */
	.macro	EXC_ENTRY kind
	push	{lr}
	sub	sp, sp, #4
	push	{r0-r12}
	mrs	r0, spsr
	push	{r0}
	and	r1, r0, #0x1f
	cmp	r1, #MODE_USR
	moveq	r1, #MODE_SYS
	mrs	r2, cpsr
	bic	r3, r2, #0x1f
	orr	r3, r3, r1
	msr	cpsr_c, r3
	mov	r4, lr
	msr	cpsr_c, r2
	str	r4, [sp, #56]
	mov	r0, sp
	mov	r1, #\kind
	bl	exc_dispatch
	b	exc_return
	.endm

vec_undef:	EXC_ENTRY EXC_UNDEF
vec_pabt:	EXC_ENTRY EXC_PABT
vec_dabt:	EXC_ENTRY EXC_DABT
vec_irq:	EXC_ENTRY EXC_IRQ
vec_fiq:	EXC_ENTRY EXC_FIQ

exc_return:
	pop	{r0}
	msr	spsr_cxsf, r0
	pop	{r0-r12}
	add	sp, sp, #4
	ldm	sp!, {pc}^			/* CPSR <- SPSR */

/* SVC from USR ends a run_user() call; any other SVC is reported. */
vec_svc:
	push	{r0-r3}
	mrs	r0, spsr
	and	r0, r0, #0x1f
	cmp	r0, #MODE_USR
	pop	{r0-r3}
	beq	run_user_back
	EXC_ENTRY EXC_SVC

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
