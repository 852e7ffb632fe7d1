/*
 * test_desc.c - descriptor encoders and decoders against 32-bit words
 * worked out by hand from the ARM ARM (DDI 0406C B3.5.1 figures B3-4 and
 * B3-5, B3.7.1 table B3-8, B3.8.2 table B3-10, B3.8.3 with Linux's
 * PRRR/NMRR) and the ARM926EJ-S TRM 3.2 (figures 3-5, 3-7, 3-8, 3-10..12).
 *
 * PAs used throughout: section 0x12300000, small 0x12345000, large
 * 0x12340000, tiny 0x12345C00, coarse table 0x87654C00, fine table
 * 0x87655000. Expected decode attributes come from the independent
 * ref_canonical (refmodel.c), never from the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "refmodel.h"

#define V7   VMSA_FMT_V7
#define V7R  (VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP)
#define V7P  (VMSA_FMT_V7 | VMSA_FMT_PXN)
#define V5   VMSA_FMT_V5

#define RW   VMSA_RW
#define RO   VMSA_RO
#define UNC  VMSA_MT_UNCACHED
#define BUF  VMSA_MT_BUFFERABLE
#define WT   VMSA_MT_WRITETHROUGH
#define WB   VMSA_MT_WRITEBACK
#define EX   VMSA_EXEC

struct wcase {
	const char *cite;
	vmsa_fmt_t fmt;
	int level;            /* 1 or 2 */
	bool fine;
	enum vmsa_desc_type type;
	uint64_t pa;
	vmsa_attr_t attrs;
	uint32_t word;
};

static const struct wcase cases[] = {
	/* ---------------- ARMv7, TEX remap off ---------------- */
	{ "B3-4 L1 fault: bits[1:0]=00", V7, 1, false, VMSA_DESC_FAULT, 0, 0,
	  0x00000000u },
	{ "B3-4 section [1:0]=10, B3-10 TEX=000 C=0 B=0 (SO) -> XN=1 (policy), "
	  "B3-8 AP[2:0]=001 (bit10)", V7, 1, false, VMSA_DESC_SECTION,
	  0x12300000u, UNC | RW, 0x12300412u },
	{ "B3-4 section, TEX=000 C=0 B=1 (Shareable Device) XN=1 AP=001",
	  V7, 1, false, VMSA_DESC_SECTION, 0x12300000u, BUF | RW, 0x12300416u },
	{ "B3-4 section, TEX=000 C=1 B=0 (Normal WT) AP=001, EXEC: XN=0", V7,
	  1, false, VMSA_DESC_SECTION, 0x12300000u, WT | RW | EX, 0x1230040Au },
	{ "B3-4 section, TEX=000 C=1 B=1 (Normal WB) AP=001, EXEC: XN=0", V7,
	  1, false, VMSA_DESC_SECTION, 0x12300000u, WB | RW | EX, 0x1230040Eu },
	{ "B3-4 section, TEX=001 C=0 B=0 (Normal NC), EXEC: XN=0", V7, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, VMSA_MT_NORMAL_NC | RW | EX,
	  0x12301402u },
	/* The secure default: RW Normal memory without VMSA_EXEC is XN. */
	{ "B3-4 section, WB AP=001 (priv RW), no EXEC -> XN bit4 (default)",
	  V7, 1, false, VMSA_DESC_SECTION, 0x12300000u, WB | RW, 0x1230041Eu },
	{ "B3-4 section, NC AP=011 (user RW), no EXEC -> XN bit4 (default)",
	  V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_NORMAL_NC | RW | VMSA_USER, 0x12301C12u },
	{ "B3-4 section, WB AP=010 (user RO, priv RW), no EXEC -> XN bit4",
	  V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_USER_RO, 0x1230081Eu },
	{ "B3-4 section, WB AP=111 (RO, user RO) stays executable: XN=0", V7,
	  1, false, VMSA_DESC_SECTION, 0x12300000u, WB | RO | VMSA_USER,
	  0x12308C0Eu },
	{ "B3-4 section, TEX=010 C=0 B=0 (non-shareable Device) XN=1", V7, 1,
	  false, VMSA_DESC_SECTION, 0x12300000u, VMSA_MT_DEVICE_NS | RW,
	  0x12302412u },
	{ "B3-4 section, TEX=000 C=0 B=1 Device with EXEC: XN=0", V7, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, VMSA_MT_DEVICE | RW | VMSA_EXEC,
	  0x12300406u },
	{ "B3-4 section, TEX=001 C=1 B=1 (WBWA), AP[2:0]=111 (APX bit15, AP "
	  "11:10=11), S bit16, nG bit17, NS bit19, domain 5 bits 8:5",
	  V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_WRITEALLOC | RO | VMSA_USER | VMSA_NG | VMSA_SHARED |
	  VMSA_NS | VMSA_DOMAIN(5), 0x123B9CAEu },
	{ "B3-4 section, WB, AP[2:0]=010 (user RO), XN bit4, domain 15", V7, 1,
	  false, VMSA_DESC_SECTION, 0xFFF00000u,
	  WB | RW | VMSA_USER_RO | VMSA_XN | VMSA_DOMAIN(15), 0xFFF009FEu },
	{ "B3-4 section, WB, AP[2:0]=101 (priv RO)", V7, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RO, 0x1230840Eu },
	{ "B3-4 supersection bit18=1, PA[31:24]=0x45 bits31:24, PA[35:32]=0xB "
	  "bits23:20, PA[39:36]=0xA bits8:5, WB AP=001, EXEC", V7, 1, false,
	  VMSA_DESC_SUPERSECTION, 0xAB45000000ull, WB | RW | EX, 0x45B4054Eu },
	{ "B3-4 supersection WB AP=001, no EXEC -> XN bit4 (default)", V7, 1,
	  false, VMSA_DESC_SUPERSECTION, 0xAB45000000ull, WB | RW,
	  0x45B4055Eu },
	{ "B3-4 supersection below 4GB, SO -> XN", V7, 1, false,
	  VMSA_DESC_SUPERSECTION, 0x45000000u, UNC | RW, 0x45040412u },
	{ "B3-4 page table [1:0]=01, NS bit3, domain 3 bits 8:5, base 31:10",
	  V7, 1, false, VMSA_DESC_TABLE, 0x87654C00u,
	  VMSA_DOMAIN(3) | VMSA_NS, 0x87654C69u },
	{ "B3-4 page table, domain 0", V7, 1, false, VMSA_DESC_TABLE,
	  0x00000400u, 0, 0x00000401u },
	{ "B3-5 small page [1]=1 XN=bit0, TEX=000 C=0 B=0 SO -> XN, AP=001 "
	  "(bit4)", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u, UNC | RW,
	  0x12345013u },
	{ "B3-5 small, TEX=000 C=0 B=1 Device -> XN", V7, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, BUF | RW, 0x12345017u },
	{ "B3-5 small, TEX=000 C=1 B=0 WT, EXEC", V7, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, WT | RW | EX, 0x1234501Au },
	{ "B3-5 small, TEX=000 C=1 B=1 WB, EXEC", V7, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, WB | RW | EX, 0x1234501Eu },
	{ "B3-5 small, WB AP=001, no EXEC -> XN bit0 (default)", V7, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, WB | RW, 0x1234501Fu },
	{ "B3-5 small, WB APX=1 AP=01 (priv RO) stays executable: XN=0", V7,
	  2, false, VMSA_DESC_SMALL, 0x12345000u, WB | RO, 0x1234521Eu },
	{ "B3-5 small, TEX=001 (bits 8:6) C=1 B=1, APX bit9, AP=11, S bit10, "
	  "nG bit11", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  VMSA_MT_WRITEALLOC | RO | VMSA_USER | VMSA_NG | VMSA_SHARED,
	  0x12345E7Eu },
	{ "B3-5 small, TEX=010 Device non-shareable -> XN", V7, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, VMSA_MT_DEVICE_NS | RW, 0x12345093u },
	{ "B3-5 large [1:0]=01, XN bit15, SO, AP=001", V7, 2, false,
	  VMSA_DESC_LARGE, 0x12340000u, UNC | RW, 0x12348011u },
	{ "B3-5 large, Device (C=0 B=1) XN bit15", V7, 2, false,
	  VMSA_DESC_LARGE, 0x12340000u, BUF | RW, 0x12348015u },
	{ "B3-5 large, WT, EXEC", V7, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  WT | RW | EX, 0x12340019u },
	{ "B3-5 large, WB, EXEC", V7, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  WB | RW | EX, 0x1234001Du },
	{ "B3-5 large, WB AP=001, no EXEC -> XN bit15 (default)", V7, 2, false,
	  VMSA_DESC_LARGE, 0x12340000u, WB | RW, 0x1234801Du },
	{ "B3-5 large, TEX=001 bits 14:12 C=1 B=1, AP=010 (user RO), EXEC", V7,
	  2, false, VMSA_DESC_LARGE, 0x12340000u,
	  VMSA_MT_WRITEALLOC | RW | VMSA_USER_RO | EX, 0x1234102Du },
	{ "B3-5 large, WB, nG bit11, S bit10, XN bit15 requested", V7, 2,
	  false, VMSA_DESC_LARGE, 0x12340000u,
	  WB | RW | VMSA_NG | VMSA_SHARED | VMSA_XN, 0x12348C1Du },

	/* ---------------- ARMv7, TEX remap (Linux PRRR/NMRR) ---------------- */
	{ "B3.8.3 index 0 (TEX0 C B=000, SO) -> XN; section", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, UNC | RW, 0x12300412u },
	{ "B3.8.3 index 1 (001, Normal NC): EXEC, no XN", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, BUF | RW | EX, 0x12300406u },
	{ "B3.8.3 index 1 (001, Normal NC), no EXEC -> XN (default)", V7R, 1,
	  false, VMSA_DESC_SECTION, 0x12300000u, BUF | RW, 0x12300416u },
	{ "B3.8.3 index 2 (010, Normal WT), EXEC", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WT | RW | EX, 0x1230040Au },
	{ "B3.8.3 index 3 (011, Normal WB), EXEC", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RW | EX, 0x1230040Eu },
	{ "B3.8.3 index 4 (TEX0=1 C=0 B=0) Device, S=1 (DS1 shareable)", V7R,
	  1, false, VMSA_DESC_SECTION, 0x12300000u, VMSA_MT_DEVICE | RW,
	  0x12311412u },
	{ "B3.8.3 index 4 Device, S=0 (non-shareable)", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, VMSA_MT_DEVICE_NS | RW, 0x12301412u },
	{ "B3.8.3 index 7 (TEX0=1 C=1 B=1) WBWA, S=1 shareable", V7R, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_WRITEALLOC | RW | VMSA_SHARED | EX, 0x1231140Eu },
	{ "B3.8.3 index 7 WBWA S=1, no EXEC -> XN bit4 (default)", V7R, 1,
	  false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_WRITEALLOC | RW | VMSA_SHARED, 0x1231141Eu },
	{ "B3.8.3 index 1 on small page (NORMAL_NC folds to it), EXEC", V7R, 2,
	  false, VMSA_DESC_SMALL, 0x12345000u, VMSA_MT_NORMAL_NC | RW | EX,
	  0x12345016u },
	{ "B3.8.3 index 0 small, XN bit0", V7R, 2, false, VMSA_DESC_SMALL,
	  0x12345000u, UNC | RW, 0x12345013u },
	{ "B3.8.3 index 2 small, EXEC", V7R, 2, false, VMSA_DESC_SMALL,
	  0x12345000u, WT | RW | EX, 0x1234501Au },
	{ "B3.8.3 index 3 small, EXEC", V7R, 2, false, VMSA_DESC_SMALL,
	  0x12345000u, WB | RW | EX, 0x1234501Eu },
	{ "B3.8.3 index 4 small, S=1 bit10, TEX0 bit6, XN", V7R, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, VMSA_MT_DEVICE | RW, 0x12345453u },
	{ "B3.8.3 index 1 large, EXEC", V7R, 2, false, VMSA_DESC_LARGE,
	  0x12340000u, BUF | RW | EX, 0x12340015u },
	{ "B3.8.3 index 0 large XN bit15", V7R, 2, false, VMSA_DESC_LARGE,
	  0x12340000u, UNC | RW, 0x12348011u },
	{ "B3.8.3 index 2 large, EXEC", V7R, 2, false, VMSA_DESC_LARGE,
	  0x12340000u, WT | RW | EX, 0x12340019u },
	{ "B3.8.3 index 3 large, EXEC", V7R, 2, false, VMSA_DESC_LARGE,
	  0x12340000u, WB | RW | EX, 0x1234001Du },
	{ "B3.8.3 index 7 supersection, EXEC", V7R, 1, false,
	  VMSA_DESC_SUPERSECTION, 0x45000000u, VMSA_MT_WRITEALLOC | RW | EX,
	  0x4504140Eu },
	{ "B3.8.3 index 7 supersection, no EXEC -> XN bit4 (default)", V7R, 1,
	  false, VMSA_DESC_SUPERSECTION, 0x45000000u, VMSA_MT_WRITEALLOC | RW,
	  0x4504141Eu },

	/* ---------------- ARMv7 with PXN ---------------- */
	{ "B3-4 section with PXN: [1:0]=11 (bit0 = PXN), EXEC (PL0 only)",
	  V7P, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_PXN | EX, 0x1230040Fu },
	{ "B3-4 section with PXN, no EXEC -> XN bit4 too (default)", V7P, 1,
	  false, VMSA_DESC_SECTION, 0x12300000u, WB | RW | VMSA_PXN,
	  0x1230041Fu },
	{ "B3-4 supersection with PXN bit0, EXEC", V7P, 1, false,
	  VMSA_DESC_SUPERSECTION, 0x45000000u, WB | RW | VMSA_PXN | EX,
	  0x4504040Fu },
	{ "B3-4 page table with PXN bit2, NS bit3, domain 3", V7P, 1, false,
	  VMSA_DESC_TABLE, 0x87654C00u,
	  VMSA_DOMAIN(3) | VMSA_NS | VMSA_PXN, 0x87654C6Du },
	{ "B3-4 section without PXN on a PXN CPU: [1:0]=10, EXEC", V7P, 1,
	  false, VMSA_DESC_SECTION, 0x12300000u, WB | RW | EX, 0x1230040Eu },

	/* ---------------- ARMv5 (ARM926EJ-S TRM 3.2) ---------------- */
	{ "926 fig 3-5 L1 fault", V5, 1, false, VMSA_DESC_FAULT, 0, 0, 0u },
	{ "926 fig 3-5/3-7 section [1:0]=10, bit4=1, C=0 B=0, AP=01 bits 11:10",
	  V5, 1, false, VMSA_DESC_SECTION, 0x12300000u, UNC | RW, 0x12300412u },
	{ "926 section C=0 B=1 (buffered)", V5, 1, false, VMSA_DESC_SECTION,
	  0x12300000u, BUF | RW, 0x12300416u },
	{ "926 section C=1 B=0 (WT)", V5, 1, false, VMSA_DESC_SECTION,
	  0x12300000u, WT | RW, 0x1230041Au },
	{ "926 section C=1 B=1 (WB); RW without EXEC: ARMv5 has no XN, so the "
	  "execute-never default cannot apply and does not fail the call", V5,
	  1, false, VMSA_DESC_SECTION,
	  0x12300000u, WB | RW, 0x1230041Eu },
	{ "926 section WB, AP=11 (user RW), domain 15", V5, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RW | VMSA_USER | VMSA_DOMAIN(15),
	  0x12300DFEu },
	{ "926 section WT, AP=10 (user RO, bit11), domain 1", V5, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WT | RW | VMSA_USER_RO | VMSA_DOMAIN(1),
	  0x1230083Au },
	{ "926 fig 3-5 coarse table [1:0]=01, bit4=1, domain 3, base 31:10",
	  V5, 1, false, VMSA_DESC_TABLE, 0x87654C00u, VMSA_DOMAIN(3),
	  0x87654C71u },
	{ "926 fig 3-5 fine table [1:0]=11, bit4=1, domain 3, base 31:12", V5,
	  1, false, VMSA_DESC_FINE_TABLE, 0x87655000u, VMSA_DOMAIN(3),
	  0x87655073u },
	{ "926 fig 3-10 large [1:0]=01, AP3..AP0=01 (bits 11:4=0x55), C=0 B=0",
	  V5, 2, false, VMSA_DESC_LARGE, 0x12340000u, UNC | RW, 0x12340551u },
	{ "926 large C=0 B=1", V5, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  BUF | RW, 0x12340555u },
	{ "926 large C=1 B=0", V5, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  WT | RW, 0x12340559u },
	{ "926 large C=1 B=1", V5, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  WB | RW, 0x1234055Du },
	{ "926 large WB, AP=11 x4 (user RW)", V5, 2, false, VMSA_DESC_LARGE,
	  0x12340000u, WB | RW | VMSA_USER, 0x12340FFDu },
	{ "926 large in a fine table: same encoding", V5, 2, true,
	  VMSA_DESC_LARGE, 0x12340000u, WB | RW, 0x1234055Du },
	{ "926 fig 3-11 small [1:0]=10, AP x4=01, C=0 B=0", V5, 2, false,
	  VMSA_DESC_SMALL, 0x12345000u, UNC | RW, 0x12345552u },
	{ "926 small C=0 B=1", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  BUF | RW, 0x12345556u },
	{ "926 small C=1 B=0", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WT | RW, 0x1234555Au },
	{ "926 small C=1 B=1", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RW, 0x1234555Eu },
	{ "926 small WB, AP=10 x4 (user RO)", V5, 2, false, VMSA_DESC_SMALL,
	  0x12345000u, WB | RW | VMSA_USER_RO, 0x12345AAEu },
	{ "926 small in a fine table: same encoding", V5, 2, true,
	  VMSA_DESC_SMALL, 0x12345000u, WB | RW, 0x1234555Eu },
	{ "926 fig 3-12 tiny [1:0]=11, AP bits 5:4=01, C=0 B=0, base 31:10",
	  V5, 2, true, VMSA_DESC_TINY, 0x12345C00u, UNC | RW, 0x12345C13u },
	{ "926 tiny C=0 B=1", V5, 2, true, VMSA_DESC_TINY, 0x12345C00u,
	  BUF | RW, 0x12345C17u },
	{ "926 tiny C=1 B=0", V5, 2, true, VMSA_DESC_TINY, 0x12345C00u,
	  WT | RW, 0x12345C1Bu },
	{ "926 tiny C=1 B=1", V5, 2, true, VMSA_DESC_TINY, 0x12345C00u,
	  WB | RW, 0x12345C1Fu },
	{ "926 tiny WB AP=11", V5, 2, true, VMSA_DESC_TINY, 0x12345C00u,
	  WB | RW | VMSA_USER, 0x12345C3Fu },
};

static int enc(const struct wcase *c, uint32_t *w)
{
	struct vmsa_desc d = { c->type, vmsa_pa(c->pa), c->attrs };
	return c->level == 1 ? vmsa_l1_encode(c->fmt, &d, w)
	                     : vmsa_l2_encode(c->fmt, c->fine, &d, w);
}

static void test_encode_words(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct wcase *c = &cases[i];
		uint32_t w = 0xdeadbeefu;
		int rc = enc(c, &w);
		if (rc != VMSA_OK || w != c->word) {
			printf("  encode case %zu [%s]: fmt %#x attrs %#x pa %#llx: "
			       "rc %d word %#010x, expected %#010x\n", i, c->cite,
			       c->fmt, c->attrs, (unsigned long long)c->pa, rc, w,
			       c->word);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Expected decode: type, pa, and the canonical attrs per ref_canonical
 * (for table descriptors only the table bits). */
static void test_decode_words(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct wcase *c = &cases[i];
		struct vmsa_desc d;
		int rc = c->level == 1 ? vmsa_l1_decode(c->fmt, c->word, &d)
		                       : vmsa_l2_decode(c->fmt, c->fine, c->word, &d);
		vmsa_attr_t want = c->attrs;
		if (c->type != VMSA_DESC_FAULT && c->type != VMSA_DESC_TABLE &&
		    c->type != VMSA_DESC_FINE_TABLE) {
			assert_int_equal(ref_canonical(c->fmt, c->attrs, &want, NULL), 0);
		}
		bool ok = rc == VMSA_OK && d.type == c->type;
		if (ok && c->type != VMSA_DESC_FAULT)
			ok = d.pa.p == c->pa && d.attrs == want;
		if (!ok) {
			printf("  decode case %zu [%s] word %#010x: rc %d type %d pa "
			       "%#llx attrs %#x, expected type %d pa %#llx attrs %#x\n",
			       i, c->cite, c->word, rc, d.type,
			       (unsigned long long)d.pa.p, d.attrs, c->type,
			       (unsigned long long)c->pa, want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* B3-4: fields of the section word 0x123B9CAE read back by desc_bits. */
static void test_desc_bits(void **state)
{
	(void)state;
	struct vmsa_bits b;
	vmsa_desc_bits(V7, 1, false, 0x123B9CAEu, &b);
	assert_int_equal(b.tex, 1);
	assert_int_equal(b.c, 1);
	assert_int_equal(b.b, 1);
	assert_int_equal(b.ap, 7);
	assert_int_equal(b.s, 1);
	assert_int_equal(b.ng, 1);
	assert_int_equal(b.xn, 0);
	assert_int_equal(b.ns, 1);
	assert_int_equal(b.domain, 5);
	/* B3-5 small 0x12345093: TEX=010, XN=1, AP=001 */
	vmsa_desc_bits(V7, 2, false, 0x12345093u, &b);
	assert_int_equal(b.tex, 2);
	assert_int_equal(b.xn, 1);
	assert_int_equal(b.ap, 1);
	assert_int_equal(b.c, 0);
	assert_int_equal(b.b, 0);
	/* B3-5 large 0x12348C1D: XN bit15, S, nG, C, B, AP=001 */
	vmsa_desc_bits(V7, 2, false, 0x12348C1Du, &b);
	assert_int_equal(b.xn, 1);
	assert_int_equal(b.s, 1);
	assert_int_equal(b.ng, 1);
	assert_int_equal(b.tex, 0);
	assert_int_equal(b.ap, 1);
	/* 926 section 0x12300DFE: domain 15, AP=11, C=B=1 */
	vmsa_desc_bits(V5, 1, false, 0x12300DFEu, &b);
	assert_int_equal(b.domain, 15);
	assert_int_equal(b.ap, 3);
	assert_int_equal(b.c, 1);
	assert_int_equal(b.b, 1);
	/* 926 small 0x12345AAE: AP of subpage 0 = 10 */
	vmsa_desc_bits(V5, 2, false, 0x12345AAEu, &b);
	assert_int_equal(b.ap, 2);
}

struct ecase {
	const char *what;
	vmsa_fmt_t fmt;
	int level;
	bool fine;
	enum vmsa_desc_type type;
	uint64_t pa;
	vmsa_attr_t attrs;
	int rc;
};

static const struct ecase errs[] = {
	{ "XN on V5 section", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_XN, VMSA_ERR_UNSUPPORTED },
	{ "PXN on V5 section", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_PXN, VMSA_ERR_UNSUPPORTED },
	{ "XN on V5 small", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RW | VMSA_XN, VMSA_ERR_UNSUPPORTED },
	{ "XN on V5 tiny", V5, 2, true, VMSA_DESC_TINY, 0x12345C00u,
	  WB | RW | VMSA_XN, VMSA_ERR_UNSUPPORTED },
	{ "PXN on V5 coarse table", V5, 1, false, VMSA_DESC_TABLE, 0x87654C00u,
	  VMSA_PXN, VMSA_ERR_UNSUPPORTED },
	{ "RO on V5 (no AP for priv RO with S=R=0)", V5, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RO, VMSA_ERR_UNSUPPORTED },
	{ "WRITEALLOC on V5", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_WRITEALLOC | RW, VMSA_ERR_UNSUPPORTED },
	{ "DEVICE_NS on V5", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  VMSA_MT_DEVICE_NS | RW, VMSA_ERR_UNSUPPORTED },
	{ "nG on V5", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_NG, VMSA_ERR_UNSUPPORTED },
	{ "NS on V5", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_NS, VMSA_ERR_UNSUPPORTED },
	{ "tiny on V7", V7, 2, true, VMSA_DESC_TINY, 0x12345C00u, WB | RW,
	  VMSA_ERR_UNSUPPORTED },
	{ "tiny on V7, 4KB aligned PA", V7, 2, false, VMSA_DESC_TINY,
	  0x12345000u, WB | RW, VMSA_ERR_UNSUPPORTED },
	{ "fine table on V7", V7, 1, false, VMSA_DESC_FINE_TABLE, 0x87655000u,
	  0, VMSA_ERR_UNSUPPORTED },
	{ "supersection on V5", V5, 1, false, VMSA_DESC_SUPERSECTION,
	  0x45000000u, WB | RW, VMSA_ERR_UNSUPPORTED },
	{ "supersection domain 1", V7, 1, false, VMSA_DESC_SUPERSECTION,
	  0x45000000u, WB | RW | VMSA_DOMAIN(1), VMSA_ERR_UNSUPPORTED },
	{ "supersection domain 15", V7R, 1, false, VMSA_DESC_SUPERSECTION,
	  0x45000000u, WB | RW | VMSA_DOMAIN(15), VMSA_ERR_UNSUPPORTED },
	{ "PXN without FMT_PXN (section)", V7, 1, false, VMSA_DESC_SECTION,
	  0x12300000u, WB | RW | VMSA_PXN, VMSA_ERR_UNSUPPORTED },
	{ "PXN without FMT_PXN (table)", V7, 1, false, VMSA_DESC_TABLE,
	  0x87654C00u, VMSA_PXN, VMSA_ERR_UNSUPPORTED },
	{ "section PA 512KB aligned", V7, 1, false, VMSA_DESC_SECTION,
	  0x12380000u, WB | RW, VMSA_ERR_ALIGN },
	{ "section PA 4KB aligned (V5)", V5, 1, false, VMSA_DESC_SECTION,
	  0x12301000u, WB | RW, VMSA_ERR_ALIGN },
	{ "supersection PA 1MB aligned", V7, 1, false, VMSA_DESC_SUPERSECTION,
	  0x45100000u, WB | RW, VMSA_ERR_ALIGN },
	{ "table PA 512B aligned", V7, 1, false, VMSA_DESC_TABLE, 0x87654E00u,
	  0, VMSA_ERR_ALIGN },
	{ "fine table PA 1KB aligned", V5, 1, false, VMSA_DESC_FINE_TABLE,
	  0x87654C00u, 0, VMSA_ERR_ALIGN },
	{ "large PA 4KB aligned", V7, 2, false, VMSA_DESC_LARGE, 0x12341000u,
	  WB | RW, VMSA_ERR_ALIGN },
	{ "small PA 1KB aligned", V7, 2, false, VMSA_DESC_SMALL, 0x12345400u,
	  WB | RW, VMSA_ERR_ALIGN },
	{ "V5 small PA 1KB aligned", V5, 2, false, VMSA_DESC_SMALL,
	  0x12345400u, WB | RW, VMSA_ERR_ALIGN },
	{ "V5 tiny PA 512B aligned", V5, 2, true, VMSA_DESC_TINY, 0x12345E00u,
	  WB | RW, VMSA_ERR_ALIGN },
	{ "section PA at 4GB", V7, 1, false, VMSA_DESC_SECTION,
	  0x100000000ull, WB | RW, VMSA_ERR_RANGE },
	{ "small PA at 4GB", V7, 2, false, VMSA_DESC_SMALL, 0x100000000ull,
	  WB | RW, VMSA_ERR_RANGE },
	{ "supersection PA at 2^40", V7, 1, false, VMSA_DESC_SUPERSECTION,
	  0x10000000000ull, WB | RW, VMSA_ERR_RANGE },
	{ "table PA at 4GB", V7, 1, false, VMSA_DESC_TABLE, 0x100000000ull, 0,
	  VMSA_ERR_RANGE },
	{ "XN|EXEC", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_DEVICE | RW | VMSA_XN | VMSA_EXEC, VMSA_ERR_INVAL },
	{ "XN|EXEC small", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RW | VMSA_XN | VMSA_EXEC, VMSA_ERR_INVAL },
	{ "RO|RW", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RO | RW, VMSA_ERR_INVAL },
	{ "RO|RW V5", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RO | RW, VMSA_ERR_INVAL },
	{ "neither RO nor RW", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB, VMSA_ERR_INVAL },
	{ "USER|USER_RO", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_USER | VMSA_USER_RO, VMSA_ERR_INVAL },
	{ "USER|USER_RO V5", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | VMSA_USER | VMSA_USER_RO, VMSA_ERR_INVAL },
	{ "USER_RO|RO", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RO | VMSA_USER_RO, VMSA_ERR_INVAL },
	{ "SHARED on DEVICE", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  VMSA_MT_DEVICE | RW | VMSA_SHARED, VMSA_ERR_INVAL },
	{ "SHARED on DEVICE (remap)", V7R, 2, false, VMSA_DESC_SMALL,
	  0x12345000u, VMSA_MT_DEVICE | RW | VMSA_SHARED, VMSA_ERR_INVAL },
	{ "SHARED on DEVICE_NS", V7, 2, false, VMSA_DESC_LARGE, 0x12340000u,
	  VMSA_MT_DEVICE_NS | RW | VMSA_SHARED, VMSA_ERR_INVAL },
	{ "SHARED on SO", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  UNC | RW | VMSA_SHARED, VMSA_ERR_INVAL },
	{ "SHARED on BUFFERABLE without remap (= Device)", V7, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, BUF | RW | VMSA_SHARED,
	  VMSA_ERR_INVAL },
	{ "no memory type", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u, RW,
	  VMSA_ERR_INVAL },
	{ "no memory type V5", V5, 2, false, VMSA_DESC_SMALL, 0x12345000u, RW,
	  VMSA_ERR_INVAL },
	{ "memory type 9", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  0x9u | RW, VMSA_ERR_INVAL },
	{ "memory type 15", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  0xfu | RW, VMSA_ERR_INVAL },
	{ "unknown bit 14", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | (1u << 14), VMSA_ERR_INVAL },
	{ "unknown bit 15", V7, 2, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RW | (1u << 15), VMSA_ERR_INVAL },
	{ "unknown bit 20", V7, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | (1u << 20), VMSA_ERR_INVAL },
	{ "unknown bit 31", V5, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW | (1u << 31), VMSA_ERR_INVAL },
	{ "section at level 2", V7, 2, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW, VMSA_ERR_INVAL },
	{ "small page at level 1", V7, 1, false, VMSA_DESC_SMALL, 0x12345000u,
	  WB | RW, VMSA_ERR_INVAL },
	{ "table at level 2", V5, 2, false, VMSA_DESC_TABLE, 0x87654C00u, 0,
	  VMSA_ERR_INVAL },
	{ "bad format 0", 0, 1, false, VMSA_DESC_SECTION, 0x12300000u,
	  WB | RW, VMSA_ERR_INVAL },
	{ "bad format V5|V7", VMSA_FMT_V5 | VMSA_FMT_V7, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RW, VMSA_ERR_INVAL },
	{ "bad format flag 0x400", VMSA_FMT_V7 | 0x400u, 1, false,
	  VMSA_DESC_SECTION, 0x12300000u, WB | RW, VMSA_ERR_INVAL },
};

static void test_encode_errors(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const struct ecase *c = &errs[i];
		struct vmsa_desc d = { c->type, vmsa_pa(c->pa), c->attrs };
		uint32_t w = 0xdeadbeefu;
		int rc = c->level == 1 ? vmsa_l1_encode(c->fmt, &d, &w)
		                       : vmsa_l2_encode(c->fmt, c->fine, &d, &w);
		if (rc != c->rc || w != 0xdeadbeefu) {
			printf("  error case %zu [%s]: rc %d (%s), expected %d (%s); "
			       "word %#010x (must stay 0xdeadbeef)\n", i, c->what, rc,
			       vmsa_strerror(rc), c->rc, vmsa_strerror(c->rc), w);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Tiny page in a coarse table (fine = false): the ARM926 coarse table has
 * no tiny pages; refused with some error, word untouched. */
static void test_tiny_in_coarse(void **state)
{
	(void)state;
	struct vmsa_desc d = { VMSA_DESC_TINY, vmsa_pa(0x12345C00u), WB | RW };
	uint32_t w = 0xdeadbeefu;
	int rc = vmsa_l2_encode(V5, false, &d, &w);
	assert_int_not_equal(rc, VMSA_OK);
	assert_int_equal(w, 0xdeadbeefu);
}

static void test_decode_reserved(void **state)
{
	(void)state;
	struct vmsa_desc d;
	/* B3-4: [1:0]=11 is a PXN section only on PXN CPUs; reserved
	 * (translation fault) otherwise. */
	d.type = VMSA_DESC_SECTION;
	assert_int_equal(vmsa_l1_decode(V7, 0x1230040Fu, &d),
	                 VMSA_ERR_UNSUPPORTED);
	assert_int_equal(d.type, VMSA_DESC_FAULT);
	/* ...and a PXN section on a PXN format. */
	assert_int_equal(vmsa_l1_decode(V7P, 0x1230040Fu, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_SECTION);
	assert_true(d.attrs & VMSA_PXN);
	/* 926: an L1 word of type 11 is a fine table, never reserved. */
	assert_int_equal(vmsa_l1_decode(V5, 0x87655073u, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_FINE_TABLE);
	assert_int_equal(d.pa.p, 0x87655000u);
	/* Faults decode as faults whatever the other bits. */
	assert_int_equal(vmsa_l1_decode(V7, 0xfffffffcu, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_FAULT);
	assert_int_equal(vmsa_l2_decode(V7, false, 0x12345000u, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_FAULT);
	assert_int_equal(vmsa_l2_decode(V5, true, 0x12345000u, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_FAULT);
}

/* Small page XN bit0: a small page word with bit0 set is still a small
 * page (B3-5: [1]=1 means small, [0] is XN). */
static void test_small_xn_type(void **state)
{
	(void)state;
	struct vmsa_desc d;
	assert_int_equal(vmsa_l2_decode(V7, false, 0x1234501Fu, &d), VMSA_OK);
	assert_int_equal(d.type, VMSA_DESC_SMALL);
	assert_int_equal(d.pa.p, 0x12345000u);
	assert_int_equal(d.attrs, WB | RW | VMSA_XN);
}

static void test_fmt_check(void **state)
{
	(void)state;
	assert_int_equal(vmsa_fmt_check(V7), VMSA_OK);
	assert_int_equal(vmsa_fmt_check(V7R), VMSA_OK);
	assert_int_equal(vmsa_fmt_check(V7P), VMSA_OK);
	assert_int_equal(vmsa_fmt_check(V7R | VMSA_FMT_PXN), VMSA_OK);
	assert_int_equal(vmsa_fmt_check(V5), VMSA_OK);
	assert_int_equal(vmsa_fmt_check(0), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_fmt_check(3), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_fmt_check(V7 | 0x400u), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_fmt_check(V5 | VMSA_FMT_TEX_REMAP), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_fmt_check(V5 | VMSA_FMT_PXN), VMSA_ERR_INVAL);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmsa_mt_name(VMSA_MT_WRITEBACK), "WB");
	assert_string_equal(vmsa_mt_name(VMSA_MT_DEVICE_NS), "DEV-NS");
	assert_string_equal(vmsa_mt_name(VMSA_MT_UNCACHED), "SO");
	assert_string_equal(vmsa_mt_name(VMSA_MT_WRITEALLOC), "WBWA");
	assert_string_equal(vmsa_strerror(VMSA_ERR_ALIGN), "VMSA_ERR_ALIGN");
	assert_string_equal(vmsa_strerror(VMSA_OK), "VMSA_OK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_words),
		cmocka_unit_test(test_decode_words),
		cmocka_unit_test(test_desc_bits),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_tiny_in_coarse),
		cmocka_unit_test(test_decode_reserved),
		cmocka_unit_test(test_small_xn_type),
		cmocka_unit_test(test_fmt_check),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("desc", tests, NULL, NULL);
}
