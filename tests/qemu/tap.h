/*
 * tests/qemu/tap.h - minimal TAP producer for the QEMU firmware: numbered
 * "ok N - name" / "not ok N - name" lines, "# " diagnostics, and the plan
 * "1..N" printed last (TAP allows a trailing plan; the runner checks it),
 * "# SKIP" directives.
 */
#ifndef VMSA_TAP_H
#define VMSA_TAP_H

#include <stdbool.h>

/* Report one check; returns cond so callers can add diagnostics. */
bool tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A check this CPU cannot run: "ok N - what # SKIP why" (the runner
 * counts it as skipped, not passed). */
void tap_skip(const char *what, const char *why);
/* Print the plan; returns the number of failed checks. */
int tap_done(void);

#endif
