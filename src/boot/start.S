/*
 * src/boot/start.S - ARM-state entry of the vmsa test and demo firmware:
 * exception vectors (VBAR), one stack per mode, BSS zeroing, parking of
 * secondary CPUs, the exception entry/exit glue and the PL1 -> USR -> PL1
 * round trip used by the user-mode tests; and the Hyp path: a CPU entered
 * in Hyp mode (PL2) gets the Hyp vectors (HVBAR), one stack, BSS zeroed
 * and boot_hyp_main (src/boot/hyp.c), and never leaves Hyp mode. A
 * firmware that does not link src/boot/hyp.c (the demo, the examples:
 * they run at PL1 only) prints a refusal instead and exits with status 2.
 *
 * Covers ARMv7-A entered in Secure or Non-secure SVC (as QEMU's vexpress
 * boards start an ELF), or in Hyp mode (QEMU's vexpress-a15 with
 * secure=off and the Virtualization Extensions). Does not cover ARMv5 (no
 * VBAR, no MPIDR, no CPS), Thumb entry, IRQ/FIQ handling (they stay
 * masked; their vectors report and exit), dropping from Hyp mode to SVC,
 * or several CPUs in Hyp mode (the secondaries sleep).
 *
 * References: ARM ARM DDI 0406C B1.8 (exceptions: return addresses in
 * table B1-7; the Hyp vector table, B1.8.1), B4.1.156 VBAR, B4.1.106
 * MPIDR, B1.3.1 (modes), B1.7 (Hyp mode), B9 (the CPS and ERET system
 * instructions: in Hyp mode CPS may change the masks but not the mode).
 */
	.syntax	unified
	.arm

#include "exc.inc"

#define BOOT_MAX_CPUS_S 4	/* BOOT_MAX_CPUS of boot.h */

/*
 * Secondary CPUs (QEMU starts every CPU at the ELF entry) must not touch
 * BSS or the stacks of CPU 0: branch to `label`, with r0 = Aff0, unless
 * this is CPU 0. MPIDR bit 31 says the multiprocessor format is used; bit
 * 30 (U) set means uniprocessor. Both entries (PL1, Hyp) use it.
 */
	.macro	SECONDARY_TO label
	mrc	p15, 0, r0, c0, c0, 5		/* MPIDR */
	tst	r0, #(1 << 31)
	beq	1f
	tst	r0, #(1 << 30)
	bne	1f
	ands	r0, r0, #0xff			/* Aff0: CPU within cluster */
	bne	\label
1:
	.endm

/* Mode switches for the macros of src/boot/exc.inc: with CPS. */
	.macro	to_mode m
	cps	#\m
	.endm


	VECTORS_START
	/* Hyp mode first: changing mode with CPS is UNPREDICTABLE there, and
	 * the PL1 path below does it for every stack. */
	mrs	r0, cpsr
	and	r0, r0, #0x1f
	cmp	r0, #MODE_HYP
	beq	hyp_start
	/* Everything masked until we choose otherwise; stay in ARM state. */
	cpsid	aif
	SECONDARY_TO park_secondary
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

/*
 * The Hyp path (CPSR.M = 0x1a at the entry). Masks everything (CPS
 * without a mode change), parks secondary CPUs in WFI, points HVBAR at
 * hyp_vectors, takes exceptions in ARM state with no alignment checks
 * (HSCTLR.TE and A cleared, as SCTLR's at PL1), runs on the SVC stack
 * (Hyp mode has one SP and no PL1 mode runs here), zeroes BSS and the
 * table section as the PL1 path does, then boot_hyp_main
 * (src/boot/hyp.c), which does not return. The C side is referred to
 * weakly: an image without it runs boot_hyp_refuse (src/boot/boot.c),
 * which says so on the UART and exits with status 2.
 */
	.weak	boot_hyp_main
	.weak	boot_hyp_exception
hyp_start:
	cpsid	aif
	SECONDARY_TO hyp_park
	ldr	r0, =hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0		/* HVBAR */
	mrc	p15, 4, r0, c1, c0, 0		/* HSCTLR */
	bic	r0, r0, #(1 << 30)		/* TE */
	bic	r0, r0, #(1 << 1)		/* A */
	mcr	p15, 4, r0, c1, c0, 0
	isb
	ldr	sp, =__stack_svc_top
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	bl	zero_range
#ifndef VMSA_BOOT_PREBUILT
	ldr	r0, =__vmsa_tables_start
	ldr	r1, =__vmsa_tables_end
	bl	zero_range
#endif
	ldr	r0, =boot_hyp_main
	cmp	r0, #0
	ldreq	r0, =boot_hyp_refuse		/* src/boot/boot.c */
	blx	r0
	b	hyp_park
/* An exception taken to Hyp mode in an image without boot_hyp_exception:
 * a line on semihosting's console (QEMU's stderr), exit status 3. */
hyp_exit:				/* r1: message, r2: status */
	ldr	r3, =hyp_exit_block
	str	r2, [r3, #4]
	mov	r0, #0x04			/* SYS_WRITE0 */
	svc	0x123456
	mov	r0, #0x20			/* SYS_EXIT_EXTENDED */
	mov	r1, r3
	svc	0x123456
hyp_park:
	wfi
	b	hyp_park

/*
 * The Hyp vector table (B1.8.1; HVBAR bits 4:0 are RES0). Exceptions
 * taken from Hyp mode come here on the interrupted code's own stack (Hyp
 * mode has no banked SP or LR: the LR saved is the interrupted code's).
 * The frame, as struct hyp_frame of src/boot/hyp.c:
 *   [0] HSR  [4] HDFAR  [8] SPSR_hyp  [12] ELR_hyp  [16] HIFAR
 *   [20..68] r0-r12  [72] lr
 * boot_hyp_exception(frame, kind) records an expected abort and may
 * rewrite SPSR_hyp and ELR_hyp (then ERET resumes there), or reports the
 * exception and exits. The stack is 8-byte aligned for the call.
 */
	.macro	HYP_VEC kind
	push	{r0-r12, lr}
	mov	r1, #\kind
	b	hyp_exc
	.endm
	.balign	32
	.global	hyp_vectors
hyp_vectors:
	b	hvec_none		/* 0x00: not used */
	b	hvec_undef		/* 0x04: undefined instruction */
	b	hvec_svc		/* 0x08: SVC or HVC in Hyp mode */
	b	hvec_pabt		/* 0x0c: prefetch abort */
	b	hvec_dabt		/* 0x10: data abort */
	b	hvec_trap		/* 0x14: Hyp Trap (from PL1 or PL0) */
	b	hvec_irq		/* 0x18 */
	b	hvec_fiq		/* 0x1c */
hvec_none:	HYP_VEC 0
hvec_undef:	HYP_VEC EXC_UNDEF
hvec_svc:	HYP_VEC EXC_SVC
hvec_pabt:	HYP_VEC EXC_PABT
hvec_dabt:	HYP_VEC EXC_DABT
hvec_trap:	HYP_VEC EXC_HYP_TRAP
hvec_irq:	HYP_VEC EXC_IRQ
hvec_fiq:	HYP_VEC EXC_FIQ
hyp_exc:
	mrs	r4, spsr			/* SPSR_hyp */
	mrs	r5, elr_hyp
	mrc	p15, 4, r6, c6, c0, 2		/* HIFAR */
	mrc	p15, 4, r3, c6, c0, 0		/* HDFAR */
	mrc	p15, 4, r2, c5, c2, 0		/* HSR */
	push	{r2-r6}
	ldr	r3, =boot_hyp_exception
	cmp	r3, #0
	ldreq	r1, =hyp_unexpected
	moveq	r2, #3
	beq	hyp_exit
	mov	r0, sp
	mov	r7, sp
	bic	sp, sp, #7
	blx	r3
	mov	sp, r7
	pop	{r2-r6}
	msr	spsr_cxsf, r4
	msr	elr_hyp, r5
	pop	{r0-r12, lr}
	eret

	.section .rodata
hyp_unexpected:
	.asciz	"vmsa boot: unexpected exception in Hyp mode; exit status 3\n"
	.data
	.balign	4
hyp_exit_block:
	.word	0x20026, 0			/* ADP_Stopped_ApplicationExit */
	.section .text.boot, "ax"

/* Exception handlers and exit (src/boot/exc.inc). */
	EXC_HANDLERS


	RUN_USER
