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

#endif
