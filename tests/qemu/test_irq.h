/*
 * tests/qemu/test_irq.h - the lock's IRQ masking judged by a real
 * interrupt (test_irq.c), run by test_mmu.c's main on ARMv7 boards.
 */
#ifndef VMSA_TEST_IRQ_H
#define VMSA_TEST_IRQ_H

#include <vmsa.h>

/* boot: the live boot table (its format is the writer table's). Leaves
 * IRQs masked and the GIC's CPU interface off. */
void irq_tests(const struct vmsa_table *boot);

#endif
