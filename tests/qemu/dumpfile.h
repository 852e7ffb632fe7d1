/*
 * tests/qemu/dumpfile.h - print a table's summary dump on the UART and
 * save its raw memory to host files, so scripts/vmsa-decode.py can be
 * checked against the firmware's own vmsa_dump.
 */
#ifndef VMSA_DUMPFILE_H
#define VMSA_DUMPFILE_H

#include <vmsa.h>

/* A vmsa_out_fn (its arg a struct dump_line_buf, prefix set, len 0)
 * that prints what a dump sends as whole lines, each prefixed; a last
 * line without its newline stays in buf until "\n" is sent. */
struct dump_line_buf {
	const char *prefix;
	char buf[256];
	size_t len;
};
void dump_line_out(void *arg, const char *s);

/* Print every line of vmsa_dump(t, regions, n) prefixed with `prefix`. */
void dump_lines(const struct vmsa_table *t, const struct vmsa_region *regions,
                size_t n, const char *prefix);

/*
 * For the runner: print "# vmsa-tables TAG fmt=F l1_pa=0x.. pool_pa=0x..
 * pool_bytes=N", write TAG-l1.bin and TAG-pool.bin in QEMU's working
 * directory (semihosting), then the dump lines prefixed "# TAG| ".
 * Returns 0, or -1 if a file could not be written.
 */
int dump_tables(const struct vmsa_table *t, const char *tag);

/* "v7", "v7-remap", "v7-pxn", "v7-remap-pxn" or "v5": the decoder's
 * --fmt names. */
const char *fmt_name(vmsa_fmt_t fmt);

#endif
