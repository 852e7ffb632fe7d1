/*
 * src/check/vmsa_check.c - the offline check: a host program that maps a
 * firmware's region array with the library itself, as the firmware does
 * at boot, and prints what the boot would: the plan (vmsa_plan_ex), the
 * refusal message (vmsa_format_region_error), the summary and raw dumps
 * (vmsa_dump, vmsa_dump_raw) and the policy checker's findings
 * (vmsa_check_policy). No QEMU, no hardware: the tables live in host
 * memory at the physical addresses the options give.
 *
 * The array comes from vmsa_check_input() (include/vmsa/check.h), which
 * scripts/vmsa-check writes around the firmware's own source. With
 * --image-syms (the symbol table of a firmware linked with
 * linker/vmsa.ld, as `nm -P` prints it; scripts/vmsa-check --elf) the
 * image's own regions are added as the vmsa boot stub adds them
 * (src/boot/layout.c, the same code) and the tables are placed where the
 * firmware's boot_l1 and boot_pool are, so the dumps are the boot's.
 *
 * Exit status: 0 the regions map; 1 they are refused (the message on
 * stderr); 2 bad usage or input; 3 --policy found something.
 *
 * Does not cover: reading the ELF (scripts/vmsa-check runs nm), drawing
 * (scripts/vmsa-svg.py), anything done after boot (vmsa_map at run time).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/check.h>

#include "../boot/layout.h"

static const char usage[] =
	"usage: %s [--fmt v7|v7-pxn|v7-remap|v7-remap-pxn|v5] [--pool BYTES]\n"
	"          [--tables-pa ADDR] [--smp] [--image-syms FILE] [--regions]\n"
	"          [--dump] [--raw] [--policy]\n";

struct opts {
	const char *fmt, *syms;
	unsigned long long pool, tables_pa;
	bool have_pool, have_pa, smp, regions, dump, raw, policy;
};

static const struct {
	const char *name;
	vmsa_fmt_t fmt;
} fmts[] = {
	{ "v7", VMSA_FMT_V7 },
	{ "v7-pxn", VMSA_FMT_V7 | VMSA_FMT_PXN },
	{ "v7-remap", VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP },
	{ "v7-remap-pxn", VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP | VMSA_FMT_PXN },
	{ "v5", VMSA_FMT_V5 },
};

static const char *fmt_name(vmsa_fmt_t f)
{
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
		if (fmts[i].fmt == f)
			return fmts[i].name;
	return "?";
}

static bool number(const char *s, unsigned long long *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return *s && !*end && errno == 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--dump"))
			o->dump = true;
		else if (!strcmp(a, "--raw"))
			o->raw = true;
		else if (!strcmp(a, "--policy"))
			o->policy = true;
		else if (!strcmp(a, "--smp"))
			o->smp = true;
		else if (!strcmp(a, "--regions"))
			o->regions = true;
		else if (v && !strcmp(a, "--fmt"))
			o->fmt = argv[++i];
		else if (v && !strcmp(a, "--image-syms"))
			o->syms = argv[++i];
		else if (v && !strcmp(a, "--pool") && number(v, &o->pool))
			o->have_pool = true, i++;
		else if (v && !strcmp(a, "--tables-pa") &&
		         number(v, &o->tables_pa))
			o->have_pa = true, i++;
		else {
			fprintf(stderr, "%s: bad option '%s'\n", argv[0], a);
			return -1;
		}
	}
	return 0;
}

/* The image's part addresses, boot_l1 and boot_pool from `nm -P` output
 * ("name type value [size]" per line, hex). Returns 0, or -1 with a
 * message when a part's symbol is missing. */
static int read_syms(const char *path, struct boot_layout *l,
                     unsigned long long *l1_pa, unsigned long long *pool_pa,
                     unsigned long long *pool_size)
{
	static const char *const lo_names[] = {
#define BOOT_PART_LO_(nm, s, e, a) #s,
		BOOT_IMAGE_PARTS(BOOT_PART_LO_)
	};
	static const char *const hi_names[] = {
#define BOOT_PART_HI_(nm, s, e, a) #e,
		BOOT_IMAGE_PARTS(BOOT_PART_HI_)
	};
	unsigned found_lo = 0, found_hi = 0;
	char line[512], name[256], type[8], value[32], size[32];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "vmsa-check: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*l1_pa = *pool_pa = *pool_size = ~0ull;
	while (fgets(line, sizeof line, f)) {
		size[0] = '\0';
		if (sscanf(line, "%255s %7s %31s %31s", name, type, value,
		           size) < 3)
			continue;
		unsigned long long v = strtoull(value, NULL, 16);
		for (unsigned i = 0; i < BOOT_IMAGE_NPARTS; i++) {
			if (!strcmp(name, lo_names[i]))
				l->lo[i] = (uint32_t)v, found_lo |= 1u << i;
			if (!strcmp(name, hi_names[i]))
				l->hi[i] = (uint32_t)v, found_hi |= 1u << i;
		}
		if (!strcmp(name, "boot_l1"))
			*l1_pa = v;
		if (!strcmp(name, "boot_pool")) {
			*pool_pa = v;
			if (size[0])
				*pool_size = strtoull(size, NULL, 16);
		}
	}
	fclose(f);
	for (unsigned i = 0; i < BOOT_IMAGE_NPARTS; i++) {
		if (!(found_lo & found_hi & (1u << i))) {
			fprintf(stderr, "vmsa-check: %s: no symbol %s: not a "
			        "firmware linked with linker/vmsa.ld\n", path,
			        !(found_lo & (1u << i)) ? lo_names[i] :
			        hi_names[i]);
			return -1;
		}
	}
	return 0;
}

static void out(void *arg, const char *s)
{
	(void)arg;
	fputs(s, stdout);
}

static void finding(void *arg, const struct vmsa_finding *f)
{
	char line[224];
	(void)arg;
	vmsa_format_finding(f, line, sizeof line);
	printf("  %s\n", line);
}

static bool executable(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	vmsa_attr_t c;
	return vmsa_attr_canonical(fmt, a, &c) == VMSA_OK && !(c & VMSA_XN);
}

/* What the demo prints (tests/qemu/demo.c): every region USR may not
 * touch is a privileged range for the policy checker. */
static int policy(const struct vmsa_table *t, const struct vmsa_region *r,
                  size_t nr)
{
	static struct vmsa_region priv[BOOT_REGIONS_MAX];
	struct vmsa_region *p = nr > BOOT_REGIONS_MAX ?
		calloc(nr, sizeof *p) : priv;
	size_t n = 0;
	int rc;

	if (p == NULL)
		return VMSA_ERR_NOMEM;
	for (size_t i = 0; i < nr; i++)
		if (!(r[i].attrs & (VMSA_USER | VMSA_USER_RO)))
			p[n++] = r[i];
	printf("\n== vmsa_check_policy (W^X, DEVICE-EXEC, USER-PRIV over the "
	       "%u privileged regions, ALIAS)\n", (unsigned)n);
	rc = vmsa_check_policy(t, VMSA_POL_ALL, p, n, finding, NULL);
	if (rc < 0)
		printf("policy: vmsa_check_policy failed: %s\n",
		       vmsa_strerror(rc));
	else
		printf("policy: %d finding%s\n", rc, rc == 1 ? "" : "s");
	if (p != priv)
		free(p);
	return rc;
}

static void *alloc(size_t align, size_t size)
{
	size = (size + align - 1) / align * align;
	void *p = aligned_alloc(align, size ? size : align);
	if (p)
		memset(p, 0, size ? size : align);
	return p;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct vmsa_check_input in = { 0 };
	static struct vmsa_region boot[BOOT_REGIONS_MAX];
	const struct vmsa_region *r;
	struct vmsa_region_error why;
	struct vmsa_plan plan;
	struct vmsa_table t;
	char msg[320];
	size_t n;
	unsigned long long l1_pa, pool_pa, pool_bytes, syms_pool = ~0ull;
	int rc;

	if (parse(argc, argv, &o) != 0) {
		fprintf(stderr, usage, argv[0]);
		return 2;
	}
	vmsa_check_input(&in);
	if (in.name == NULL)
		in.name = "(unnamed)";
	if (o.fmt) {
		size_t i = 0;
		while (i < sizeof fmts / sizeof fmts[0] &&
		       strcmp(fmts[i].name, o.fmt))
			i++;
		if (i == sizeof fmts / sizeof fmts[0]) {
			fprintf(stderr, "vmsa-check: --fmt %s: one of v7, v7-pxn, "
			        "v7-remap, v7-remap-pxn, v5\n", o.fmt);
			return 2;
		}
		in.fmt = fmts[i].fmt;
	}
	r = in.regions;
	n = in.n;
	l1_pa = o.have_pa ? o.tables_pa : 0;
	pool_pa = l1_pa + VMSA_L1_BYTES;
	if (o.syms) {
		struct boot_layout l;
		unsigned long long s_l1, s_pool;
		if (read_syms(o.syms, &l, &s_l1, &s_pool, &syms_pool) != 0)
			return 2;
		rc = boot_layout_regions(&l, in.fmt, in.regions, in.n, boot,
		                         BOOT_REGIONS_MAX, &n);
		if (rc != VMSA_OK) {
			fprintf(stderr, "board %s: image and board need more than "
			        "%u regions\n", in.name, BOOT_REGIONS_MAX);
			return 1;
		}
		r = boot;
		if (!o.have_pa && s_l1 != ~0ull && s_pool != ~0ull)
			l1_pa = s_l1, pool_pa = s_pool;
	}

	/* The pool: as given, else the firmware's, else what the plan needs
	 * at the peak. */
	rc = vmsa_plan_ex(NULL, in.fmt, r, n, &plan, &why);
	if (rc != VMSA_OK) {
		vmsa_format_region_error(&why, msg, sizeof msg);
		fprintf(stderr, "board %s: %s\n", in.name, msg);
		return 1;
	}
	pool_bytes = o.have_pool ? o.pool : syms_pool != ~0ull ? syms_pool :
		plan.pool_units * 1024ull;
	uint32_t *l1 = alloc(VMSA_L1_BYTES, VMSA_L1_BYTES);
	void *pool = alloc(VMSA_L2_FINE_BYTES, (size_t)pool_bytes);
	if (l1 == NULL || pool == NULL) {
		fprintf(stderr, "vmsa-check: out of memory\n");
		return 2;
	}
	rc = vmsa_init(&t, in.fmt, l1, vmsa_pa(l1_pa), pool, vmsa_pa(pool_pa),
	               (size_t)pool_bytes);
	if (rc != VMSA_OK) {
		fprintf(stderr, "board %s: vmsa_init (format %s, L1 at PA "
		        "%#llx, pool of %llu bytes at PA %#llx): %s\n", in.name,
		        fmt_name(in.fmt), l1_pa, pool_bytes, pool_pa,
		        vmsa_strerror(rc));
		return 1;
	}
	if (o.smp)
		vmsa_set_flags(&t, VMSA_TF_SMP, 0);
	rc = vmsa_plan_ex(&t, 0, r, n, &plan, &why);
	if (rc == VMSA_OK)
		rc = vmsa_map_regions_ex(&t, r, n, &why);
	if (rc != VMSA_OK) {
		vmsa_format_region_error(&why, msg, sizeof msg);
		fprintf(stderr, "board %s: %s\n", in.name, msg);
		return 1;
	}
	printf("board %s: %u regions%s fit, format %s: L1 at PA 0x%08llx, "
	       "a %llu KB pool at PA 0x%08llx\n", in.name, (unsigned)n,
	       o.syms ? " (the image's and the board's)" : "",
	       fmt_name(in.fmt), l1_pa, pool_bytes / 1024u, pool_pa);
	printf("plan: %u second-level table%s (%u fine), %u KB of the pool "
	       "at the peak, %u KB at the end; %u translation entries, %u "
	       "descriptors\n", plan.l2_tables, plan.l2_tables == 1 ? "" : "s",
	       plan.l2_fine, plan.pool_units, plan.pool_units_final,
	       plan.entries, plan.descriptors);

	if (o.regions) {
		printf("\n== regions\n");
		for (size_t i = 0; i < n; i++)
			printf("  %-10s 0x%08lx-0x%08lx -> 0x%08llx %s %s%s\n",
			       r[i].name ? r[i].name : "(unnamed)",
			       (unsigned long)r[i].va.v,
			       (unsigned long)(r[i].va.v + r[i].size),
			       (unsigned long long)r[i].pa.p,
			       (r[i].attrs & VMSA_RO) ? "RO" : "RW",
			       executable(in.fmt, r[i].attrs) ? "X" : "NX",
			       (r[i].attrs & (VMSA_USER | VMSA_USER_RO)) ?
			       " user" : "");
	}
	/* Headers from the board's regions, as the demo and gdb's
	 * `vmsa dump board.regions board.n_regions` print them. */
	if (o.dump) {
		printf("\n== vmsa_dump\n");
		vmsa_dump(&t, in.regions, in.n, out, NULL);
	}
	if (o.raw) {
		printf("\n== vmsa_dump_raw\n");
		vmsa_dump_raw(&t, out, NULL);
	}
	rc = o.policy ? policy(&t, r, n) : 0;
	free(l1);
	free(pool);
	return rc != 0 ? 3 : 0;
}
