/*
 * tests/qemu/test_lpae.h - the long-descriptor (LPAE) tests of
 * test_lpae.c (src/fmt/fmt_lpae.c's encodings judged by the MMU through
 * the 64-bit PAR), run by test_mmu.c's main on every ARMv7 board.
 */
#ifndef VMSA_TEST_LPAE_H
#define VMSA_TEST_LPAE_H

#include <stdbool.h>
#include <vmsa.h>

/* t: the live short-descriptor table, live again when this returns.
 * secure: the CPU runs in Secure state (PAR.NS then reports the
 * descriptor's NS bit; in Non-secure state it is UNKNOWN). */
void lpae_tests(struct vmsa_table *t, bool secure);

#endif
