/*
 * boards/raspi2b/board.c - memory map of QEMU's raspi2b (BCM2836, four
 * Cortex-A7) as vmsa regions. RAM base, size and the table format come
 * from board.mk; only the first RAM_SIZE bytes of the 1GB are mapped.
 *
 * Covers the low RAM and its high alias, the first 2MB of the peripheral
 * window at 0x3F000000 (system timer, interrupt controller, mailboxes),
 * the 64KB holding GPIO and the PL011 UART0 (0x3F201000), and the ARM
 * local peripherals (core mailboxes, local timer). Does not cover the
 * rest of RAM or of the peripheral window (USB, EMMC), or VideoCore bus
 * addresses.
 *
 * Granules: supersections (RAM, alias), sections (peripherals), a large
 * page (GPIO/UART), a small page (local peripherals).
 * Addresses: BCM2836 "ARM local peripherals" (QA7_rev3.4) and BCM2835
 * ARM Peripherals 1.2.3; QEMU hw/arm/bcm2836.c.
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA | VMSA_SHARED },
	{ .name = "periph", .va = VMSA_VA_C(0x3F000000),
	  .pa = VMSA_PA_C(0x3F000000), .size = 0x00200000,
	  .attrs = VMSA_DEVICE },
	{ .name = "gpio-uart", .va = VMSA_VA_C(0x3F200000),
	  .pa = VMSA_PA_C(0x3F200000), .size = 0x00010000,
	  .attrs = VMSA_DEVICE },
	{ .name = "arm-local", .va = VMSA_VA_C(0x40000000),
	  .pa = VMSA_PA_C(0x40000000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "raspi2b",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x3F201000,      /* UART0, PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.cpus = 4,                    /* QEMU starts every CPU at the entry */
	.smp_release = BOOT_SMP_PARKED,
};
