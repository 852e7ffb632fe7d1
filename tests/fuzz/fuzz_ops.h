/*
 * fuzz_ops.h - the differential fuzz target of fuzz_ops.c, shared by the
 * libFuzzer build and the plain replay driver (fuzz_main.c).
 */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include <stddef.h>
#include <stdint.h>

/* Operations run so far (all inputs). */
extern uint64_t fuzz_ops_total;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Hostile-caller calls run so far (fuzz_hostile.c). */
extern uint64_t fuzz_hostile_total;

struct vmsa_table;
/* One hostile call against table t (valid, set up by the target), its
 * arguments read from p[*off..n); calls fail(what) on a violation. */
void fuzz_hostile(struct vmsa_table *t, const uint8_t *p, size_t n,
                  size_t *off, void (*fail)(const char *what));

#endif
