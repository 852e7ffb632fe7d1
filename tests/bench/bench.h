/*
 * tests/bench/bench.h - baselines of the benchmark firmware (base.c,
 * stm.S). See tests/bench/bench.c.
 */
#ifndef VMSA_BENCH_H
#define VMSA_BENCH_H

#include <stdint.h>

void bench_c_fill(uint32_t *p, uint32_t n, uint32_t w);
void bench_c_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step);
void bench_c_rep(uint32_t *p, uint32_t groups, uint32_t rep, uint32_t w,
                 uint32_t step);
/* stm.S: n a multiple of 32 (fill) or 16 (inc). */
void bench_stm_fill(uint32_t *p, uint32_t n, uint32_t w);
void bench_stm_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step);

#endif
