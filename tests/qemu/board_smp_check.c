/*
 * board_smp_check.c - the SMP half of the build-time board check, linked
 * beside the board's board.c into the board check program
 * (tests/qemu/board_check.mk): a board that starts its secondaries
 * itself (BOOT_SMP_BOARD) must give the function that does it (.cpu_on),
 * or the boot stub would run it on one CPU without a word.
 *
 * Runs before the region check (a constructor: the check program's main
 * is the library's offline check, src/check/vmsa_check.c, which knows
 * regions, not boards) and exits 1 with the reason, as a refused region
 * array does. Host only.
 */
#include <stdio.h>
#include <stdlib.h>

#include "boot.h"

__attribute__((constructor)) static void board_smp_check(void)
{
	if (board.smp_release == BOOT_SMP_BOARD && !board.cpu_on) {
		fprintf(stderr, "board %s: .smp_release is BOOT_SMP_BOARD but "
		        ".cpu_on is not set (the function that starts a "
		        "secondary CPU: docs/porting.md)\n", board.name);
		exit(1);
	}
}
