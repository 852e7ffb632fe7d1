/*
 * tests/qemu/test_boot.h - checks of the boot stub's pre-MMU mapping check
 * (tests/qemu/test_boot.c), run by both test mains.
 */
#ifndef VMSA_TEST_BOOT_H
#define VMSA_TEST_BOOT_H

#include <vmsa.h>

/* live: the boot table. */
void boot_check_tests(struct vmsa_table *live);

#endif
