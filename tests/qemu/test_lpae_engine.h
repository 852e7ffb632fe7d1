/*
 * tests/qemu/test_lpae_engine.h - the tests of test_lpae_engine.c: the
 * table engine writing long descriptors (VMSA_FMT_LPAE) on a live MMU,
 * judged through the 64-bit PAR and real accesses. Run by test_mmu.c's
 * main on every ARMv7 board, after test_lpae.c's.
 */
#ifndef VMSA_TEST_LPAE_ENGINE_H
#define VMSA_TEST_LPAE_ENGINE_H

#include <stdbool.h>
#include <vmsa.h>

/* t: the live short-descriptor table (its VMSA_TF_SMP is given to the
 * engine's long-descriptor table), live again when this returns.
 * secure: the CPU runs in Secure state (PAR.NS is then checked). */
void lpae_engine_tests(struct vmsa_table *t, bool secure);

#endif
