/*
 * src/uart/uart.h - the interface every UART driver in src/uart/ provides.
 * board.mk's UART variable chooses the one file linked; board.c gives the
 * base address. Polled output only: no input, no interrupts.
 */
#ifndef VMSA_UART_H
#define VMSA_UART_H

#include <stdint.h>

void uart_init(uintptr_t base);
void uart_putc(char c);
/* Reach the same UART through another mapping of its registers from now
 * on, without touching the device (no reset, no set-up); returns the
 * base used until now. For tests that map the UART at a second VA. */
uintptr_t uart_rebase(uintptr_t base);

#endif
