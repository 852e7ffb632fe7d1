/*
 * vmsa/check.h - what the offline check (vmsa-check, src/check) asks of
 * the file that holds a region array: one function that names the array.
 *
 * vmsa-check writes this function itself from its --array, --count,
 * --fmt and --name options (so a firmware's own source compiles as it
 * is); a file may also define it by hand and be checked with --input.
 * Host code only: not part of libvmsa.a.
 */
#ifndef VMSA_CHECK_H
#define VMSA_CHECK_H

#include <stddef.h>
#include <vmsa.h>

struct vmsa_check_input {
	const char *name;                  /* for messages: the board */
	const struct vmsa_region *regions; /* as the firmware maps them */
	size_t n;
	vmsa_fmt_t fmt;                    /* VMSA_FMT_* the firmware uses */
};

/* Fill *in. Called once, before anything is checked. */
void vmsa_check_input(struct vmsa_check_input *in);

#endif
