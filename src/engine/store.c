/*
 * store.c - layer 2: the loops that store and scan descriptor words, the
 * engine's only bulk writes and reads of table memory: runs of equal or
 * address-stepped words (vmsa_fill, vmsa_fill_inc, vmsa_store_words), the
 * overlap scan (vmsa_any_set) and the merge test (vmsa_run_continues).
 *
 * Does not cover: what the words mean (the format modules), making them
 * visible to the walker (maint.c).
 */
#include "engine.h"

/*
 * The store loops. On ARM (and Thumb-2) targets they are inline assembly:
 * GCC and clang turn the C forms into single-word stores (STR), and GCC 12
 * at -O2 miscompiled a C form with eight running registers (its loop
 * vectoriser gave entries 4-7 the values of 0-3). The assembly keeps eight
 * words in r2-r6 and r8-r10 (not r7 or r11, frame pointers in Thumb and
 * ARM) and stores them with two STMs a round: 16 words for 2 STMs and 2
 * loop instructions (fill), or 2 STMs, 16 ADDs and 2 (fill_inc). The host
 * build uses the C forms.
 */
#if defined(__arm__) && (defined(__ARM_ARCH_ISA_ARM) || defined(__thumb2__))
#define VMSA_STM_ASM 1
#define STM_REGS "{r2, r3, r4, r5, r6, r8, r9, r10}"
/* The eight running words of fill_inc, each one round (8 steps) on. */
#define ADD8 \
	"	add	%[a0], %[a0], %[s8]\n	add	%[a1], %[a1], %[s8]\n" \
	"	add	%[a2], %[a2], %[s8]\n	add	%[a3], %[a3], %[s8]\n" \
	"	add	%[a4], %[a4], %[s8]\n	add	%[a5], %[a5], %[s8]\n" \
	"	add	%[a6], %[a6], %[s8]\n	add	%[a7], %[a7], %[s8]\n"
#endif


#ifdef VMSA_STM_ASM
/* k rounds of 16 copies of the 32-bit word w (two STMs of eight); returns
 * where they stopped. */
static inline uint32_t *stm_fill(uint32_t *p, uint32_t k, uint32_t w)
{
	register uint32_t a0 __asm__("r2") = w, a1 __asm__("r3") = w;
	register uint32_t a2 __asm__("r4") = w, a3 __asm__("r5") = w;
	register uint32_t a4 __asm__("r6") = w, a5 __asm__("r8") = w;
	register uint32_t a6 __asm__("r9") = w, a7 __asm__("r10") = w;

	__asm__ volatile(
		"1:	stmia	%[p]!, " STM_REGS "\n"
		"	stmia	%[p]!, " STM_REGS "\n"
		"	subs	%[k], %[k], #1\n"
		"	bne	1b\n"
		: [p] "+r"(p), [k] "+r"(k)
		: "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5),
		  "r"(a6), "r"(a7)
		: "cc", "memory");
	return p;
}
#endif

/* Store n copies of w. */
void vmsa_fill(dw_t *p, uint32_t n, dw_t w)
{
#if defined(VMSA_STM_ASM) && !VMSA_ENG_LPAE
	if (n >= 16) {
		p = stm_fill(p, n / 16, w);
		n %= 16;
	}
#else
	for (; n >= 8; n -= 8, p += 8) {
		dw_store(&p[0], w); dw_store(&p[1], w);
		dw_store(&p[2], w); dw_store(&p[3], w);
		dw_store(&p[4], w); dw_store(&p[5], w);
		dw_store(&p[6], w); dw_store(&p[7], w);
	}
#endif
	while (n--)
		dw_store(p++, w);
}

/* Store w, w + step, w + 2 step ... */
void vmsa_fill_inc(dw_t *p, uint32_t n, dw_t w, uint32_t step)
{
#if defined(VMSA_STM_ASM) && !VMSA_ENG_LPAE
	if (n >= 16) {
		register uint32_t a0 __asm__("r2") = w;
		register uint32_t a1 __asm__("r3") = w + step;
		register uint32_t a2 __asm__("r4") = w + 2 * step;
		register uint32_t a3 __asm__("r5") = w + 3 * step;
		register uint32_t a4 __asm__("r6") = w + 4 * step;
		register uint32_t a5 __asm__("r8") = w + 5 * step;
		register uint32_t a6 __asm__("r9") = w + 6 * step;
		register uint32_t a7 __asm__("r10") = w + 7 * step;
		uint32_t k = n / 16, s8 = 8 * step;

		__asm__ volatile(
			"1:	stmia	%[p]!, " STM_REGS "\n" ADD8
			"	stmia	%[p]!, " STM_REGS "\n" ADD8
			"	subs	%[k], %[k], #1\n"
			"	bne	1b\n"
			: [p] "+r"(p), [k] "+r"(k), [a0] "+r"(a0), [a1] "+r"(a1),
			  [a2] "+r"(a2), [a3] "+r"(a3), [a4] "+r"(a4),
			  [a5] "+r"(a5), [a6] "+r"(a6), [a7] "+r"(a7)
			: [s8] "r"(s8)
			: "cc", "memory");
		w = a0;
		n %= 16;
	}
#else
	for (; n >= 8; n -= 8, p += 8, w += 8 * step) {
		dw_store(&p[0], w);
		dw_store(&p[1], w + step);
		dw_store(&p[2], w + 2 * step);
		dw_store(&p[3], w + 3 * step);
		dw_store(&p[4], w + 4 * step);
		dw_store(&p[5], w + 5 * step);
		dw_store(&p[6], w + 6 * step);
		dw_store(&p[7], w + 7 * step);
	}
#endif
	for (; n; n--, p++, w += step)
		dw_store(p, w);
}

/* Any non-fault word in p[0..n)? */
bool vmsa_any_set(const dw_t *p, uint32_t n)
{
	dw_t acc = 0;

	/* Eight words a round (one load multiple): the overlap check reads
	 * every descriptor of a request; the empty-table check stops at the
	 * first round with an entry. */
	for (; n >= 8; n -= 8, p += 8)
		if (p[0] | p[1] | p[2] | p[3] | p[4] | p[5] | p[6] | p[7])
			return true;
	while (n--)
		acc |= *p++;
	return acc != 0;
}

/* n granules of stride `step` bytes, each `per` descriptors, starting at p:
 * do they continue p[0]? */
bool vmsa_run_continues(const dw_t *p, uint32_t n, uint32_t per,
                        uint32_t step)
{
	uint32_t k, j;
	dw_t w = p[0];

	for (k = 0; k < n; k++, w += step)
		for (j = 0; j < per; j++)
			if (*p++ != w)
				return false;
	return true;
}

#if VMSA_ENG_LPAE
/* 32-bit words: the bitmaps, and a new table's zeroes before it is
 * linked (no walker reads it yet: no store needs to be whole). */
void vmsa_fill32(uint32_t *p, uint32_t n, uint32_t w)
{
#ifdef VMSA_STM_ASM
	if (n >= 16) {
		p = stm_fill(p, n / 16, w);
		n %= 16;
	}
#endif
	while (n--)
		*p++ = w;
}
#endif

void vmsa_store_words(dw_t *p, const struct vmsa_words *nw)
{
	uint32_t k;
	dw_t word = nw->word;

	if (nw->per == 1) {
		vmsa_fill_inc(p, nw->count, word, nw->step);
		return;
	}
	for (k = 0; k < nw->count; k++, p += nw->per, word += nw->step)
		vmsa_fill(p, nw->per, word);
}
