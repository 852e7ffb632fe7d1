/*
 * test_fmt_lpae.c - the long-descriptor (LPAE) format module
 * (src/fmt/fmt_lpae.c): descriptors worked out by hand from the ARM ARM's
 * field positions, every attribute word against the short format's
 * canonical form and through encode/decode at every level, random words
 * through the decoder (it accepts only what the encoder writes), the
 * MAIR bytes, the refusals, the geometry, the one-pass translation, the
 * summary dump and the Hyp regime's words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <vmsa.h>
#include "refmodel.h"
#include <string.h>

#include "../../src/fmt/fmt_lpae.h"
#include "../../src/report/dump_lpae.h"

#define GB (1ull << 30)
#define LIMIT (1ull << 40)
/* Bits 63:55: ignored by the MMU (software's). */
#define IGNORED 0xff80000000000000ull

static uint64_t enc(int level, uint64_t pa, vmsa_attr_t a)
{
	uint64_t w = 0;

	assert_int_equal(vmsa_lpae_leaf_encode(level, pa, a, &w), VMSA_OK);
	return w;
}

/*
 * Words worked out by hand (B3.6.1/B3.6.2): AttrIndx bits 4:2, NS 5,
 * AP[1] 6, AP[2] 7, SH 9:8, AF 10, nG 11, PXN 53, XN 54, type 1:0.
 */
static void test_known_words(void **state)
{
	vmsa_attr_t a;

	(void)state;
	/* Code, 2MB block: AttrIndx 7 (0x1c), AP[2] (0x80), AF (0x400). */
	assert_true(enc(2, 0x80000000u, VMSA_CODE) == 0x8000049dull);
	/* Device page: AttrIndx 4 (0x10), SH 10 (0x200), AF, XN, type 11. */
	assert_true(enc(3, 0x1c090000u, VMSA_DEVICE) ==
	            0x004000001c090613ull);
	/* RAM above 4GB, 1GB block, shared, not global: AttrIndx 7, SH 11
	 * (0x300), AF, nG (0x800), XN (RW is XN by default). */
	assert_true(enc(1, 0x140000000ull, VMSA_DATA | VMSA_SHARED | VMSA_NG) ==
	            0x0040000140000f1dull);
	/* The last page below 2^40: AttrIndx 3 (0xc), NS (0x20), AP[1:2]
	 * (0xc0), AF, PXN. */
	assert_true(enc(3, LIMIT - 0x1000, VMSA_MT_WRITEBACK | VMSA_RO |
	                VMSA_USER | VMSA_PXN | VMSA_NS) ==
	            0x002000fffffff4efull);
	/* Strongly-ordered, executable on request: SH 10, AF, no XN. */
	assert_true(enc(3, 0, VMSA_MT_UNCACHED | VMSA_RW | VMSA_EXEC) ==
	            0x603ull);
	/* BUFFERABLE and NORMAL_NC: AttrIndx 1 (0x4), XN. */
	assert_true(enc(3, 0, VMSA_MT_BUFFERABLE | VMSA_RW) ==
	            0x0040000000000407ull);
	assert_true(enc(3, 0, VMSA_MT_NORMAL_NC | VMSA_RW) ==
	            0x0040000000000407ull);
	/* Write-through, user RW, executable 2MB block: AttrIndx 2 (0x8),
	 * AP[1] (0x40), AF. */
	assert_true(enc(2, 0x200000u, VMSA_MT_WRITETHROUGH | VMSA_RW |
	                VMSA_USER | VMSA_EXEC) == 0x200449ull);
	/* And back. */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x0040000000000407ull, &a),
	                 VMSA_OK);
	assert_int_equal(a, VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_XN);
	assert_int_equal(vmsa_lpae_leaf_attrs(2, 0x8000049dull, &a), VMSA_OK);
	assert_int_equal(a, VMSA_CODE);
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x603ull, &a), VMSA_OK);
	assert_int_equal(a, VMSA_MT_UNCACHED | VMSA_RW | VMSA_EXEC);
	/* A table descriptor: the address and type 11, nothing else. */
	{
		uint64_t w = 0;

		assert_int_equal(vmsa_lpae_table_encode(1, 0x8a5000ull, &w),
		                 VMSA_OK);
		assert_true(w == 0x8a5003ull);
		assert_int_equal(vmsa_lpae_kind(1, w), LPAE_KIND_TABLE);
		assert_true(vmsa_lpae_addr(1, w) == 0x8a5000ull);
	}
}

/* The MAIR byte of each type, worked out from B4.1.104's encoding (outer
 * nibble high, inner low): 0x00 SO, 0x04 Device, 0x44 NC, 0xaa WT RA,
 * 0xee WB RA, 0xff WB RWA. And each canonical encoding's AttrIndx selects
 * that byte from MAIR0/MAIR1. */
static void test_mair(void **state)
{
	static const struct { vmsa_attr_t mt; int byte; } t[] = {
		{ VMSA_MT_UNCACHED, 0x00 }, { VMSA_MT_BUFFERABLE, 0x44 },
		{ VMSA_MT_WRITETHROUGH, 0xaa }, { VMSA_MT_WRITEBACK, 0xee },
		{ VMSA_MT_WRITEALLOC, 0xff }, { VMSA_MT_DEVICE, 0x04 },
		{ VMSA_MT_NORMAL_NC, 0x44 },
	};
	uint64_t mair = (uint64_t)VMSA_LPAE_MAIR1 << 32 | VMSA_LPAE_MAIR0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t w = enc(3, 0, t[i].mt | VMSA_RO | VMSA_XN);
		uint32_t idx = LPAE_LEAF_ATTRINDX_OF(w);

		assert_int_equal(vmsa_lpae_mair_byte(t[i].mt), t[i].byte);
		assert_int_equal((mair >> (8 * idx)) & 0xff, t[i].byte);
	}
	assert_int_equal(vmsa_lpae_mair_byte(VMSA_MT_DEVICE_NS),
	                 VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_mair_byte(0), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_mair_byte(VMSA_RW), VMSA_ERR_UNSUPPORTED);
}

/* What the format cannot say, and bad arguments: distinct codes, *w
 * untouched. */
static void test_refusals(void **state)
{
	uint64_t w = 0x5a5a;
	vmsa_attr_t a;
	int level;

	(void)state;
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_MT_DEVICE_NS |
	                 VMSA_RW, &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_DATA | VMSA_USER_RO,
	                 &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_DATA |
	                 VMSA_DOMAIN(1), &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_DEVICE | VMSA_SHARED,
	                 &w), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_DATA | VMSA_RO, &w),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, 1u << 31, &w),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_encode(0, 0, VMSA_DATA, &w),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_encode(4, 0, VMSA_DATA, &w),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0, VMSA_DATA, NULL),
	                 VMSA_ERR_INVAL);
	for (level = 1; level <= 3; level++) {
		uint64_t sz = vmsa_lpae_level_size(level);

		assert_int_equal(vmsa_lpae_leaf_encode(level, sz / 2, VMSA_DATA,
		                 &w), VMSA_ERR_ALIGN);
		assert_int_equal(vmsa_lpae_leaf_encode(level, LIMIT, VMSA_DATA,
		                 &w), VMSA_ERR_RANGE);
		assert_int_equal(vmsa_lpae_leaf_encode(level, LIMIT - sz,
		                 VMSA_DATA, &w), VMSA_OK);
		w = 0x5a5a;
	}
	assert_int_equal(vmsa_lpae_table_encode(3, 0x1000, &w), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_table_encode(2, 0x1800, &w), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_lpae_table_encode(2, LIMIT, &w), VMSA_ERR_RANGE);
	assert_true(w == 0x5a5a);
	assert_int_equal(vmsa_lpae_canonical(VMSA_DATA, NULL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_tmpl(VMSA_DATA, NULL), VMSA_ERR_INVAL);
	/* Decoding: not a leaf, no abstract form. */
	assert_int_equal(vmsa_lpae_leaf_attrs(1, 0x8a5003ull, &a),
	                 VMSA_ERR_INVAL);      /* a table */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x401ull, &a),
	                 VMSA_ERR_INVAL);      /* reserved at level 3 */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x0ull, &a), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x403ull, NULL),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x003ull, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* AF clear */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x417ull, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* AttrIndx 5 */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x50full, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* SH 01 */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x60full, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* Normal, SH 10 */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, (1ull << 52) | 0x40full, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* contiguous */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, (1ull << 40) | 0x40full, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* bit 40 */
	assert_int_equal(vmsa_lpae_leaf_attrs(2, 0x100000ull | 0x40dull, &a),
	                 VMSA_ERR_UNSUPPORTED);        /* SBZ bit 20 */
	/* Device ignores SH: 11 (Linux writes it) reads as Device. */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, 0x0040000000000713ull, &a),
	                 VMSA_OK);
	assert_int_equal(a, VMSA_DEVICE);
	/* Software bits 63:55 are ignored. */
	assert_int_equal(vmsa_lpae_leaf_attrs(3, IGNORED | 0x0040000000000407ull,
	                 &a), VMSA_OK);
	assert_int_equal(a, VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_XN);
}

static void test_geometry(void **state)
{
	(void)state;
	assert_true(vmsa_lpae_level_size(1) == GB);
	assert_true(vmsa_lpae_level_size(2) == 2u << 20);
	assert_true(vmsa_lpae_level_size(3) == 4096);
	assert_true(vmsa_lpae_level_size(0) == 0);
	assert_true(vmsa_lpae_level_size(4) == 0);
	/* 0xdeadbeef: 11 | 0 1111 0101 | 0 1101 1011 | 0xeef */
	assert_int_equal(vmsa_lpae_index(1, 0xdeadbeefu), 3);
	assert_int_equal(vmsa_lpae_index(2, 0xdeadbeefu), 0xf5);
	assert_int_equal(vmsa_lpae_index(3, 0xdeadbeefu), 0xdb);
	assert_int_equal(vmsa_lpae_index(0, 0xdeadbeefu), 0);
	assert_int_equal(vmsa_lpae_kind(1, 0), LPAE_KIND_FAULT);
	assert_int_equal(vmsa_lpae_kind(2, 2), LPAE_KIND_FAULT);
	assert_int_equal(vmsa_lpae_kind(1, 1), LPAE_KIND_BLOCK);
	assert_int_equal(vmsa_lpae_kind(2, 3), LPAE_KIND_TABLE);
	assert_int_equal(vmsa_lpae_kind(3, 3), LPAE_KIND_PAGE);
	assert_int_equal(vmsa_lpae_kind(3, 1), LPAE_KIND_RESERVED);
	assert_int_equal(vmsa_lpae_kind(0, 3), LPAE_KIND_RESERVED);
	assert_true(vmsa_lpae_addr(3, 0x0040000000000002ull) == 0);
	/* A block's address stops at its level's bits. */
	assert_true(vmsa_lpae_addr(1, 0xffffffffffffffddull) ==
	            0x000000ffc0000000ull);
	assert_true(vmsa_lpae_addr(2, 0xffffffffffffffddull) ==
	            0x000000ffffe00000ull);
}

/*
 * Every attribute word (the 18 meaningful bits): the long format accepts
 * what the ARMv7 short format with TEX remap and PXN accepts (the same
 * MAIR types) but for its own limits, with the same canonical form; and
 * every accepted word encodes at each level and decodes back to it.
 */
static void test_every_attr_word(void **state)
{
	const vmsa_fmt_t remap = VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP | VMSA_FMT_PXN;
	uint64_t st = 0x4c504145u;
	uint32_t n, accepted = 0;

	(void)state;
	for (n = 0; n < 1u << 18; n++) {
		/* bits 13:0 and the domain, 19:16 */
		vmsa_attr_t a = (n & 0x3fffu) | ((n >> 14) << 16);
		vmsa_attr_t c = 0, s = 0, c2 = 0;
		int err = vmsa_lpae_canonical(a, &c);
		int serr = vmsa_attr_canonical(remap, a, &s);
		bool own = VMSA_MT(a) == VMSA_MT_DEVICE_NS ||
		           (a & (VMSA_USER_RO | VMSA_DOMAIN_MASK));
		int level;

		if (serr == VMSA_OK && own) {
			assert_int_equal(err, VMSA_ERR_UNSUPPORTED);
			continue;
		}
		if (serr != VMSA_OK && !own) {
			assert_int_equal(err, serr);
			continue;
		}
		if (err != VMSA_OK)
			continue;       /* both refuse; the codes may differ */
		accepted++;
		assert_int_equal(c, s);
		assert_int_equal(vmsa_lpae_canonical(c, &c2), VMSA_OK);
		assert_int_equal(c2, c);
		for (level = 1; level <= 3; level++) {
			uint64_t sz = vmsa_lpae_level_size(level);
			uint64_t pa = ref_rand_below(&st, LIMIT / sz) * sz;
			uint64_t w = enc(level, pa, a);
			vmsa_attr_t d = 0;

			assert_int_equal(vmsa_lpae_kind(level, w),
			                 level == 3 ? LPAE_KIND_PAGE :
			                              LPAE_KIND_BLOCK);
			assert_true(vmsa_lpae_addr(level, w) == pa);
			assert_true((w & LPAE_LEAF_AF) != 0);
			assert_true((w & (LPAE_LEAF_CONT | IGNORED)) == 0);
			assert_int_equal(vmsa_lpae_leaf_attrs(level, w, &d),
			                 VMSA_OK);
			assert_int_equal(d, c);
		}
	}
	/* 6 types x 4 accesses x XN/EXEC/neither x PXN x nG x SHARED (Normal)
	 * x NS, less what the checks refuse: thousands. */
	assert_true(accepted > 1000);
}

/*
 * Random words through the decoder: what it accepts, encoded again from
 * its address and attributes, is the same word (bits 63:55 aside, and SH
 * of Device memory, which the MMU ignores).
 */
static void test_decoder_accepts_only_encodings(void **state)
{
	uint64_t st = 0x64656364u;
	uint32_t n, ok = 0;

	(void)state;
	for (n = 0; n < 400000u; n++) {
		int level = 1 + (int)ref_rand_below(&st, 3);
		uint64_t w = ref_rand(&st), back;
		vmsa_attr_t a;

		/* Mostly the bits a leaf defines, the type of a leaf, AF. */
		if (n & 1)
			w &= LPAE_LEAF_ATTR_MASK | LPAE_L3_PAGE_ADDR_MASK |
			     IGNORED;
		if (n & 2)
			w &= ~LPAE_LEAF_CONT;
		w = (w & ~LPAE_TYPE_MASK) | LPAE_LEAF_AF |
		    (level == 3 ? LPAE_TYPE_PAGE : LPAE_TYPE_BLOCK);
		if (n & 4)
			w &= ~(LPAE_L3_PAGE_ADDR_MASK &
			       ~(level == 1 ? LPAE_L1_BLOCK_ADDR_MASK :
			         level == 2 ? LPAE_L2_BLOCK_ADDR_MASK :
			                      LPAE_L3_PAGE_ADDR_MASK));
		if (vmsa_lpae_leaf_attrs(level, w, &a) != VMSA_OK)
			continue;
		ok++;
		back = enc(level, vmsa_lpae_addr(level, w), a);
		if (LPAE_LEAF_ATTRINDX_OF(w) == 0 ||
		    LPAE_LEAF_ATTRINDX_OF(w) == 4)
			w = (w & ~LPAE_LEAF_SH(3)) | LPAE_LEAF_SH(LPAE_SH_OUTER);
		assert_true(back == (w & ~IGNORED));
	}
	assert_true(ok > 10000);
}

/* The Hyp regime: words worked out by hand (AP[1] = 1 in every one), its
 * refusals, and every attribute word it accepts through encode/decode;
 * read as a PL1 word, the same word is the attributes plus VMSA_USER. */
static void test_hyp_regime(void **state)
{
	uint64_t w = 0;
	vmsa_attr_t a = 0, c = 0, d = 0, p = 0;
	uint32_t n, accepted = 0;

	(void)state;
	/* Code, 2MB block: AttrIndx 7, AP[2], AP[1] (SBO), AF. */
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(2, 0x80000000u, VMSA_CODE,
	                 &w), VMSA_OK);
	assert_true(w == 0x800004ddull);
	/* Data page: AttrIndx 7, AP[1], AF, XN. */
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(3, 0, VMSA_DATA, &w), VMSA_OK);
	assert_true(w == 0x004000000000045full);
	assert_int_equal(vmsa_lpae_hyp_leaf_attrs(3, w, &a), VMSA_OK);
	assert_int_equal(a, VMSA_DATA);
	w = 0x5a5a;
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(3, 0, VMSA_DATA | VMSA_USER,
	                 &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(3, 0, VMSA_DATA | VMSA_NG,
	                 &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(3, 0, VMSA_CODE | VMSA_PXN,
	                 &w), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_hyp_leaf_encode(3, 0, VMSA_DATA | VMSA_NS,
	                 &w), VMSA_ERR_UNSUPPORTED);
	assert_true(w == 0x5a5a);
	/* A PL1 word (AP[1] clear) and one with nG are not Hyp words. */
	assert_int_equal(vmsa_lpae_hyp_leaf_attrs(3, enc(3, 0, VMSA_DATA), &a),
	                 VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_lpae_hyp_leaf_attrs(3, 0x004000000000085full, &a),
	                 VMSA_ERR_UNSUPPORTED);
	for (n = 0; n < 1u << 14; n++) {
		int level;

		if (vmsa_lpae_hyp_canonical(n, &c) != VMSA_OK)
			continue;
		accepted++;
		assert_int_equal(vmsa_lpae_canonical(n, &p), VMSA_OK);
		assert_int_equal(c, p);
		assert_true((c & (VMSA_USER | VMSA_NG | VMSA_PXN | VMSA_NS)) == 0);
		for (level = 1; level <= 3; level++) {
			assert_int_equal(vmsa_lpae_hyp_leaf_encode(level, 0, n, &w),
			                 VMSA_OK);
			assert_true((w & LPAE_LEAF_AP1) != 0);
			assert_int_equal(vmsa_lpae_hyp_leaf_attrs(level, w, &d),
			                 VMSA_OK);
			assert_int_equal(d, c);
			assert_int_equal(vmsa_lpae_leaf_attrs(level, w, &d), VMSA_OK);
			assert_int_equal(d, c | VMSA_USER);
		}
	}
	assert_true(accepted > 50);
}

/* Tables for the translation: level 2 at "PA" 0x80000000, level 3 at
 * 0x80001000; 0x80002000 is a table nobody holds. */
static uint64_t xl1[4], xl2[512], xl3[512];

static const uint64_t *xat(void *arg, uint64_t pa)
{
	(void)arg;
	return pa == 0x80000000u ? xl2 : pa == 0x80001000u ? xl3 : NULL;
}

static int xlate(uint32_t va, struct vmsa_lpae_xlat *x)
{
	return vmsa_lpae_translate(xl1, xat, NULL, va, x);
}

/* The tables: a leaf at every level, each way a walk ends. */
static void build_xtables(void)
{
	memset(xl1, 0, sizeof xl1);
	memset(xl2, 0, sizeof xl2);
	memset(xl3, 0, sizeof xl3);
	assert_int_equal(vmsa_lpae_table_encode(1, 0x80000000u, &xl1[0]), VMSA_OK);
	xl1[3] = enc(1, 0x140000000ull, VMSA_DATA);
	xl2[1] = enc(2, 0x1c000000u, VMSA_DEVICE);
	assert_int_equal(vmsa_lpae_table_encode(2, 0x80001000u, &xl2[2]), VMSA_OK);
	assert_int_equal(vmsa_lpae_table_encode(2, 0x80002000u, &xl2[3]), VMSA_OK);
	xl3[5] = enc(3, 0x87654000u, VMSA_DATA);
	xl3[7] = 0x401;                                 /* reserved */
	xl3[8] = enc(3, 0x1000, VMSA_DATA) & ~LPAE_LEAF_AF;
	/* Two pages that follow on (one run), one after a PA gap. */
	xl3[9] = enc(3, 0x90000000u, VMSA_DATA);
	xl3[10] = enc(3, 0x90001000u, VMSA_DATA);
	xl3[11] = enc(3, 0x90003000u, VMSA_DATA);
}

/* The one-pass translation over those tables. */
static void test_translate(void **state)
{
	struct vmsa_lpae_xlat x;
	vmsa_attr_t dev = 0, data = 0;

	(void)state;
	assert_int_equal(vmsa_lpae_canonical(VMSA_DEVICE, &dev), VMSA_OK);
	assert_int_equal(vmsa_lpae_canonical(VMSA_DATA, &data), VMSA_OK);
	build_xtables();

	assert_int_equal(xlate(0xc1234567u, &x), VMSA_OK);      /* 1GB */
	assert_true(x.pa == 0x141234567ull && x.base == 0xc0000000u);
	assert_int_equal(x.level, 1);
	assert_int_equal(x.kind, LPAE_KIND_BLOCK);
	assert_int_equal(x.attrs, data);
	assert_true(x.desc == xl1[3]);
	assert_int_equal(xlate(0x00256789u, &x), VMSA_OK);      /* 2MB */
	assert_true(x.pa == 0x1c056789ull && x.base == 0x00200000u);
	assert_int_equal(x.level, 2);
	assert_int_equal(x.attrs, dev);
	assert_int_equal(xlate(0x00405abcu, &x), VMSA_OK);      /* 4KB */
	assert_true(x.pa == 0x87654abcull && x.base == 0x00405000u);
	assert_int_equal(x.level, 3);
	assert_int_equal(x.kind, LPAE_KIND_PAGE);
	assert_int_equal(xlate(0x40000000u, &x), VMSA_ERR_NOTMAPPED);
	assert_int_equal(x.level, 1);
	assert_int_equal(xlate(0x00800000u, &x), VMSA_ERR_NOTMAPPED);
	assert_int_equal(x.level, 2);
	assert_int_equal(xlate(0x00406000u, &x), VMSA_ERR_NOTMAPPED);
	assert_int_equal(x.level, 3);
	assert_true(x.pa == 0 && x.attrs == 0 && x.kind == LPAE_KIND_FAULT);
	assert_int_equal(xlate(0x00600000u, &x), VMSA_ERR_BUSY); /* not held */
	assert_int_equal(x.level, 2);
	assert_int_equal(xlate(0x00407000u, &x), VMSA_ERR_UNSUPPORTED);
	assert_int_equal(xlate(0x00408000u, &x), VMSA_ERR_UNSUPPORTED);
	assert_true(x.desc == xl3[8] && x.attrs == 0);
	assert_int_equal(vmsa_lpae_translate(NULL, xat, NULL, 0, &x),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_translate(xl1, NULL, NULL, 0, &x),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_translate(xl1, xat, NULL, 0, NULL),
	                 VMSA_ERR_INVAL);
}

static void collect(void *arg, const char *piece)
{
	strcat((char *)arg, piece);
}

/* The summary dump of the same tables, line by line as worked out from
 * them: runs merged only where VA and PA follow on, the odd entries. */
static void test_dump(void **state)
{
	static char got[4096];
	const char *want =
		"0x00200000-0x00400000 -> 0x1c000000 2M block RW/-- NX DEV A4\n"
		"0x00405000-0x00406000 -> 0x87654000 4K page RW/-- NX WBWA A7\n"
		"0x00407000-0x00408000 -> word 0x0000000000000401 (no vmsa attributes)\n"
		"0x00408000-0x00409000 -> word 0x004000000000101f (no vmsa attributes)\n"
		"0x00409000-0x0040b000 -> 0x90000000 2x4K page RW/-- NX WBWA A7\n"
		"0x0040b000-0x0040c000 -> 0x90003000 4K page RW/-- NX WBWA A7\n"
		"0x00600000-0x00800000 -> 0x80002000 table outside the caller's memory\n"
		"0xc0000000-0x100000000 -> 0x140000000 1G block RW/-- NX WBWA A7\n";

	(void)state;
	build_xtables();
	got[0] = 0;
	assert_int_equal(vmsa_lpae_dump(xl1, xat, NULL, false, collect, got),
	                 VMSA_OK);
	assert_string_equal(got, want);
	/* As Hyp tables, a PL1 word (AP[1] clear) has no attributes. */
	got[0] = 0;
	assert_int_equal(vmsa_lpae_dump(xl1, xat, NULL, true, collect, got),
	                 VMSA_OK);
	assert_non_null(strstr(got, "0x00200000-0x00400000 -> word 0x0040"));
	assert_int_equal(vmsa_lpae_dump(NULL, xat, NULL, false, collect, got),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_dump(xl1, NULL, NULL, false, collect, got),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_lpae_dump(xl1, xat, NULL, false, NULL, got),
	                 VMSA_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_words),
		cmocka_unit_test(test_mair),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_every_attr_word),
		cmocka_unit_test(test_decoder_accepts_only_encodings),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_hyp_regime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
