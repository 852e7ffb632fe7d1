/*
 * src/boot/boot.c - C side of the boot stub: bring up the UART, build the
 * translation tables from the board's regions, turn the MMU on with the
 * arch layer's one enable sequence, run main() and exit with its status.
 *
 * Covers one CPU at PL1 with the image identity mapped (the board's RAM
 * region must map the image VA == PA). Does not cover relocation, device
 * trees, or bringing secondary CPUs into the tables (boot_smp_start only
 * releases them).
 */
#include <stdio.h>
#include <stdlib.h>

#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "boot.h"
#include "../uart/uart.h"

/* The boot table lives in .vmsa_tables (linker/vmsa-tables.ld), which is
 * NOLOAD and 16KB aligned: the L1 first, then the second-level pool. */
static uint32_t boot_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t boot_pool[BOOT_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
struct vmsa_table boot_table;

/* Secondary CPU release (start.S parks them on boot_smp_entry). */
void (*volatile boot_smp_entry)(unsigned cpu);
uint32_t boot_smp_stacks[4];
static uint8_t smp_stack_mem[4][4096] __attribute__((aligned(8)));

int main(void);

int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
                     void *pool, size_t pool_bytes)
{
	size_t bad = 0;
	/* Identity-mapped memory: PA == VA while the tables are built. */
	int rc = vmsa_init(t, fmt, l1, vmsa_pa((uintptr_t)l1), pool,
	                   vmsa_pa((uintptr_t)pool), pool_bytes);
	if (rc != VMSA_OK) {
		printf("boot: vmsa_init: %s\n", vmsa_strerror(rc));
		return rc;
	}
	rc = vmsa_map_regions(t, board.regions, board.n_regions, &bad);
	if (rc != VMSA_OK) {
		printf("boot: vmsa_map_regions: %s at region %u (%s)\n",
		       vmsa_strerror(rc), (unsigned)bad,
		       bad < board.n_regions ? board.regions[bad].name : "pool");
		return rc;
	}
	return VMSA_OK;
}

void boot_main(void);

void boot_main(void)
{
	uart_init(board.uart_base);
	printf("\nvmsa boot: board %s, MIDR 0x%08lx, MPIDR 0x%08lx, CPSR mode 0x%02x\n",
	       board.name, (unsigned long)read_midr(),
	       (unsigned long)read_mpidr(), (unsigned)(read_cpsr() & 0x1fu));

	int rc = boot_build_table(&boot_table, board.fmt, boot_l1, boot_pool,
	                          sizeof boot_pool);
	if (rc != VMSA_OK) {
		printf("boot: cannot build the tables, MMU stays off\n");
		exit(2);
	}
	vmsa_arch_mmu_enable(&boot_table, BOOT_DACR,
	                     SCTLR_C | SCTLR_I | SCTLR_Z);
	printf("vmsa boot: MMU on (SCTLR 0x%08lx, TTBR0 0x%08lx)\n",
	       (unsigned long)read_sctlr(), (unsigned long)read_ttbr0());
	exit(main());
}

/*
 * Clean and invalidate the whole data cache by set/way (B2.2.7, the
 * sequence of the ARM ARM example "Cleaning and invalidating the data
 * cache by set/way" over CLIDR's levels of coherence), then turn the MMU
 * and the D-cache off. Dirty lines must reach memory first: with the MMU
 * off every data access is Strongly-ordered and would miss them.
 */
void boot_mmu_disable(struct vmsa_table *live)
{
	uint32_t clidr, loc, sctlr;

	__asm__ volatile("mrc p15, 1, %0, c0, c0, 1" : "=r"(clidr));
	loc = (clidr >> 24) & 7u;
	for (uint32_t level = 0; level < loc; level++) {
		uint32_t ctype = (clidr >> (3 * level)) & 7u, ccsidr;
		if (ctype < 2)
			continue;          /* no data cache at this level */
		__asm__ volatile("mcr p15, 2, %0, c0, c0, 0\n\tisb"
		                 : : "r"(level << 1));     /* CSSELR */
		__asm__ volatile("mrc p15, 1, %0, c0, c0, 0" : "=r"(ccsidr));
		uint32_t line_shift = (ccsidr & 7u) + 4;
		uint32_t ways = ((ccsidr >> 3) & 0x3ffu) + 1;
		uint32_t sets = ((ccsidr >> 13) & 0x7fffu) + 1;
		uint32_t way_shift = (uint32_t)__builtin_clz(ways - 1);
		for (uint32_t w = 0; w < ways; w++)
			for (uint32_t s = 0; s < sets; s++) {
				uint32_t sw = (level << 1) | (s << line_shift) |
				              (ways > 1 ? w << way_shift : 0);
				__asm__ volatile("mcr p15, 0, %0, c7, c14, 2"
				                 : : "r"(sw) : "memory"); /* DCCISW */
			}
	}
	__asm__ volatile("dsb" : : : "memory");
	sctlr = read_sctlr() & ~(SCTLR_M | SCTLR_C);
	write_sctlr(sctlr);
	vmsa_arch_tlbi_all(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	if (live)
		live->flags &= ~VMSA_TF_LIVE;
}

void boot_sync_icache(const void *p, size_t len)
{
	vmsa_arch_sync_table(p, len);      /* DCCMVAU + DSB: same need */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory"); /* ICIALLU */
	vmsa_arch_bp_inval(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
}

void boot_smp_start(void (*entry)(unsigned cpu))
{
	for (unsigned i = 0; i < 4; i++)
		boot_smp_stacks[i] = (uint32_t)(uintptr_t)&smp_stack_mem[i][4096];
	__asm__ volatile("dmb" : : : "memory");
	boot_smp_entry = entry;
	__asm__ volatile("dsb\n\tsev" : : : "memory");
}
