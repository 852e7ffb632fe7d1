/*
 * src/boot/syscalls.c - the newlib system calls the firmware needs:
 * output to the board's UART, exit through semihosting, a heap for
 * malloc. Everything else fails politely.
 *
 * Covers newlib's reentrant-free stubs (_write, _read, _sbrk, _exit and
 * the file calls newlib's stdio references). Does not cover input, files
 * (the table images go through sh_write_file, semihosting's own calls,
 * and the command line QEMU was given through sh_get_cmdline), or
 * locking.
 *
 * Semihosting: ARM DUI 0471 "Semihosting operations"; QEMU handles
 * `SVC 0x123456` in ARM state when run with -semihosting-config enable=on.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "boot.h"
#include "../uart/uart.h"

#define SYS_OPEN          0x01
#define SYS_CLOSE         0x02
#define SYS_WRITE         0x05
#define SYS_GET_CMDLINE   0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit 0x20026

static uint32_t semihost(uint32_t op, const void *arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

/* Write len bytes to a host file through semihosting (mode 4 = "wb").
 * Returns 0 or -1. Used to save table images for scripts/vmsa-decode.py. */
int sh_write_file(const char *path, const void *data, size_t len)
{
	uint32_t open_args[3] = { (uint32_t)path, 4, (uint32_t)strlen(path) };
	int32_t fd = (int32_t)semihost(SYS_OPEN, open_args);
	if (fd < 0)
		return -1;
	uint32_t wr[3] = { (uint32_t)fd, (uint32_t)data, (uint32_t)len };
	uint32_t left = semihost(SYS_WRITE, wr);
	uint32_t cl[1] = { (uint32_t)fd };
	semihost(SYS_CLOSE, cl);
	return left == 0 ? 0 : -1;
}

/* The command line QEMU gives semihosting (SYS_GET_CMDLINE): the
 * -kernel image's path and -append's words, unless -semihosting-config
 * arg= says otherwise. Returns 0 with buf NUL-terminated, or -1 (buf
 * too small, or no semihosting answer). */
int sh_get_cmdline(char *buf, size_t len)
{
	uint32_t args[2] = { (uint32_t)buf, (uint32_t)len };

	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (semihost(SYS_GET_CMDLINE, args) != 0 || args[1] >= len)
		return -1;
	buf[args[1]] = '\0';
	return 0;
}

void _exit(int status)
{
	/* SYS_EXIT_EXTENDED makes QEMU exit with `status` (plain SYS_EXIT
	 * can only say 0 or 1). */
	uint32_t block[2] = { ADP_Stopped_ApplicationExit, (uint32_t)status };
	semihost(SYS_EXIT_EXTENDED, block);
	for (;;)
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
		__asm__ volatile("wfi");
#else
		/* ARMv5 (ARM926EJ-S): wait for interrupt is a CP15 c7 op. */
		__asm__ volatile("mcr p15, 0, %0, c7, c0, 4" : : "r"(0));
#endif
}

int _write(int fd, const char *buf, int len);
int _write(int fd, const char *buf, int len)
{
	(void)fd;
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
	return len;
}

int _read(int fd, char *buf, int len);
int _read(int fd, char *buf, int len)
{
	(void)fd; (void)buf; (void)len;
	return 0;
}

/* Heap between the end of the image and __heap_end (linker script). */
extern char __heap_start[], __heap_end[];
void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *old = brk;
	if (incr > __heap_end - brk || incr < __heap_start - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return old;
}

int _close(int fd);
int _close(int fd) { (void)fd; return -1; }
int _fstat(int fd, struct stat *st);
int _fstat(int fd, struct stat *st) { (void)fd; st->st_mode = S_IFCHR; return 0; }
int _isatty(int fd);
int _isatty(int fd) { (void)fd; return 1; }
int _lseek(int fd, int off, int whence);
int _lseek(int fd, int off, int whence) { (void)fd; (void)off; (void)whence; return 0; }
int _kill(int pid, int sig);
int _kill(int pid, int sig) { (void)pid; (void)sig; errno = EINVAL; return -1; }
int _getpid(void);
int _getpid(void) { return 1; }
