/*
 * tests/qemu/dumpfile.c - dump lines and raw table images for the host
 * decoder check (see dumpfile.h). Not a general file layer: semihosting
 * writes only.
 */
#include <stdio.h>
#include <string.h>

#include <boot.h>
#include "dumpfile.h"

/* vmsa_dump sends pieces; print whole lines so the prefix starts each. */
void dump_line_out(void *arg, const char *s)
{
	struct dump_line_buf *lb = arg;
	for (; *s; s++) {
		if (*s == '\n' || lb->len == sizeof lb->buf - 1) {
			lb->buf[lb->len] = '\0';
			printf("%s%s\n", lb->prefix, lb->buf);
			lb->len = 0;
			if (*s == '\n')
				continue;
		}
		lb->buf[lb->len++] = *s;
	}
}

void dump_lines(const struct vmsa_table *t, const struct vmsa_region *regions,
                size_t n, const char *prefix)
{
	struct dump_line_buf lb = { .prefix = prefix, .len = 0 };
	int rc = vmsa_dump(t, regions, n, dump_line_out, &lb);
	if (lb.len)
		dump_line_out(&lb, "\n");
	if (rc != VMSA_OK)
		printf("%s(vmsa_dump: %s)\n", prefix, vmsa_strerror(rc));
}

const char *fmt_name(vmsa_fmt_t fmt)
{
	if ((fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5)
		return "v5";
	if (fmt == VMSA_FMT_LPAE)
		return "lpae";
	if (fmt & VMSA_FMT_PXN)
		return (fmt & VMSA_FMT_TEX_REMAP) ? "v7-remap-pxn" : "v7-pxn";
	return (fmt & VMSA_FMT_TEX_REMAP) ? "v7-remap" : "v7";
}

int dump_tables(const struct vmsa_table *t, const char *tag)
{
	char path[64], prefix[32];
	int rc = 0;

	printf("# vmsa-tables %s fmt=%s l1_pa=0x%08lx pool_pa=0x%08lx pool_bytes=%lu\n",
	       tag, fmt_name(t->fmt), (unsigned long)t->l1_pa.p,
	       (unsigned long)t->pool_pa.p, (unsigned long)t->pool_units * 1024ul);
	snprintf(path, sizeof path, "%s-l1.bin", tag);
	rc |= sh_write_file(path, t->l1, VMSA_L1_BYTES);
	snprintf(path, sizeof path, "%s-pool.bin", tag);
	rc |= sh_write_file(path, t->pool, (size_t)t->pool_units * 1024u);
	snprintf(prefix, sizeof prefix, "# %s| ", tag);
	dump_lines(t, NULL, 0, prefix);
	return rc ? -1 : 0;
}
