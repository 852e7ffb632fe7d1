/*
 * src/uart/cadence.c - polled transmit on the Cadence UART of the Zynq-7000
 * (Zynq-7000 TRM UG585, 19.2.3 "Controller Configuration" and appendix B.33
 * UART Controller: Control_reg0 0x00, mode_reg0 0x04, Channel_sts_reg0
 * 0x2C, TX_RX_FIFO0 0x30).
 *
 * Transmit is disabled at reset (in QEMU too): uart_init resets both data
 * paths, sets 8N1 normal mode and enables TX and RX, or nothing prints.
 * Covers output at whatever baud rate the ROM or QEMU left (QEMU ignores
 * the divisors). Does not cover input, interrupts or the baud generator.
 */
#include "mmio.h"

#define CR    0x00
#define MR    0x04
#define SR    0x2c
#define FIFO  0x30
#define CR_RXRES (1u << 0)
#define CR_TXRES (1u << 1)
#define CR_RXEN  (1u << 2)
#define CR_RXDIS (1u << 3)
#define CR_TXEN  (1u << 4)
#define CR_TXDIS (1u << 5)
#define MR_8N1   (4u << 3)         /* PAR = 1xx: no parity; CHRL 00: 8 bits;
                                      NBSTOP 00: 1 stop; CHMODE 00: normal */
#define SR_TXFULL (1u << 4)

void uart_init(uintptr_t base)
{
	uart = (volatile uint32_t *)base;
	*reg(CR) = CR_TXDIS | CR_RXDIS;
	*reg(MR) = MR_8N1;
	*reg(CR) = CR_TXRES | CR_RXRES;        /* self-clearing */
	while (*reg(CR) & (CR_TXRES | CR_RXRES))
		;
	*reg(CR) = CR_TXEN | CR_RXEN;
}

void uart_putc(char c)
{
	uart_tx(SR, SR_TXFULL, FIFO, c);
}
