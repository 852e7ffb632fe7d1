/*
 * tests/qemu/test_image.h - the boot stub's map of the firmware image
 * judged by real faults (text and rodata not writable; data, stack and
 * heap not executable; stack guard pages; tables out of USR's reach) and
 * the W^X debug option on the live table; run by test_mmu.c's main on
 * the ARMv7 boards.
 */
#ifndef VMSA_TEST_IMAGE_H
#define VMSA_TEST_IMAGE_H

#include <vmsa.h>

/* t: the live boot table. */
void image_tests(struct vmsa_table *t);

#endif
