/*
 * tests/qemu/test_hyp.h - the Hyp mode (PL2) tests of test_hyp.c:
 * src/fmt/fmt_lpae.c's Hyp encodings and src/arch/armv7/hyp.c judged by
 * the MMU of the Hyp regime. The test firmware runs them from hyp_main
 * (src/boot/boot.h) when QEMU starts it in Hyp mode (vexpress-a15's
 * `hyp` configuration), and hyp_pl1_tests from test_mmu.c's main on
 * every ARMv7 board.
 */
#ifndef VMSA_TEST_HYP_H
#define VMSA_TEST_HYP_H

/* At PL1: the Hyp calls refuse (VMSA_ERR_UNSUPPORTED), and the QEMU
 * configuration did not announce a Hyp entry (-append entry=hyp). One
 * check. */
void hyp_pl1_tests(void);

#endif
