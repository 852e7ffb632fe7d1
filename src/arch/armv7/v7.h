/*
 * src/arch/armv7/v7.h - private to the ARMv7 arch layer: what its MMU
 * files share (mmu.c, lpae.c, hyp.c): the data cache turned off and
 * emptied in one asm block, for PL1 (SCTLR) and Hyp mode (HSCTLR), and
 * the 64-bit PAR read after an address translation operation.
 */
#ifndef VMSA_ARCH_V7_H
#define VMSA_ARCH_V7_H

#include <stdint.h>

/*
 * The control register's C bit cleared (SCTLR: ctl_opc1 0; HSCTLR: 4),
 * then every data cache level up to the point of coherency cleaned and
 * invalidated by set/way (B2.2.7, the ARM ARM's example over CLIDR's
 * levels), DSB, CSSELR back to level 1. Between clearing C and the end
 * of the clean no load or store may run (a line dirtied after its set
 * was cleaned would be lost, and with C clear a load may miss a dirty
 * line), so all of it is one asm block in registers only, a statement
 * macro rather than a function so that nothing of the caller's frame is
 * touched in between (scripts/check-mmu-off.sh reads the machine code).
 * A single way: CLZ(0) = 32, and a shift by 32 gives 0 (way 0).
 */
#define V7_DCACHE_OFF_CLEAN_ALL(ctl_opc1) do {                                 \
	uint32_t clidr_, loc2_, lvl2_, t1_, t2_, ways_, wsh_, sets_, w_, sw_;  \
	__asm__ volatile(                                                     \
		"	mrc	p15, " #ctl_opc1 ", %[t1], c1, c0, 0\n"         \
		"	bic	%[t1], %[t1], #4\n"          /* C */            \
		"	mcr	p15, " #ctl_opc1 ", %[t1], c1, c0, 0\n"         \
		"	isb\n"                                                \
		"	mrc	p15, 1, %[clidr], c0, c0, 1\n"  /* CLIDR */     \
		"	ubfx	%[loc2], %[clidr], #24, #3\n"  /* LoC */       \
		"	lsl	%[loc2], %[loc2], #1\n"                        \
		"	mov	%[lvl2], #0\n"                                 \
		"1:	cmp	%[lvl2], %[loc2]\n"                            \
		"	bge	5f\n"                                          \
		"	add	%[t2], %[lvl2], %[lvl2], lsr #1\n" /* 3 * lvl */ \
		"	lsr	%[t1], %[clidr], %[t2]\n"                      \
		"	and	%[t1], %[t1], #7\n"                            \
		"	cmp	%[t1], #2\n"                                   \
		"	blt	4f\n"                   /* no D-cache here */  \
		"	mcr	p15, 2, %[lvl2], c0, c0, 0\n"  /* CSSELR */    \
		"	isb\n"                                                \
		"	mrc	p15, 1, %[t1], c0, c0, 0\n"    /* CCSIDR */    \
		"	and	%[t2], %[t1], #7\n"                            \
		"	add	%[t2], %[t2], #4\n"     /* log2 line bytes */  \
		"	ubfx	%[ways], %[t1], #3, #10\n"   /* ways - 1 */   \
		"	clz	%[wsh], %[ways]\n"                             \
		"	ubfx	%[sets], %[t1], #13, #15\n"  /* sets - 1 */   \
		"2:	mov	%[w], %[ways]\n"                               \
		"3:	lsl	%[sw], %[w], %[wsh]\n"                         \
		"	orr	%[sw], %[sw], %[lvl2]\n"                       \
		"	lsl	%[t1], %[sets], %[t2]\n"                       \
		"	orr	%[sw], %[sw], %[t1]\n"                         \
		"	mcr	p15, 0, %[sw], c7, c14, 2\n"   /* DCCISW */    \
		"	subs	%[w], %[w], #1\n"                              \
		"	bge	3b\n"                                          \
		"	subs	%[sets], %[sets], #1\n"                        \
		"	bge	2b\n"                                          \
		"4:	add	%[lvl2], %[lvl2], #2\n"                        \
		"	b	1b\n"                                          \
		"5:	dsb\n"                                                \
		"	mov	%[t1], #0\n"                                   \
		"	mcr	p15, 2, %[t1], c0, c0, 0\n"  /* CSSELR = L1 */ \
		"	isb\n"                                                \
		: [clidr] "=&r"(clidr_), [loc2] "=&r"(loc2_),                 \
		  [lvl2] "=&r"(lvl2_), [t1] "=&r"(t1_), [t2] "=&r"(t2_),      \
		  [ways] "=&r"(ways_), [wsh] "=&r"(wsh_), [sets] "=&r"(sets_),\
		  [w] "=&r"(w_), [sw] "=&r"(sw_)                              \
		:                                                             \
		: "cc", "memory");                                            \
} while (0)

/* The PAR as the 64-bit register (MRRC, B4.1.113): after an ATS1C** or
 * ATS1H** and its ISB. */
static inline uint64_t v7_read_par64(void)
{
	uint32_t lo, hi;

	__asm__ volatile("mrrc p15, 0, %0, %1, c7" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

#endif /* VMSA_ARCH_V7_H */
