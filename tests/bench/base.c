/*
 * tests/bench/base.c - the plain C baselines of the benchmark: loops that
 * write the same words as the engine, as a firmware author would write
 * them. Built with -fno-tree-loop-distribute-patterns so GCC keeps them as
 * loops (it would turn the zero loop into a memset call otherwise).
 */
#include <stdint.h>

#include "bench.h"

void bench_c_fill(uint32_t *p, uint32_t n, uint32_t w)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = w;
}

void bench_c_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = w + i * step;
}

/* Replicated entries: groups of `rep` copies, the word stepping per group
 * (supersections: 16 copies, 16MB apart). */
void bench_c_rep(uint32_t *p, uint32_t groups, uint32_t rep, uint32_t w,
                 uint32_t step)
{
	for (uint32_t g = 0; g < groups; g++, w += step)
		for (uint32_t k = 0; k < rep; k++)
			*p++ = w;
}
