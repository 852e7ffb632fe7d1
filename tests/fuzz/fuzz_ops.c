/*
 * fuzz_ops.c - differential fuzz target: the input decodes to a table
 * format, pool size and flags, then a sequence of operations (vmsa_map,
 * vmsa_map_regions (with vmsa_plan first), vmsa_unmap, vmsa_protect,
 * vmsa_remap, vmsa_translate) with arbitrary and hostile arguments, run
 * against the reference model of tests/host/refmodel.c.
 *
 * After every operation:
 *  - the verdict matches the model: an operation the model calls invalid
 *    fails with one of the codes its violations allow; a valid one succeeds
 *    (VMSA_ERR_NOMEM is accepted only when the pool really lacks room);
 *  - a rejected operation left the L1 table, the whole pool and the pool
 *    bookkeeping byte-identical;
 *  - every page of the checked MBs (two windows, W0 and W1, plus every MB
 *    a successful operation touched) translates exactly as the model says,
 *    by the independent walker ref_walk, with vmsa_translate cross-checked
 *    at each granule; every other L1 entry is a fault;
 *  - the pool never leaks: units marked used == units referenced by L1
 *    table descriptors, no unit referenced twice, no empty table kept;
 *  - vmsa_stats().mapped equals the model's mapped bytes;
 *  - vmsa_table_check accepts the table.
 * After vmsa_map_regions that vmsa_plan passed: no VMSA_ERR_NOMEM while
 * the free pool takes the plan's peak tables (fuzz_pool_fits), and on
 * success the plan's end counts equal the new tables the call left in
 * use, and the change in vmsa_stats (fuzz_plan_end).
 * Any divergence prints what differed and aborts.
 *
 * Inputs whose first byte has bit 7 set are shaped (fuzz_shape.c): some
 * region arrays are clustered, 2 to 4 regions with 1KB boundaries in one
 * or two MBs around what is mapped (mostly ARMv5, which mixes tiny, small
 * and large pages in one table), and in half of those inputs the pool is
 * first filled, by mappings elsewhere, to exactly the plan's peak. The
 * corpus recorded before had the bit clear and decodes as it did.
 *
 * Inputs whose third byte has bits 3:2 both clear (a quarter of random
 * inputs; no input of the corpus recorded before them has) run on long
 * descriptors, VMSA_FMT_LPAE, whatever bits 1:0 of the first byte (and
 * bit 4 of the second in shaped inputs) say:
 * the L1 buffer is VMSA_LPAE_L1_BYTES (16KB-aligned: the four level-2
 * tables, then level 1), the pool 0 to 32 level-3 tables of 4KB (bits
 * 3:0 of the second byte), 4KB-aligned, at POOL_PA or 4KB above it (bit
 * 0 of the third byte). Their addresses are generated on 4KB, 64KB, 1MB
 * and 2MB steps (and 1KB ones, which must fail with VMSA_ERR_ALIGN),
 * their PAs up to and past 2^40, their attributes random, from the
 * short formats' set (domains, USER_RO, DEVICE_NS: VMSA_ERR_UNSUPPORTED
 * here) or, half the time, from what long descriptors express. The model
 * is refmodel's LPAE mode (tests/host/refmodel_lpae.c: its attribute
 * rules, its 2MB/4KB greedy split, its walker of the 64-bit tables from
 * level 1); the checks are the short formats' where they apply (no
 * domains, NS or PXN in table descriptors: no VMSA_ERR_CONFLICT; no 4GB
 * rule: both granules reach 2^40), with 2MB top entries and 4KB pool
 * units (one level-3 table each), plus the greedy granules of each map
 * (fuzz_lpae.c). Shaped inputs cluster in one or two 2MB entries.
 *
 * One operation in sixteen is a hostile call instead (fuzz_hostile.c):
 * corrupted tables, extreme or NULL arguments; it must fail with a
 * documented code (or change nothing) and leave the tables as they were.
 *
 * Does not cover: VMSA_ERR_BUSY (tables built by someone else), TLB and
 * cache maintenance ordering (tests/host/test_* check that with the fake
 * arch log), the dump text.
 *
 * Entry points: LLVMFuzzerTestOneInput (libFuzzer, or the plain driver
 * fuzz_main.c); fuzz_ops_total counts operations run.
 *
 * This file owns the input's decoding (header, operation bytes, generated
 * arguments) and the run loop; the model's expectations and the checks
 * are in fuzz_check.c, the operations in fuzz_calls.c (shared
 * declarations: fuzz_int.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "strict_model.h"
#include "refmodel.h"

#include "fuzz_int.h"

uint64_t fuzz_ops_total;
uint64_t fuzz_lpae_ops_total;

static const vmsa_fmt_t fmts[4] = {
	VMSA_FMT_V7,
	VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V7 | VMSA_FMT_PXN,
	VMSA_FMT_V5,
};
static const uint32_t pool_sizes[16] = {
	0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 16, 24, 32, 64, 100, 128,
};
static const uint32_t grans[5] = { 0x400u, 0x1000u, 0x10000u, 0x100000u,
                                   0x1000000u };
/* VMSA_FMT_LPAE: pools in 4KB units (level-3 tables), steps with 2MB. */
static const uint32_t lpae_units[16] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 28, 32,
};
static const uint32_t lpae_grans[5] = { 0x400u, 0x1000u, 0x10000u,
                                        0x200000u, 0x100000u };

struct fuzz_state G;

const uint32_t strict_windows[STRICT_WINDOWS][2] = {
	{ W0_BASE, 0x200000u }, { W0_BASE + 0xf00000u, 0x200000u },
	{ W1_BASE, 0x100000u },
};

/* On a divergence, the input goes to $FUZZ_SAVE (if set), for the corpus. */
void dump_input(const struct run *r)
{
	const char *save = getenv("FUZZ_SAVE");
	FILE *f = save ? fopen(save, "wb") : NULL;
	if (f) {
		fwrite(r->p, 1, r->n, f);
		fclose(f);
		fprintf(stderr, "fuzz: input saved to %s\n", save);
	}
	fprintf(stderr, "fuzz: fmt %#x pool %u bytes at PA %#" PRIx64
	        " flags %#x, op %u: %s(%s)\n", r->fmt, r->pool_bytes,
	        r->t.pool_pa.p, r->t.flags, r->opno, r->opname, r->args);
	fprintf(stderr, "fuzz: %" PRIu64 " operations ran before this one\n",
	        fuzz_ops_total);
}

/* ---- input bytes ---------------------------------------------------------- */
uint8_t rd8(struct run *r)
{
	return r->off < r->n ? r->p[r->off++] : 0;
}
static uint16_t rd16(struct run *r)
{
	uint16_t v = rd8(r);
	return (uint16_t)(v | (uint16_t)rd8(r) << 8);
}
uint32_t rd32(struct run *r)
{
	uint32_t v = rd16(r);
	return v | (uint32_t)rd16(r) << 16;
}
static uint64_t rd64(struct run *r)
{
	uint64_t v = rd32(r);
	return v | (uint64_t)rd32(r) << 32;
}

static uint32_t gran_of(const struct run *r, uint8_t sel)
{
	return (r->lpae ? lpae_grans : grans)[sel % 5];
}

uint32_t gen_va(struct run *r)
{
	static const uint32_t edges[] = {
		0, 0xfffff000u, 0xfff00000u, 0xffff0000u, W0_BASE - 0x1000u,
		W0_BASE + W0_SIZE - 0x1000u, W1_BASE, 0xfffffc00u,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of(r, (uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1: case 2:
		return W0_BASE + (uint32_t)(((uint64_t)rd16(r) * g) % W0_SIZE);
	case 3:
		return W1_BASE + (uint32_t)(((uint64_t)rd16(r) * g) % W1_SIZE);
	case 4: case 5:
		if (r->nh) {
			const struct fuzz_hist *h = &r->h[rd8(r) % r->nh];
			return h->va + (uint32_t)(((uint64_t)rd16(r) * g) % h->size);
		}
		return W0_BASE;
	case 6:
		return rd32(r);
	default:
		return edges[rd8(r) % (sizeof(edges) / sizeof(edges[0]))];
	}
}

uint64_t gen_size(struct run *r, uint32_t va)
{
	static const uint64_t odd[] = {
		0, 1, 0x400, FOUR_GB, (uint64_t)1 << 40, UINT64_MAX,
		UINT64_MAX - 0xfff, FOUR_GB - 0x1000, 0x1000000,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of(r, (uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1: case 2: case 3:
		return (uint64_t)(1 + rd8(r) % 24) * g;
	case 4:
		if (r->nh) {
			const struct fuzz_hist *h = &r->h[rd8(r) % r->nh];
			uint64_t e = h->va + h->size;
			if (e > va)
				return e - va;
		}
		return 0x1000;
	case 5:
		return odd[rd8(r) % (sizeof(odd) / sizeof(odd[0]))];
	case 6:
		return rd32(r);
	default:
		return (uint64_t)0x100000 * (1 + rd8(r) % 40);
	}
}

uint64_t gen_pa(struct run *r, uint32_t va)
{
	static const uint64_t edges[] = {
		0xfff00000u, 0xfffff000u, ((uint64_t)1 << 40) - 0x1000000,
		((uint64_t)1 << 40) - 0x1000, (uint64_t)1 << 40, FOUR_GB,
		FOUR_GB - 0x1000000, 0,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of(r, (uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1:
		return ((uint64_t)va + (uint64_t)rd16(r) * g) & 0xffffffffu;
	case 2: case 3:
		return va;
	case 4:
		return FOUR_GB * (1 + rd8(r) % 255) +
		       (uint64_t)(rd8(r) % 16) * 0x1000000u;
	case 5:
		/* LPAE: aligned to the step (any granule reaches 2^40). */
		return rd64(r) & (((uint64_t)1 << 41) - 1) &
		       (r->lpae ? ~(uint64_t)(g - 1) : ~(uint64_t)0);
	case 6:
		return edges[rd8(r) % (sizeof(edges) / sizeof(edges[0]))];
	default:
		return rd32(r) & ~(uint64_t)0x3ff;
	}
}

vmsa_attr_t gen_attrs(struct run *r)
{
	static const vmsa_attr_t acc[] = {
		VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW | VMSA_USER_RO, VMSA_RO,
		VMSA_RO | VMSA_USER, VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW,
	};
	uint8_t m = rd8(r);
	switch (m & 7u) {
	case 6:
		return rd32(r);
	case 7:
		if (r->nh)
			return r->h[rd8(r) % r->nh].attrs;
		/* fall through */
	default: {
		uint8_t a = rd8(r), f = rd8(r), d = rd8(r);
		vmsa_attr_t x = (vmsa_attr_t)(1 + a % 8) | acc[(a >> 3) & 7u];
		/* Flags rarely, so most requests are valid. */
		if ((f & 0x3u) == 0x3u) x |= VMSA_XN;
		if ((f & 0xcu) == 0xcu) x |= VMSA_EXEC;
		if ((f & 0x30u) == 0x30u) x |= VMSA_PXN;
		if (f & 0x40u) x |= VMSA_NG;
		if ((f & 0x81u) == 0x80u) x |= VMSA_SHARED;
		if ((d & 0x30u) == 0x30u) x |= VMSA_NS;
		if ((d & 0xc0u) == 0xc0u) x |= VMSA_DOMAIN(d);
		if (r->fmt == VMSA_FMT_V5 && !(m & 0x80u)) {
			/* Mostly what ARMv5 can express. */
			x = (vmsa_attr_t)(1 + a % 4) |
			    acc[(a >> 3) % 3] | (x & VMSA_DOMAIN_MASK);
		}
		if (r->lpae && !(m & 0x80u)) {
			/* Half the time what long descriptors express: no
			 * domain, USER for USER_RO, DEVICE for DEVICE_NS. */
			x &= ~VMSA_DOMAIN_MASK;
			if (x & VMSA_USER_RO)
				x = (x & ~VMSA_USER_RO) | VMSA_USER;
			if (VMSA_MT(x) == VMSA_MT_DEVICE_NS)
				x = (x & ~VMSA_MT_MASK) | VMSA_MT_DEVICE;
		}
		return x;
	}
	}
}

static void setup(void)
{
	if (G.ready)
		return;
	for (unsigned i = 0; i < 5; i++)
		if (ref_model_init(&G.model[i], i < 4 ? fmts[i] :
		                   VMSA_FMT_LPAE))
			abort();
		else    /* fault the pages in once, not on every lookup */
			memset(G.model[i].pages, 0, ((size_t)1 << (32 -
			       G.model[i].shift)) * sizeof(struct ref_page));
	G.l1 = aligned_alloc(VMSA_L1_BYTES, L1_BUF_BYTES);
	G.pool = aligned_alloc(0x1000, MAX_UNITS * 1024u + 0x1000);
	if (!G.l1 || !G.pool)
		abort();
	G.ready = true;
}

static struct run R;

static void hostile_fail(const char *what)
{
	DIVERGE(&R, "%s", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run *r = &R;
	setup();
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->n = size;
	uint8_t h0 = rd8(r), h1 = rd8(r), h2 = rd8(r);
	r->fi = h0 & 3u;
	/* Bit 7 of h0 (clear in the corpus recorded before it meant
	 * anything): clustered arrays, mostly on ARMv5, half of them with
	 * pools filled to the plan's peak. */
	r->shaped = (h0 & 0x80u) != 0;
	if (r->shaped && (h1 & 0x10u))
		r->fi = 3;
	/* Bits 3:2 of h2 both clear (no input of the corpus recorded before
	 * has that): long descriptors. */
	r->lpae = (h2 & 0x0cu) == 0;
	if (r->lpae)
		r->fi = 4;
	r->exact = r->shaped && (h1 & 0x20u);
	r->fmt = r->lpae ? VMSA_FMT_LPAE : fmts[r->fi];
	r->m = &G.model[r->fi];
	r->tshift = ref_top_shift(r->fmt);
	r->tents = (uint32_t)(VMSA_VA_SPAN >> r->tshift);
	r->l1_bytes = r->lpae ? VMSA_LPAE_L1_BYTES : VMSA_L1_BYTES;
	r->unit = r->lpae ? 0x1000u : 0x400u;
	ref_model_clear(r->m);
	r->pool_bytes = (r->lpae ? lpae_units : pool_sizes)[h1 & 15u] * r->unit;
	/* Pool PA 1KB aligned but not always 4KB aligned (ARMv5 fine tables
	 * must then skip the fringe); VA offset alike. LPAE: 4KB aligned,
	 * at POOL_PA or 4KB above. */
	uint32_t off = r->lpae ? (h2 & 1u) * 0x1000u : (h2 & 3u) * 1024u;
	memset(G.l1, 0xa5, r->l1_bytes);
	memset(G.pool, 0x5a, r->pool_bytes + off);
	int rc = vmsa_init(&r->t, r->fmt, G.l1, vmsa_pa(L1_PA),
	                   r->pool_bytes ? G.pool + off : NULL,
	                   vmsa_pa(POOL_PA + off), r->pool_bytes);
	if (rc != VMSA_OK) {
		fprintf(stderr, "fuzz: vmsa_init: %s\n", vmsa_strerror(rc));
		abort();
	}
	/* From here G.pool means the pool's first byte. */
	uint8_t *pool_base = G.pool;
	G.pool = G.pool + off;
	uint32_t set = 0;
	if (h0 & 4u) set |= VMSA_TF_NO_MERGE;
	if (h0 & 8u) set |= VMSA_TF_LIVE;
	if (h0 & 16u) set |= VMSA_TF_SMP;
	vmsa_set_flags(&r->t, set, 0);
	/* Strict mode: the adversarial TLB and cache model watches the
	 * first 2MB of W0, 2MB around its supersection boundary and the
	 * first MB of W1 (all of W0 would cost too much per arch call). */
	r->strict = (h0 & 0x60u) == 0x60u && (set & VMSA_TF_LIVE);
	if (r->strict) {
		strict_attach(&r->t, (set & VMSA_TF_SMP) ? 2 : 1);
		for (unsigned k = 0; k < STRICT_WINDOWS; k++)
			strict_window(strict_windows[k][0], strict_windows[k][1]);
	}
	mark_checked(r, W0_BASE, W0_SIZE);
	mark_checked(r, W1_BASE, W1_SIZE);
	check_all(r, true);

	for (r->opno = 0; r->opno < MAX_OPS && r->off < r->n; r->opno++) {
		fake_arch_reset();
		uint8_t op = rd8(r);
		if ((op & 0xf0u) == 0xf0u) {
			/* One in sixteen: a hostile call (fuzz_hostile.c). */
			r->opname = "hostile";
			r->args[0] = 0;
			fuzz_hostile(&r->t, r->p, r->n, &r->off, hostile_fail);
		} else switch (op % 8u) {
		case 0:
			op_map_regions(r, 1, true);
			break;
		case 1:
			if (r->shaped)
				op_cluster(r);
			else
				op_map_regions(r, 1, true);
			break;
		case 2:
			if (r->shaped && (op & 0x40u))
				op_cluster(r);
			else
				op_map_regions(r, gen_nregions(r), false);
			break;
		case 3:
			op_unmap(r);
			break;
		case 4: case 5:
			op_protect(r);
			break;
		case 6:
			op_remap(r);
			break;
		default:
			op_translate(r);
			break;
		}
		fuzz_ops_total++;
		fuzz_lpae_ops_total += r->lpae;
		if (r->strict && strict_end() != 0)
			DIVERGE(r, "strict model: %s", strict_first());
		check_all(r, false);
		end_counts(r);
	}
	check_all(r, true);
	if (r->strict)
		strict_detach();
	G.pool = pool_base;
	return 0;
}
