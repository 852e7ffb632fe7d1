/*
 * src/uart/mmio.h - what the polled UART drivers share: the register block
 * uart_init was given, uart_rebase and the transmit loop. Included by the
 * driver .c files only (each is a program's one UART).
 */
#ifndef VMSA_UART_MMIO_H
#define VMSA_UART_MMIO_H

#include "uart.h"

static volatile uint32_t *uart;

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)((uintptr_t)uart + off);
}

/* The same for every driver, so defined here (each program includes
 * this header once, through its one driver). */
uintptr_t uart_rebase(uintptr_t base)
{
	uintptr_t old = (uintptr_t)uart;

	uart = (volatile uint32_t *)base;
	return old;
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
