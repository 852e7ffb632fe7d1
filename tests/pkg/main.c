/*
 * tests/pkg/main.c - the out-of-tree example firmware: what a firmware
 * that installed vmsa writes to get its MMU on. It builds a table for
 * QEMU's vexpress-a9 (RAM identity mapped, the PL011 UART as one Device
 * page, and a second view of the last MB of RAM), turns the MMU on with
 * vmsa_arch_mmu_enable, prints vmsa_dump, checks through the alias that
 * the MMU translates, and exits through semihosting with 0 (all good) or 1.
 *
 * Freestanding: no libc. libvmsa.a needs memset (GCC may emit calls to it)
 * and libgcc's division helpers; memset is defined here.
 *
 * Board facts and the region array: map.h, map.c (QEMU's vexpress-a9
 * needs no UART set-up to print).
 */
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "map.h"

#define PL011_DR   0x00u
#define PL011_FR   0x18u
#define PL011_TXFF (1u << 5)

/* Tables in .vmsa_tables (the installed linker fragment): the L1 table
 * and room for four second-level tables. */
static uint32_t l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t pool[4 * VMSA_L2_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table table;

void *memset(void *s, int c, size_t n);
void *memset(void *s, int c, size_t n)
{
	volatile unsigned char *p = s;      /* volatile: not a memset call */

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

static void putc_uart(char c)
{
	volatile uint32_t *u = (volatile uint32_t *)UART0;

	while (u[PL011_FR / 4] & PL011_TXFF)
		;
	u[PL011_DR / 4] = (uint32_t)(unsigned char)c;
}

static void puts_uart(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_uart('\r');
		putc_uart(*s);
	}
}

static void put_hex(uint32_t v)
{
	int i;

	puts_uart("0x");
	for (i = 28; i >= 0; i -= 4)
		putc_uart("0123456789abcdef"[(v >> i) & 0xfu]);
}

static void dump_out(void *arg, const char *s)
{
	(void)arg;
	puts_uart(s);
}

/* SYS_EXIT_EXTENDED (0x20) with {ADP_Stopped_ApplicationExit, status}:
 * QEMU exits with `status`. Called by start.S when main returns. */
void semihost_exit(int status) __attribute__((noreturn));
void semihost_exit(int status)
{
	uint32_t block[2] = { 0x20026u, (uint32_t)status };
	register uint32_t r0 __asm__("r0") = 0x20u;
	register uint32_t *r1 __asm__("r1") = block;

	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	for (;;)
		;
}

static int check(int ok, const char *what)
{
	puts_uart(ok ? "ok: " : "FAIL: ");
	puts_uart(what);
	puts_uart("\n");
	return ok ? 0 : 1;
}

int main(void);
int main(void)
{
	size_t bad = 0;
	struct vmsa_xlat x;
	volatile uint32_t *alias = (volatile uint32_t *)ALIAS_VA;
	volatile uint32_t *direct = (volatile uint32_t *)ALIAS_PA;
	uint32_t sctlr;
	int rc, fails = 0;

	puts_uart("vmsa-example: start\n");
	rc = vmsa_init(&table, VMSA_FMT_V7, l1, vmsa_pa((uintptr_t)l1), pool,
	               vmsa_pa((uintptr_t)pool), sizeof pool);
	if (rc == VMSA_OK)
		rc = vmsa_map_regions(&table, example_map, example_map_count,
		                      &bad);
	if (rc != VMSA_OK) {
		puts_uart("vmsa-example: tables: ");
		puts_uart(vmsa_strerror(rc));
		puts_uart("\n");
		return 1;
	}
	vmsa_arch_mmu_enable(&table, DACR_CLIENT(0), SCTLR_C | SCTLR_I);
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	puts_uart("vmsa-example: MMU on, SCTLR ");
	put_hex(sctlr);
	puts_uart("\n");
	fails += check((sctlr & SCTLR_M) != 0, "SCTLR.M set");

	vmsa_dump(&table, example_map, example_map_count, dump_out, NULL);

	/* Written through the alias, read through the identity map. */
	alias[0] = 0x600dcafeu;
	alias[1] = ~0x600dcafeu;
	fails += check(direct[0] == 0x600dcafeu && direct[1] == ~0x600dcafeu,
	               "alias 0xa0000000 reaches PA 0x67f00000");
	fails += check(vmsa_translate(&table, vmsa_va(UART0 + 0x18), &x) ==
	               VMSA_OK && x.pa.p == UART0 + 0x18 &&
	               x.kind == VMSA_KIND_SMALL, "translate UART0 FR");
	fails += check(vmsa_translate(&table, vmsa_va(0x20000000), &x) ==
	               VMSA_ERR_NOTMAPPED, "0x20000000 not mapped");
	/* The policy checker links and runs in every build of the library
	 * (CMake's add_subdirectory compiles it without optimisation): one
	 * W^X finding, the RAM region that asked for VMSA_EXEC. */
	fails += check(vmsa_check_policy(&table, VMSA_POL_ALL, NULL, 0, NULL,
	                                 NULL) == 1,
	               "policy: one finding, W^X on the RAM region (VMSA_EXEC)");
	puts_uart(fails ? "vmsa-example: FAILED\n" : "vmsa-example: done\n");
	return fails ? 1 : 0;
}
