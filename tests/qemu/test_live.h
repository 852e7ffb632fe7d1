/*
 * tests/qemu/test_live.h - the live-table tests of test_live.c (split and
 * merge, failure atomicity, fault hooks, SMP), run by test_mmu.c's main.
 */
#ifndef VMSA_TEST_LIVE_H
#define VMSA_TEST_LIVE_H

#include <vmsa.h>

/* t: the live boot table. Releases the secondary CPUs when there are
 * any, and sends them to WFI before returning. */
void live_tests(struct vmsa_table *t);

#endif
