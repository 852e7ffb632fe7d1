/*
 * tests/pkg/start.S - entry of the out-of-tree example firmware: masks
 * interrupts, sets the SVC stack, zeroes BSS, calls main() and exits
 * through semihosting with its result. Its own start code on purpose: the
 * example uses nothing of vmsa but the installed library and headers.
 *
 * Covers one CPU entered in SVC mode in ARM state, as QEMU's vexpress-a9
 * starts an ELF. No exception vectors: a fault would hang, and the test's
 * timeout reports it.
 */
	.syntax	unified
	.arm
	.section .text.start, "ax"
	.global	_start
	.type	_start, %function
_start:
	cpsid	aif
	ldr	sp, =__stack_top
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	main
	b	semihost_exit		/* status in r0; does not return */
	.size	_start, . - _start
