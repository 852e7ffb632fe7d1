/*
 * src/uart/imx.c - polled transmit on the i.MX UART (i.MX6UL reference
 * manual IMX6ULRM, chapter 53 "Universal Asynchronous Receiver/
 * Transmitter": 53.15.2 UTXD, 53.15.3 UCR1, 53.15.4 UCR2, 53.15.13 UTS).
 *
 * Covers output at whatever baud rate the ROM or QEMU left (QEMU ignores
 * the divisors and resets the UART enabled). Does not cover input,
 * interrupts, DMA, or the clock gating of a real board (CCM CCGR5 must
 * already have UART1's clock on, as the boot ROM leaves it).
 */
#include "mmio.h"

#define UTXD   0x40
#define UCR1   0x80
#define UCR2   0x84
#define UTS    0xb4
#define UCR1_UARTEN (1u << 0)
#define UCR2_SRST   (1u << 0)      /* active low: 1 = not in reset */
#define UCR2_TXEN   (1u << 2)
#define UCR2_WS     (1u << 5)      /* 8-bit words */
#define UCR2_IRTS   (1u << 14)     /* ignore RTS */
#define UTS_TXFULL  (1u << 4)

void uart_init(uintptr_t base)
{
	uart = (volatile uint32_t *)base;
	*reg(UCR1) |= UCR1_UARTEN;
	*reg(UCR2) |= UCR2_SRST | UCR2_TXEN | UCR2_WS | UCR2_IRTS;
}

void uart_putc(char c)
{
	uart_tx(UTS, UTS_TXFULL, UTXD, c);
}
