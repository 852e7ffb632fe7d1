/*
 * tests/qemu/test_isolation.h - isolation judged by real faults (USR
 * access to privileged memory, NULL dereference, stack guard page, device
 * memory never executable) and the policy checker on the live table; run
 * by test_mmu.c's main (ARMv7 boards) and test_mmu_v5.c's (ARMv5).
 */
#ifndef VMSA_TEST_ISOLATION_H
#define VMSA_TEST_ISOLATION_H

#include <vmsa.h>

/* t: the live boot table. */
void isolation_tests(struct vmsa_table *t);

#endif
