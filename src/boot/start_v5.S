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
 * CPSR_c). The exception frame and run_user are exc.inc's,
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

/* Mode switches for the macros of src/boot/exc.inc: with MSR CPSR_c (no CPS
 * before ARMv6), IRQ and FIQ masked. */
	.macro	to_mode m
	msr	cpsr_c, #(\m | PSR_I | PSR_F)
	.endm


	/* Tells linker/vmsa.ld to link the image, vectors first, at 0. */
	.global	__vectors_at_zero
	.set	__vectors_at_zero, 1

	VECTORS_START
	/* SVC, IRQ and FIQ masked, ARM state. */
	msr	cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
	/* Low vectors (SCTLR.V = 0): the table above, linked at 0. */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)
	mcr	p15, 0, r0, c1, c0, 0

	BOOT_STACKS_MAIN

/* Exception handlers and exit (src/boot/exc.inc). */
	EXC_HANDLERS


	RUN_USER
