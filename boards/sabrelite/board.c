/*
 * boards/sabrelite/board.c - memory map of QEMU's sabrelite (NXP i.MX6Quad
 * SABRE Lite, four Cortex-A9 MPCore) as vmsa regions, and how its
 * secondary CPUs start: the System Reset Controller (SRC), through the
 * board's cpu_on (BOOT_SMP_BOARD). RAM base, size and the table format
 * come from board.mk.
 *
 * Covers RAM and its high alias, the boot ROM, OCRAM, the Cortex-A9
 * private region (SCU, GIC, timers), UART1, the SRC and the AIPS-2
 * peripheral block. Does not cover the rest of AIPS-1/2, the GPU, IPU,
 * PCIe and EIM windows, or powering a CPU off again.
 *
 * Sizes chosen so the board alone needs every ARMv7 granule:
 * supersections (RAM, alias), a section (AIPS-2), large pages (OCRAM),
 * small pages (ROM tail, private region, UART1, SRC).
 * Addresses: i.MX6Dual/6Quad reference manual IMX6DQRM, 2.2 "ARM Platform
 * Memory Map" and 60 "System Reset Controller (SRC)" (SRC_SCR 60.7.1,
 * SRC_GPR1..10 60.7.10-19); QEMU hw/arm/fsl-imx6.c, hw/misc/imx6_src.c.
 */
#include <boot.h>
#include <vmsa/arch.h>

#define SRC_BASE          0x020D8000u
#define SRC_SCR           0x00u  /* control: per-core reset and enable */
#define SRC_GPR1          0x20u  /* GPR1 + 8n: core n's entry, + 4: its
                                  * argument (GPR2 + 8n) */
#define SCR_CORE1_RST     14u    /* bit 14 + n - 1: reset core n */
#define SCR_CORE1_ENABLE  22u    /* bit 22 + n - 1: core n runs */

static volatile uint32_t *src_reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(SRC_BASE + off);
}

/*
 * Start core `cpu` (1-3) at `entry`, as Linux's imx_enable_cpu and
 * imx_set_cpu_jump do: the entry address into its GPR (the boot ROM jumps
 * there; QEMU jumps there directly, in Secure SVC), then its enable and
 * reset bits in SRC_SCR in one write. The DSB puts everything boot
 * published for the secondaries (cleaned to the point of coherency)
 * before the write that starts the core. Returns -1 for a core this SoC
 * does not have, -2 for one already enabled (setting the bit again would
 * not start it).
 */
static int sabrelite_cpu_on(unsigned cpu, uint32_t entry)
{
	uint32_t scr;

	if (cpu < 1 || cpu > 3)
		return -1;
	scr = *src_reg(SRC_SCR);
	if (scr & (1u << (SCR_CORE1_ENABLE + cpu - 1)))
		return -2;
	*src_reg(SRC_GPR1 + 8u * cpu) = entry;
	*src_reg(SRC_GPR1 + 8u * cpu + 4u) = 0;
	vmsa_arch_dsb();
	*src_reg(SRC_SCR) = scr | 1u << (SCR_CORE1_ENABLE + cpu - 1) |
	                    1u << (SCR_CORE1_RST + cpu - 1);
	return 0;
}

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA | VMSA_SHARED },
	/* The boot ROM from 4KB: page 0 stays unmapped, so NULL faults. */
	{ .name = "boot-rom", .va = VMSA_VA_C(0x00001000),
	  .pa = VMSA_PA_C(0x00001000), .size = 0x00017000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "ocram", .va = VMSA_VA_C(0x00900000),
	  .pa = VMSA_PA_C(0x00900000), .size = 0x00040000,
	  .attrs = VMSA_DATA },
	{ .name = "a9-private", .va = VMSA_VA_C(0x00a00000),
	  .pa = VMSA_PA_C(0x00a00000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
	{ .name = "uart1", .va = VMSA_VA_C(0x02020000),
	  .pa = VMSA_PA_C(0x02020000), .size = 0x00004000,
	  .attrs = VMSA_DEVICE },
	{ .name = "src", .va = VMSA_VA_C(SRC_BASE),
	  .pa = VMSA_PA_C(SRC_BASE), .size = 0x00004000,
	  .attrs = VMSA_DEVICE },
	{ .name = "aips2", .va = VMSA_VA_C(0x02100000),
	  .pa = VMSA_PA_C(0x02100000), .size = 0x00100000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "sabrelite",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x02020000,      /* UART1, i.MX UART */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.cpus = 4,                    /* CPUs 1-3 off until the SRC starts them */
	.smp_release = BOOT_SMP_BOARD,
	.cpu_on = sabrelite_cpu_on,
	.gic_dist = 0x00a01000,       /* Cortex-A9 private region: distributor */
	.gic_cpu = 0x00a00100,        /* CPU interface */
};
