/*
 * tests/qemu/demo.c - what `make run` shows: the boot log (src/boot), the
 * regions the boot stub mapped (the image's from the linker symbols, the
 * board's around it), the tables as vmsa_dump (under the board's region
 * names, as gdb's `vmsa dump board.regions board.n_regions` prints them)
 * and vmsa_dump_raw print them, one fault taken,
 * decoded and survived, the policy checker's findings on those tables
 * (none on ARMv7; on ARMv5 what it cannot enforce), then a clean exit
 * through semihosting.
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

static void finding(void *arg, const struct vmsa_finding *f)
{
	char line[224];
	(void)arg;
	vmsa_format_finding(f, line, sizeof line);
	printf("  %s\n", line);
}

/* Whether a region's attributes make it executable in this format (the
 * canonical form says so: no XN). */
static bool region_exec(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	vmsa_attr_t c;
	return vmsa_attr_canonical(fmt, a, &c) == VMSA_OK && !(c & VMSA_XN);
}

/* vmsa_check_policy over the live tables, with every boot region that
 * USR may not touch (the image's and the board's) given as a privileged
 * range. */
static void policy(const struct vmsa_region *r, size_t nr)
{
	static struct vmsa_region priv[BOOT_REGIONS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < nr && n < BOOT_REGIONS_MAX; i++)
		if (!(r[i].attrs & (VMSA_USER | VMSA_USER_RO)))
			priv[n++] = r[i];
	printf("\n== vmsa_check_policy (W^X, DEVICE-EXEC, USER-PRIV over the "
	       "%u privileged regions, ALIAS)\n", (unsigned)n);
	if ((boot_table.fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5)
		printf("note: ARMv5 cannot enforce W^X or execute-never: it has "
		       "no XN bit and no privileged read-only access, so the "
		       "image is mapped as the board's one RAM region, RW and "
		       "executable, and every uncached (device) mapping is "
		       "executable. The findings below are what that costs.\n");
	else
		printf("the image is mapped from its linker symbols: text RX, "
		       "rodata RO+XN, data, tables, stacks (guard page below "
		       "each) and heap RW+XN; RAM outside it RW+XN\n");
	int rc = vmsa_check_policy(&boot_table, VMSA_POL_ALL, priv, n,
	                           finding, NULL);
	if (rc < 0)
		printf("policy: vmsa_check_policy failed: %s\n", vmsa_strerror(rc));
	else
		printf("policy: %d finding%s\n", rc, rc == 1 ? "" : "s");
}

int main(void)
{
	struct vmsa_stats st;
	struct fault_info f;
	const uint32_t hole = 0xD3000000u;   /* no board maps it */
	const struct vmsa_region *r = board.regions;
	size_t nr = board.n_regions;

	(void)boot_regions(boot_table.fmt, &r, &nr);   /* what boot mapped */
	vmsa_stats(&boot_table, &st);
	printf("\n== %s: %u board regions, %u boot regions, format %s; %lu "
	       "translation entries, %lu descriptors, %lu L2 tables\n",
	       board.name, (unsigned)board.n_regions, (unsigned)nr,
	       fmt_name(boot_table.fmt), (unsigned long)st.entries,
	       (unsigned long)st.descriptors, (unsigned long)st.l2_tables);

	if ((boot_table.fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5)
		printf("\n== boot regions: the board's (ARMv5: the image stays "
		       "in its RAM region, see the note below)\n");
	else
		printf("\n== boot regions: the image's own (src/boot/image.c, "
		       "from linker symbols), then the board's around it\n");
	for (size_t i = 0; i < nr; i++)
		printf("  %-10s 0x%08lx-0x%08lx %s %s%s\n", r[i].name,
		       (unsigned long)r[i].va.v,
		       (unsigned long)(r[i].va.v + r[i].size),
		       (r[i].attrs & VMSA_RW) ? "RW" : "RO",
		       region_exec(boot_table.fmt, r[i].attrs) ? "X" : "NX",
		       (r[i].attrs & (VMSA_USER | VMSA_USER_RO)) ? " user" : "");

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
		       f.lpae ? (f.level == 1 ? "level 1" : f.level == 2 ?
		                 "level 2" : "level 3") :
		       f.level == 1 ? "section (L1)" : "page (L2)",
		       f.write ? "write" : "read", (unsigned long)f.far,
		       (unsigned long)f.fsr, (unsigned long)f.pc);
	else
		printf("no fault taken (unexpected)\n");
	policy(r, nr);
	printf("\n== done, exiting with status 0\n");
	return 0;
}
