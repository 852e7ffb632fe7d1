/*
 * tests/qemu/test_prebuilt.h - prebuilt tables against the firmware's
 * own build (tests/qemu/test_prebuilt.c), run first by both test mains.
 */
#ifndef VMSA_TEST_PREBUILT_H
#define VMSA_TEST_PREBUILT_H

#include <vmsa.h>

/* live: the boot table. */
void prebuilt_tests(struct vmsa_table *live);

#endif
