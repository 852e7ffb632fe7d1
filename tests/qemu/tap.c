/*
 * tests/qemu/tap.c - TAP output over the UART (via newlib's stdio). Not a
 * test framework: no subtests; a skip is an ok line with a # SKIP reason.
 */
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static int n_tests, n_failed;

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void tap_skip(const char *what, const char *why)
{
	n_tests++;
	printf("ok %d - %s # SKIP %s\n", n_tests, what, why);
}

int tap_done(void)
{
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d checks failed\n", n_failed, n_tests);
	fflush(stdout);
	return n_failed;
}
