/*
 * docs/cookbook-words.c - prints the descriptor words that docs/cookbook.md
 * quotes, computed by vmsa's own encoders (the format modules in src/fmt) on the host, so the
 * cookbook never states a word by hand. `make cookbook-words` builds and
 * runs it; scripts/test-pkg.sh checks every line it prints is in the
 * cookbook.
 *
 * Output: markdown table rows. Words are for output address 0 (a section
 * maps PA 0x00000000, a small page PA 0x00000000): OR in the address.
 * A "-" is an attribute set the format cannot express (the encoder's
 * error is named instead).
 */
#include <stdio.h>

#include <vmsa.h>
#include <vmsa/desc.h>

struct recipe {
	const char *name;
	vmsa_attr_t v7;         /* for VMSA_FMT_V7, with or without remap */
	const char *v7_flags;
	vmsa_attr_t v5;         /* for VMSA_FMT_V5 (0: no such use) */
	const char *v5_flags;
};

static void word(vmsa_fmt_t fmt, int level, vmsa_attr_t a)
{
	struct vmsa_desc d = { .type = level == 1 ? VMSA_DESC_SECTION :
	                                            VMSA_DESC_SMALL,
	                       .pa = VMSA_PA_C(0), .attrs = a };
	uint32_t w = 0;
	int rc = level == 1 ? vmsa_l1_encode(fmt, &d, &w) :
	                      vmsa_l2_encode(fmt, false, &d, &w);

	if (rc == VMSA_OK)
		printf(" `0x%08x` |", (unsigned)w);
	else
		printf(" - (%s) |", vmsa_strerror(rc));
}

static void bits(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	struct vmsa_desc d = { .type = VMSA_DESC_SECTION, .pa = VMSA_PA_C(0),
	                       .attrs = a };
	struct vmsa_bits b;
	uint32_t w;

	if (vmsa_l1_encode(fmt, &d, &w) != VMSA_OK) {
		printf(" - |");
		return;
	}
	vmsa_desc_bits(fmt, 1, false, w, &b);
	if ((fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5)
		printf(" C=%u B=%u |", b.c, b.b);
	else
		printf(" TEX=%u%u%u C=%u B=%u S=%u XN=%u |", (b.tex >> 2) & 1,
		       (b.tex >> 1) & 1, b.tex & 1, b.c, b.b, b.s, b.xn);
}

int main(void)
{
	static const struct recipe recipes[] = {
		{ "code", VMSA_CODE, "VMSA_CODE",
		  VMSA_MT_WRITEBACK | VMSA_RW, "VMSA_MT_WRITEBACK \\| VMSA_RW" },
		{ "read-only data", VMSA_RODATA, "VMSA_RODATA",
		  VMSA_MT_WRITEBACK | VMSA_RW, "VMSA_MT_WRITEBACK \\| VMSA_RW" },
		{ "data, stacks", VMSA_DATA, "VMSA_DATA",
		  VMSA_MT_WRITEBACK | VMSA_RW, "VMSA_MT_WRITEBACK \\| VMSA_RW" },
		{ "DMA buffer, non-cached",
		  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN,
		  "VMSA_MT_NORMAL_NC \\| VMSA_RW \\| VMSA_XN",
		  VMSA_MT_UNCACHED | VMSA_RW, "VMSA_MT_UNCACHED \\| VMSA_RW" },
		{ "DMA buffer, cached + maintenance", VMSA_DATA, "VMSA_DATA",
		  VMSA_MT_WRITEBACK | VMSA_RW, "VMSA_MT_WRITEBACK \\| VMSA_RW" },
		{ "device registers", VMSA_DEVICE, "VMSA_DEVICE",
		  VMSA_MT_UNCACHED | VMSA_RW, "VMSA_MT_UNCACHED \\| VMSA_RW" },
		{ "framebuffer (write-combining)",
		  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN,
		  "VMSA_MT_NORMAL_NC \\| VMSA_RW \\| VMSA_XN",
		  VMSA_MT_BUFFERABLE | VMSA_RW,
		  "VMSA_MT_BUFFERABLE \\| VMSA_RW" },
		{ "code written at run time (loader, JIT)",
		  VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC,
		  "VMSA_MT_WRITEALLOC \\| VMSA_RW \\| VMSA_EXEC",
		  VMSA_MT_WRITEBACK | VMSA_RW, "VMSA_MT_WRITEBACK \\| VMSA_RW" },
		{ "shared memory between cores", VMSA_DATA | VMSA_SHARED,
		  "VMSA_DATA \\| VMSA_SHARED", 0, "(no SMP on ARMv5)" },
	};

	static const struct { const char *name; vmsa_attr_t mt; } cb[] = {
		{ "C=0 B=0", VMSA_MT_UNCACHED },
		{ "C=0 B=1", VMSA_MT_BUFFERABLE },
		{ "C=1 B=0", VMSA_MT_WRITETHROUGH },
		{ "C=1 B=1", VMSA_MT_WRITEBACK },
	};
	const vmsa_fmt_t v7 = VMSA_FMT_V7;
	const vmsa_fmt_t remap = VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP;
	size_t i;

	printf("<!-- recipes: ARMv7 flags, section, small page; "
	       "ARMv7+remap section, small page; ARMv5 flags, section -->\n");
	for (i = 0; i < sizeof recipes / sizeof recipes[0]; i++) {
		const struct recipe *r = &recipes[i];
		printf("| %s | `%s` |", r->name, r->v7_flags);
		word(v7, 1, r->v7);
		word(v7, 2, r->v7);
		word(remap, 1, r->v7);
		word(remap, 2, r->v7);
		if (r->v5) {
			printf(" `%s` |", r->v5_flags);
			word(VMSA_FMT_V5, 1, r->v5);
		} else {
			printf(" %s | - |", r->v5_flags);
		}
		printf("\n");
	}

	printf("<!-- C/B: RW, section at PA 0: ARMv5, ARMv7, ARMv7+remap -->\n");
	for (i = 0; i < sizeof cb / sizeof cb[0]; i++) {
		vmsa_attr_t a = cb[i].mt | VMSA_RW;
		vmsa_attr_t c7 = 0, cr = 0;

		vmsa_attr_canonical(v7, a, &c7);
		vmsa_attr_canonical(remap, a, &cr);
		printf("| %s | `%s` |", cb[i].name, vmsa_mt_name(cb[i].mt));
		word(VMSA_FMT_V5, 1, a);
		bits(VMSA_FMT_V5, a);
		word(v7, 1, a);
		bits(v7, a);
		printf(" %s |", vmsa_mt_name(c7));
		word(remap, 1, a);
		bits(remap, a);
		printf(" %s |\n", vmsa_mt_name(cr));
	}
	return 0;
}
