/*
 * fuzz_hostile.c - the fuzzer's hostile-caller mode: calls that no
 * correct caller makes, mixed into the operation stream of fuzz_ops.c.
 *
 *  - a copy of the fuzzed table, corrupted (zeroed, cookie, NULL or
 *    misaligned L1 or pool, unknown formats, pool size past the bitmap,
 *    table PAs near 2^32, 2^40 and 2^64, used-unit count, bitmap bits),
 *    handed to every entry point: each returns VMSA_ERR_INVAL (a reader
 *    may succeed when only the bitmap, which it never reads, is off);
 *  - the valid table with arguments that must fail or change nothing:
 *    addresses and sizes near 2^32, 2^40 and 2^64, empty and NULL region
 *    arrays, NULL results and callbacks, bogus formats to vmsa_plan;
 *  - vmsa_init of a scratch table with extreme table addresses.
 * Long-descriptor tables (VMSA_FMT_LPAE) get the same: their L1 buffer is
 * VMSA_LPAE_L1_BYTES and their pool counted in 4KB units; a corruption of
 * the format field that would leave it VMSA_FMT_LPAE names VMSA_FMT_V7
 * instead, and the scratch table is a long-descriptor one (16KB-aligned
 * l1 whose 16KB + 32 bytes end below 4GB, 4KB-aligned pool).
 *
 * After each call: the return code is VMSA_OK or one of the documented
 * negative codes (and the expected one where the case dictates it), and
 * the L1 table, the pool and the table struct are byte-identical (every
 * call here either fails or changes nothing). The fuzz target aborts on
 * any difference through the `fail` callback.
 *
 * Does not cover: what valid calls do (fuzz_ops.c and its model).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <vmsa.h>

#include "fuzz_ops.h"

uint64_t fuzz_hostile_total;

#define FOUR_GB ((uint64_t)1 << 32)
#define NCODES  10      /* VMSA_OK .. VMSA_ERR_BUSY */
#define ANY_ERR (-100)  /* judge: any documented error, not VMSA_OK */
#define NO_WRITE (-101) /* every_entry: call no writer */

static struct {
	const uint8_t *p;
	size_t n, *off;
	void (*fail)(const char *what);
	char msg[256];
} H;

static uint32_t snap_l1[VMSA_LPAE_L1_BYTES / 4u];
static uint8_t snap_pool[VMSA_POOL_MAX_UNITS * 1024u];
static uint32_t scratch_l1[VMSA_LPAE_L1_BYTES / 4u]
	__attribute__((aligned(VMSA_L1_BYTES)));

static bool is_lpae(const struct vmsa_table *t)
{
	return t->fmt == VMSA_FMT_LPAE;
}

/* The L1 buffer's bytes, and a pool unit's. */
static size_t l1_bytes(const struct vmsa_table *t)
{
	return is_lpae(t) ? VMSA_LPAE_L1_BYTES : VMSA_L1_BYTES;
}

static size_t unit_bytes(const struct vmsa_table *t)
{
	return is_lpae(t) ? 0x1000u : 0x400u;
}

static uint8_t rd8(void)
{
	return *H.off < H.n ? H.p[(*H.off)++] : 0;
}

static uint32_t rd32(void)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)rd8() << (8 * i);
	return v;
}

static uint64_t rd64(void)
{
	return rd32() | (uint64_t)rd32() << 32;
}

static void failf(const char *call, int rc, const char *why)
{
	snprintf(H.msg, sizeof(H.msg), "hostile %s: %s (%s)", call, why,
	         vmsa_strerror(rc));
	H.fail(H.msg);
}

/* An address or size near 2^32, 2^40 or 2^64 (or random). */
static uint64_t extreme(void)
{
	static const uint64_t bases[] = {
		0, FOUR_GB, (uint64_t)1 << 40, 0 /* 2^64 */, (uint64_t)1 << 36,
	};
	static const uint64_t steps[] = { 1, 0x400, 0x1000, 0x100000,
	                                  0x1000000 };
	uint8_t m = rd8();
	if ((m & 7) == 7)
		return rd64();
	uint64_t d = steps[(m >> 3) % 5] * (uint64_t)(rd8() % 4);
	uint64_t b = bases[m % 5];
	return (m & 0x80) ? b - d - steps[(m >> 3) % 5] : b + d;
}

struct snapshot {
	struct vmsa_table t;
	size_t l1_bytes, pool_bytes;
};

static void take(const struct vmsa_table *t, struct snapshot *s)
{
	memcpy(&s->t, t, sizeof(*t));
	s->l1_bytes = l1_bytes(t);
	memcpy(snap_l1, t->l1, s->l1_bytes);
	s->pool_bytes = (size_t)t->pool_units * unit_bytes(t);
	if (s->pool_bytes > sizeof(snap_pool))
		H.fail("hostile: the pool is larger than the snapshot");
	if (s->pool_bytes)      /* the pool may be NULL when empty */
		memcpy(snap_pool, t->pool, s->pool_bytes);
}

/* The table (struct, L1, pool) as at take(); rc documented and, when
 * `want` is not 1, equal to want. */
static void judge(const char *call, const struct vmsa_table *t,
                  const struct snapshot *s, int rc, int want)
{
	fuzz_hostile_total++;
	if (rc > 0 || rc <= -NCODES)
		failf(call, rc, "undocumented return code");
	if (want == ANY_ERR && rc == VMSA_OK)
		failf(call, rc, "succeeded");
	if (want != 1 && want != ANY_ERR && rc != want) {
		snprintf(H.msg, sizeof(H.msg), "hostile %s: %s, expected %s",
		         call, vmsa_strerror(rc), vmsa_strerror(want));
		H.fail(H.msg);
	}
	if (memcmp(t, &s->t, sizeof(*t)) != 0)
		failf(call, rc, "changed the table struct");
	if (memcmp(s->t.l1, snap_l1, s->l1_bytes) != 0)
		failf(call, rc, "changed the L1 table");
	if (s->pool_bytes && memcmp(s->t.pool, snap_pool, s->pool_bytes) != 0)
		failf(call, rc, "changed the pool");
}

static void run_out(void *arg, const struct vmsa_run *run)
{
	(void)run;
	(*(unsigned *)arg)++;
}

static void text_out(void *arg, const char *s)
{
	(void)s;
	(*(unsigned *)arg)++;
}

/* Every entry point on table c (corrupted copy of the real table, or the
 * real table for the argument cases): `want` as for judge. A corrupted
 * table must not be read, so no callback may run. */
static void every_entry(struct vmsa_table *c, const struct vmsa_table *real,
                        const struct snapshot *s, int want_w, int want_r)
{
	struct vmsa_region rg[2];
	struct vmsa_region_error e;
	struct vmsa_plan p;
	struct vmsa_xlat x;
	struct vmsa_stats st;
	vmsa_pa_t pa;
	size_t bad;
	unsigned calls = 0;
	char buf[320];
	uint32_t va = (uint32_t)extreme();
	uint64_t size = extreme(), pa64 = extreme();
	vmsa_attr_t a = rd8() & 1 ? rd32() : VMSA_DATA;

	for (int i = 0; i < 2; i++) {
		rg[i].name = "hostile";
		rg[i].va = vmsa_va((uint32_t)extreme());
		rg[i].pa = vmsa_pa(extreme());
		rg[i].size = extreme();
		rg[i].attrs = rd8() & 1 ? rd32() : VMSA_DATA;
	}
	struct vmsa_table copy = *c;
#define CHECK(name, call, want) do { \
		int rc_ = (call); \
		judge(name, real, s, rc_, (want)); \
		if (memcmp(c, &copy, sizeof(copy)) != 0) \
			failf(name, rc_, "changed the table it was given"); \
	} while (0)
	unsigned op = rd8() % 16;
	/* The writers are cases 0-2 and 5-7. */
	if (want_w == NO_WRITE && (op <= 2 || (op >= 5 && op <= 7)))
		op = 8 + op % 7;
	switch (op) {
	case 0: CHECK("map", vmsa_map(c, vmsa_va(va), vmsa_pa(pa64), size, a),
	              want_w); break;
	case 1: CHECK("map_regions", vmsa_map_regions(c, rg, 1 + rd8() % 2,
	              &bad), want_w); break;
	case 2: CHECK("map_regions_ex", vmsa_map_regions_ex(c, rg, 2, &e),
	              want_w);
		vmsa_format_region_error(&e, buf, 1 + rd8() % sizeof(buf));
		break;
	case 3: CHECK("plan", vmsa_plan(c, 0, rg, 2, &p, &bad), want_r); break;
	case 4: CHECK("plan_ex", vmsa_plan_ex(c, 0, rg, 2, &p, &e), want_r);
		vmsa_format_region_error(&e, buf, sizeof(buf));
		break;
	case 5: CHECK("unmap", vmsa_unmap(c, vmsa_va(va), size), want_w); break;
	case 6: CHECK("protect", vmsa_protect(c, vmsa_va(va), size, a), want_w);
		break;
	case 7: CHECK("remap", vmsa_remap(c, vmsa_va(va), vmsa_pa(pa64), size),
	              want_w); break;
	case 8: CHECK("translate", vmsa_translate(c, vmsa_va(va), &x), want_r);
		break;
	case 9: CHECK("translate_pa", vmsa_translate_pa(c, vmsa_va(va), &pa),
	              want_r); break;
	case 10: CHECK("walk", vmsa_walk(c, vmsa_va(va), size & 0xffffffff,
	               run_out, &calls), want_r); break;
	case 11: CHECK("stats", vmsa_stats(c, &st), want_r); break;
	case 12: CHECK("dump", vmsa_dump(c, rg, 2, text_out, &calls), want_r);
		break;
	case 13: CHECK("dump_raw", vmsa_dump_raw(c, text_out, &calls), want_r);
		break;
	case 14: {
		/* Returns the number of findings (>= 0) or an error. */
		int n_ = vmsa_check_policy(c, VMSA_POL_ALL, NULL, 0, NULL, NULL);
		CHECK("check_policy", n_ > 0 ? VMSA_OK : n_, want_r);
		break;
	}
	default:
		/* Does nothing to a table the check rejects. */
		vmsa_set_flags(c, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
		judge("set_flags", real, s, VMSA_OK, VMSA_OK);
		if (want_r != 1 && memcmp(c, &copy, sizeof(copy)) != 0)
			failf("set_flags", 0, "changed a rejected table");
		break;
	}
#undef CHECK
	if (want_r != 1 && calls != 0)
		failf("callback", want_r, "a corrupted table was walked");
}

/* A copy of t with one corruption that vmsa_table_check must catch;
 * *bitmap_only: only the pool bitmap (which readers never read) is off. */
static void corrupt(struct vmsa_table *c, bool *bitmap_only, bool *count_only)
{
	static const vmsa_fmt_t bad_fmts[] = {
		0, 3, 0xff, VMSA_FMT_V5 | VMSA_FMT_PXN,
		VMSA_FMT_V5 | VMSA_FMT_TEX_REMAP, VMSA_FMT_V7 | 0x400u,
		0xffffffffu, VMSA_FMT_V7 | 0x10000u,
	};
	uint8_t k = rd8();
	*bitmap_only = false;
	*count_only = false;
	switch (k % 14) {
	case 0: memset(c, 0, sizeof(*c)); break;
	case 1: c->seal ^= rd32() | 1u; break;  /* never the seal: odd */
	case 2: c->l1 = NULL; break;
	case 3: c->l1 = (uint32_t *)((uintptr_t)c->l1 + 4 * (1 + rd8() % 255));
		break;
	case 4: {
		bool was_lpae = is_lpae(c);
		c->fmt = bad_fmts[rd8() % 8];
		if (c->fmt == VMSA_FMT_LPAE && was_lpae)
			c->fmt = VMSA_FMT_V7;   /* 3 is LPAE's own */
		break;
	}
	case 5: c->pool = NULL; if (!c->pool_units) c->pool_units = 1; break;
	case 6: c->pool_units = VMSA_POOL_MAX_UNITS + 1 + rd32() % 1000; break;
	case 7: c->pool_pa.p += 4 + 4 * (rd8() % 255); break;
	case 8: c->pool_pa.p = UINT64_MAX - 1023 - 1024 * (uint64_t)(rd8() % 8);
		break;
	case 9: {
		static const uint64_t l1pas[] = {
			FOUR_GB, FOUR_GB - 0x3000, UINT64_MAX - 0x3fff,
			(uint64_t)1 << 40, UINT64_MAX - 0xfff,
		};
		c->l1_pa.p = l1pas[rd8() % 5];
		break;
	}
	case 10: c->used_units = c->pool_units + 1 + rd8(); break;
	case 11: c->pool_pa.p = FOUR_GB - (uint64_t)c->pool_units *
		             unit_bytes(c) + 1024u * (1 + rd8() % 16);
		if (!c->pool_units) c->pool_pa.p = FOUR_GB + 1024u;
		break;
	case 12:
		/* A bit past pool_units in the pool's last bitmap word (the
		 * words further on are never read), or the count off. */
		if ((c->pool_units % 32) != 0 && (rd8() & 1)) {
			uint32_t u = c->pool_units + rd8() %
			             (32 - c->pool_units % 32);
			c->used[u / 32] |= 1u << (u % 32);
		} else if (c->used_units > 0) {
			/* The count off: writers check it only where they take
			 * a table (the bitmap is kept by construction); the
			 * full check is vmsa_table_check's. */
			c->used_units--;
			*count_only = true;
		} else {
			c->used_units = c->pool_units + 1;
			break;
		}
		*bitmap_only = true;
		break;
	default: c->pool = (uint8_t *)((uintptr_t)c->pool + 8 * (1 + rd8() % 127));
		if (!c->pool_units) c->pool_units = 1;
		break;
	}
}

static void must_fail(const char *call, const struct vmsa_table *t,
                      const struct snapshot *s, int rc)
{
	judge(call, t, s, rc, 1);
	if (rc == VMSA_OK)
		failf(call, rc, "succeeded");
}

/* The valid table with arguments that must fail (or change nothing). */
static void bad_args(struct vmsa_table *t, const struct snapshot *s)
{
	struct vmsa_region rg = { "r", { 0x40000000 }, { 0x40000000 }, 0x1000,
	                          VMSA_DATA };
	struct vmsa_plan p;
	struct vmsa_xlat x;
	vmsa_pa_t pa;
	size_t bad;
	unsigned calls = 0;
	uint32_t va = (uint32_t)extreme() & ~0x3ffu;
	uint64_t past = FOUR_GB - va + 0x1000u * (1 + rd8() % 16);
	uint64_t hipa = ((uint64_t)1 << 40) - 0x1000u * (rd8() % 4);

	switch (rd8() % 14) {
	case 0: must_fail("map VA past 4GB", t, s, vmsa_map(t, vmsa_va(va),
	                  vmsa_pa(va), past, VMSA_DATA));
		break;
	case 1: must_fail("map PA past 2^40", t, s, vmsa_map(t,
	                  vmsa_va(0x40000000), vmsa_pa(hipa),
	                  0x1000000u * (1 + rd8() % 4), VMSA_DATA));
		break;
	case 2: must_fail("map size near 2^64", t, s, vmsa_map(t, vmsa_va(va),
	                  vmsa_pa(extreme()), UINT64_MAX - 0xfffu * (rd8() % 2),
	                  VMSA_DATA));
		break;
	case 3: must_fail("unmap past 4GB", t, s, vmsa_unmap(t, vmsa_va(va),
	                  past));
		break;
	case 4: must_fail("protect past 4GB", t, s, vmsa_protect(t,
	                  vmsa_va(va), past, VMSA_DATA));
		break;
	case 5: must_fail("remap PA past 2^40", t, s, vmsa_remap(t,
	                  vmsa_va(va & ~0xfffu), vmsa_pa(hipa), 0x1000000u));
		break;
	case 6: judge("map_regions n=0", t, s, vmsa_map_regions(t, rd8() & 1 ?
	              &rg : NULL, 0, &bad), VMSA_OK); break;
	case 7: judge("plan n=0", t, s, vmsa_plan(rd8() & 1 ? t : NULL,
	              VMSA_FMT_V7, NULL, 0, &p, &bad), VMSA_OK); break;
	case 8: judge("map_regions NULL", t, s, vmsa_map_regions(t, NULL,
	              1 + rd8(), &bad), VMSA_ERR_INVAL); break;
	case 9: judge("plan bogus fmt", t, s, vmsa_plan(NULL, rd32() | 0x400u,
	              &rg, 1, &p, &bad), VMSA_ERR_INVAL); break;
	case 10: judge("translate NULL", t, s, vmsa_translate(t, vmsa_va(va),
	               NULL), VMSA_ERR_INVAL);
		judge("translate_pa NULL", t, s, vmsa_translate_pa(t,
		      vmsa_va(va), NULL), VMSA_ERR_INVAL);
		judge("stats NULL", t, s, vmsa_stats(t, NULL), VMSA_ERR_INVAL);
		break;
	case 11: judge("translate extreme", t, s, vmsa_translate(t,
	               vmsa_va(va | (rd8() & 0x3ff)), &x), 1);
		judge("translate_pa extreme", t, s, vmsa_translate_pa(t,
		      vmsa_va(va), &pa), 1);
		break;
	case 12: judge("walk past 4GB", t, s, vmsa_walk(t, vmsa_va(va), past,
	               run_out, &calls), VMSA_ERR_RANGE);
		judge("walk NULL fn", t, s, vmsa_walk(t, vmsa_va(va), 0, NULL,
		      NULL), VMSA_ERR_INVAL);
		judge("dump NULL regions", t, s, vmsa_dump(t, NULL, 1 + rd8(),
		      text_out, &calls), VMSA_ERR_INVAL);
		break;
	default: {
		/* vmsa_init of a scratch table at extreme table addresses
		 * (of the table's format: LPAE's pool is 4KB-aligned and
		 * its l1 16KB + 32 bytes). */
		struct vmsa_table sc;
		bool lp = is_lpae(t);
		uint64_t l1pa = extreme() & ~(uint64_t)0x3fff;
		uint64_t ppa = extreme() & ~(uint64_t)(lp ? 0xfff : 0x3ff);
		uint64_t pbytes = (uint64_t)t->pool_units * unit_bytes(t);
		memset(&sc, 0x5c, sizeof(sc));
		scratch_l1[0] = 0x12345678u;
		scratch_l1[VMSA_LPAE_L1_OFFSET / 4u] = 0x9abcdef0u;
		struct vmsa_table before = sc;
		int rc = vmsa_init(&sc, lp ? VMSA_FMT_LPAE : VMSA_FMT_V7,
		                   scratch_l1, vmsa_pa(l1pa), t->pool,
		                   vmsa_pa(ppa), (size_t)pbytes);
		bool fits = l1pa <= FOUR_GB - l1_bytes(t) && ppa <= FOUR_GB &&
		            pbytes <= FOUR_GB - ppa;
		judge("init extreme", t, s, rc, fits ? VMSA_OK : VMSA_ERR_RANGE);
		if (rc != VMSA_OK && (memcmp(&sc, &before, sizeof(sc)) != 0 ||
		                      scratch_l1[0] != 0x12345678u ||
		                      scratch_l1[VMSA_LPAE_L1_OFFSET / 4u] !=
		                      0x9abcdef0u))
			failf("init extreme", rc, "wrote on failure");
		break;
	}
	}
}

void fuzz_hostile(struct vmsa_table *t, const uint8_t *p, size_t n,
                  size_t *off, void (*fail)(const char *what))
{
	struct snapshot s;
	H.p = p;
	H.n = n;
	H.off = off;
	H.fail = fail;
	take(t, &s);
	if (rd8() & 1) {
		bad_args(t, &s);
		return;
	}
	struct vmsa_table c = *t;
	bool bitmap_only, count_only;
	corrupt(&c, &bitmap_only, &count_only);
	if (vmsa_table_check(&c) != VMSA_ERR_INVAL)
		failf("table_check", vmsa_table_check(&c), "missed a corruption");
	if (count_only) {
		/* Readers only: a writer that takes no table may succeed. */
		every_entry(&c, t, &s, NO_WRITE, 1);
		return;
	}
	/* Only the bitmap off: writers check it once they hold the lock,
	 * after their arguments, so any error; readers never read it. */
	every_entry(&c, t, &s, bitmap_only ? ANY_ERR : VMSA_ERR_INVAL,
	            bitmap_only ? 1 : VMSA_ERR_INVAL);
}
