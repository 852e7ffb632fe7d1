/*
 * tests/bench/stm.S - the hand-written baselines of the benchmark: the
 * fastest stores of a constant word and of incrementing words this CPU
 * has (ARM state, STM of eight registers). Compiled into the same
 * firmware as the engine so every ratio is measured in one run.
 *
 * void bench_stm_fill(uint32_t *p, uint32_t n, uint32_t w)
 *     n words of w; n a multiple of 32.
 * void bench_stm_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step)
 *     w, w+step, w+2 step ...; n a multiple of 16.
 */
	.syntax	unified
	.arm
	.text

	.global	bench_stm_fill
	.type	bench_stm_fill, %function
bench_stm_fill:
	push	{r4-r10}
	mov	r3, r2
	mov	r4, r2
	mov	r5, r2
	mov	r6, r2
	mov	r7, r2
	mov	r8, r2
	mov	r9, r2
	mov	r10, r2
1:	stmia	r0!, {r3-r10}
	stmia	r0!, {r3-r10}
	stmia	r0!, {r3-r10}
	stmia	r0!, {r3-r10}
	subs	r1, r1, #32
	bhi	1b
	pop	{r4-r10}
	bx	lr
	.size	bench_stm_fill, . - bench_stm_fill

	.global	bench_stm_inc
	.type	bench_stm_inc, %function
bench_stm_inc:
	push	{r4-r11}
	mov	r4, r2			/* r4..r11 = w .. w + 7 step */
	add	r5, r4, r3
	add	r6, r5, r3
	add	r7, r6, r3
	add	r8, r7, r3
	add	r9, r8, r3
	add	r10, r9, r3
	add	r11, r10, r3
	lsl	r3, r3, #3		/* 8 step */
1:	stmia	r0!, {r4-r11}
	add	r4, r4, r3
	add	r5, r5, r3
	add	r6, r6, r3
	add	r7, r7, r3
	add	r8, r8, r3
	add	r9, r9, r3
	add	r10, r10, r3
	add	r11, r11, r3
	stmia	r0!, {r4-r11}
	add	r4, r4, r3
	add	r5, r5, r3
	add	r6, r6, r3
	add	r7, r7, r3
	add	r8, r8, r3
	add	r9, r9, r3
	add	r10, r10, r3
	add	r11, r11, r3
	subs	r1, r1, #16
	bhi	1b
	pop	{r4-r11}
	bx	lr
	.size	bench_stm_inc, . - bench_stm_inc
