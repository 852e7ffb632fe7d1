/*
 * tests/qemu/demo.c - what `make run` shows: the boot log (src/boot), the
 * board's tables as vmsa_dump and vmsa_dump_raw print them, one fault
 * taken, decoded and survived, then a clean exit through semihosting.
 * Not a test: it asserts nothing (tests/qemu/test_mmu.c does).
 */
#include <stdio.h>

#include <vmsa.h>
#include <boot.h>
#include "dumpfile.h"

static void out(void *arg, const char *s)
{
	(void)arg;
	fputs(s, stdout);
}

int main(void)
{
	struct vmsa_stats st;
	struct fault_info f;
	const uint32_t hole = 0xD3000000u;   /* no board maps it */

	vmsa_stats(&boot_table, &st);
	printf("\n== %s: %u regions, format %s; %lu translation entries, "
	       "%lu descriptors, %lu L2 tables\n", board.name,
	       (unsigned)board.n_regions, fmt_name(boot_table.fmt),
	       (unsigned long)st.entries, (unsigned long)st.descriptors,
	       (unsigned long)st.l2_tables);

	printf("\n== vmsa_dump\n");
	vmsa_dump(&boot_table, board.regions, board.n_regions, out, NULL);
	printf("\n== vmsa_dump_raw\n");
	vmsa_dump_raw(&boot_table, out, NULL);

	printf("\n== reading unmapped VA 0x%08lx (a fault is expected)\n",
	       (unsigned long)hole);
	expect_fault(EXC_DABT);
	(void)*(volatile uint32_t *)hole;
	if (fault_taken(&f))
		printf("caught: data abort, %s fault, %s, %s, DFAR 0x%08lx, "
		       "DFSR 0x%03lx, pc 0x%08lx; resumed after it\n",
		       fault_type_name(f.type),
		       f.level == 1 ? "section (L1)" : "page (L2)",
		       f.write ? "write" : "read", (unsigned long)f.far,
		       (unsigned long)f.fsr, (unsigned long)f.pc);
	else
		printf("no fault taken (unexpected)\n");
	printf("\n== done, exiting with status 0\n");
	return 0;
}
