/*
 * src/uart/mmio.h - what the polled UART drivers share: the register block
 * uart_init was given and the transmit loop. Included by the driver .c
 * files only (each is a program's one UART).
 */
#ifndef VMSA_UART_MMIO_H
#define VMSA_UART_MMIO_H

#include "uart.h"

static volatile uint32_t *uart;

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)((uintptr_t)uart + off);
}

/* Wait while register `status` has bit `full` set, then write c to
 * register `data`. Nothing before uart_init. */
static inline void uart_tx(uint32_t status, uint32_t full, uint32_t data,
                           char c)
{
	if (!uart)
		return;
	while (*reg(status) & full)
		;
	*reg(data) = (uint8_t)c;
}

#endif
