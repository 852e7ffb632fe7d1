/*
 * src/boot/boot_v5.c - C side of the boot stub in its ARMv5 form
 * (ARM926EJ-S), chosen by board.mk's BOOT_SRCS with start_v5.S: bring up
 * the UART, build the translation tables from the board's regions, turn
 * the MMU on with the armv5 arch layer, run main() and exit with its
 * status. Offers the part of boot.h an ARMv5 firmware can use.
 *
 * Differences from boot.c: no MPIDR (ARMv5 has none; the boot line shows
 * MIDR only), one CPU (boot_smp_start never releases anything), the cache
 * is cleaned with the ARM926 "test, clean and invalidate" operation
 * instead of set/way over CLIDR, no DSB/ISB instructions (drain write
 * buffer through the arch layer), and the SCTLR bits set are C and I only
 * (bit 11, Z on ARMv7, should be zero on the ARM926).
 *
 * Covers a uniprocessor ARM926EJ-S at PL1 with the image identity mapped.
 * Does not cover ARMv6, XScale or high vectors.
 *
 * References: ARM926EJ-S TRM (DDI 0198E) 2.3.2 (c1 control), 2.3.8 (c7:
 * test, clean and invalidate DCache, invalidate ICache), 2.3.9 (c8).
 */
#include <stdio.h>
#include <stdlib.h>

#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "boot.h"
#include "../uart/uart.h"

/* With prebuilt tables (make TABLES=prebuilt) the host generator's
 * object defines both, finished (src/boot/boot.c says more). */
#ifdef VMSA_BOOT_PREBUILT
extern uint32_t boot_l1[VMSA_L1_ENTRIES];
extern uint8_t boot_pool[BOOT_POOL_BYTES];
#else
static uint32_t boot_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t boot_pool[BOOT_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_FINE_BYTES)));
#endif
struct vmsa_table boot_table;
unsigned boot_ncpus = 1;

int main(void);

/* boot_build_table: src/boot/tables.c */

static uint32_t v5_read_sctlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

void boot_main(void);

void boot_main(void)
{
	uart_init(board.uart_base);
	printf("\nvmsa boot: board %s, MIDR 0x%08lx, CPSR mode 0x%02x\n",
	       board.name, (unsigned long)read_midr(),
	       (unsigned)(read_cpsr() & 0x1fu));

#ifdef VMSA_BOOT_PREBUILT
	/* Tables finished at build time: the registers and the enable
	 * sequence, then the engine adopts them. */
	static struct vmsa_table pre;
	boot_prebuilt_regs(&pre, boot_l1, boot_pool, sizeof boot_pool);
	vmsa_arch_mmu_enable(&pre, BOOT_DACR, SCTLR_C | SCTLR_I);
	if (boot_adopt_prebuilt(&boot_table, boot_l1, boot_pool,
	                        sizeof boot_pool) != VMSA_OK)
		exit(2);
#else
	int rc = boot_build_table(&boot_table, board.fmt, 0u, boot_l1, boot_pool,
	                          sizeof boot_pool);
	if (rc != VMSA_OK) {
		printf("boot: cannot build the tables, MMU stays off\n");
		exit(2);
	}
	if (boot_check_mapped(&boot_table) != 0)
		exit(2);
	vmsa_arch_mmu_enable(&boot_table, BOOT_DACR, SCTLR_C | SCTLR_I);
#endif
	printf("vmsa boot: MMU on (SCTLR 0x%08lx, TTB 0x%08lx)\n",
	       (unsigned long)v5_read_sctlr(), (unsigned long)read_ttbr0());
	boot_print_tables(&boot_table);
	exit(main());
}

/* Turn the D-cache off, then clean and invalidate it with the ARM926's
 * test, clean and invalidate loop (c7 c14 3 sets the Z flag once no dirty
 * line is left) and drain the write buffer, then turn the MMU off and
 * invalidate the I-cache and TLB. C is cleared first: a line dirtied
 * after the clean (a call's push, a spilled register) would be lost once
 * the cache is off; so from clearing C to the drain it is one asm block
 * that touches no memory. */
void boot_mmu_disable(struct vmsa_table *live)
{
	uint32_t sctlr;

	__asm__ volatile(
		"	mrc	p15, 0, %0, c1, c0, 0\n"
		"	bic	%0, %0, #4\n"                /* SCTLR.C */
		"	mcr	p15, 0, %0, c1, c0, 0\n"
		"1:	mrc	p15, 0, APSR_nzcv, c7, c14, 3\n"
		"	bne	1b\n"
		"	mov	%0, #0\n"
		"	mcr	p15, 0, %0, c7, c10, 4\n"    /* drain write buffer */
		: "=&r"(sctlr) : : "cc", "memory");
	sctlr = v5_read_sctlr() & ~(SCTLR_M | SCTLR_C);
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tnop\n\tnop"
	                 : : "r"(sctlr) : "memory");
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory");
	vmsa_arch_tlbi_all(false);
	if (live)
		live->flags &= ~VMSA_TF_LIVE;
}

/* Code written as data: clean the D-cache lines (and drain), then
 * invalidate the whole I-cache (c7 c5 0). */
void boot_sync_icache(const void *p, size_t len)
{
	vmsa_arch_sync_table(p, len);
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory");
}

/* One CPU: nothing to release. */
void boot_smp_start(void (*entry)(unsigned cpu))
{
	(void)entry;
}

unsigned boot_smp_online(void)
{
	return 0;
}
