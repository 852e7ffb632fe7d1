/*
 * src/uart/pl011.c - polled transmit on an ARM PrimeCell PL011 UART
 * (ARM DDI 0183, sections 3.3.1 UARTDR, 3.3.3 UARTFR, 3.3.8 UARTCR).
 *
 * Covers output at whatever baud rate the firmware or QEMU left; QEMU
 * ignores the divisors. Does not cover input, FIFOs' interrupts, or
 * modem lines.
 */
#include "mmio.h"

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTLCR_H 0x02c
#define UARTCR   0x030
#define FR_TXFF  (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE   (1u << 8)
#define LCR_WLEN8 (3u << 5)
#define LCR_FEN  (1u << 4)

void uart_init(uintptr_t base)
{
	uart = (volatile uint32_t *)base;
	/* 8N1 with FIFOs, then enable transmit (real hardware starts with
	 * UARTEN clear; QEMU starts enabled). */
	*reg(UARTCR) = 0;
	*reg(UARTLCR_H) = LCR_WLEN8 | LCR_FEN;
	*reg(UARTCR) = CR_UARTEN | CR_TXE;
}

void uart_putc(char c)
{
	uart_tx(UARTFR, FR_TXFF, UARTDR, c);
}
