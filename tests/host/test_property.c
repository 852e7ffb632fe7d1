/*
 * test_property.c - random region arrays mapped with vmsa_map_regions and
 * checked page by page against the reference model (refmodel.c) through
 * both vmsa_translate and the independent walker ref_walk; entry, table and
 * descriptor counts against the model's minimum.
 *
 * VMSA_SEED sets the seed (printed), VMSA_PROP_ITERS the number of arrays
 * (default 5400, so that at least 5000 are non-empty, spread over V7, V7|TEX_REMAP, V7|PXN and V5). Iteration
 * i draws from its own generator state (seed, i), so any one array can be
 * replayed. The arrays run in a child process under a watchdog: an array
 * on which the engine hangs is reported (with its regions) as a failure
 * and the run goes on with the next one.
 */
#define _DEFAULT_SOURCE 1 /* fork, kill, nanosleep, MAP_ANONYMOUS */
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "harness.h"
#include "refmodel.h"

#define MAX_REGIONS 8
#define POOL_BYTES  (VMSA_POOL_MAX_UNITS * 1024u)

static const vmsa_fmt_t fmts[] = {
	VMSA_FMT_V7,
	VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V7 | VMSA_FMT_PXN,
	VMSA_FMT_V5,
};
#define NFMTS 4

static bool is_v5(vmsa_fmt_t f) { return (f & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5; }

static vmsa_attr_t random_attrs(vmsa_fmt_t fmt, uint64_t *st)
{
	static const vmsa_attr_t acc7[] = {
		VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW | VMSA_USER_RO, VMSA_RO,
		VMSA_RO | VMSA_USER,
	};
	static const vmsa_attr_t acc5[] = {
		VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW | VMSA_USER_RO,
	};
	for (;;) {
		vmsa_attr_t a;
		if (is_v5(fmt)) {
			a = (vmsa_attr_t)(1 + ref_rand_below(st, 4)) |
			    acc5[ref_rand_below(st, 3)];
		} else {
			a = (vmsa_attr_t)(1 + ref_rand_below(st, 8)) |
			    acc7[ref_rand_below(st, 5)];
			uint64_t r = ref_rand(st);
			if (r & 1) a |= VMSA_XN;
			if (r & 2) a |= VMSA_EXEC;
			if ((r & 4) && (fmt & VMSA_FMT_PXN)) a |= VMSA_PXN;
			if (r & 8) a |= VMSA_NG;
			if (r & 16) a |= VMSA_SHARED;
			if ((r & 0xe0) == 0xe0) a |= VMSA_NS;
		}
		if (ref_rand_below(st, 2))
			a |= VMSA_DOMAIN(ref_rand_below(st, 16));
		vmsa_attr_t c;
		bool amb;
		if (!ref_canonical(fmt, a, &c, &amb) && !amb)
			return a;
	}
}

/* Set after two hangs: stop placing regions at the very top of the VA
 * space (where the hangs were seen) so the rest of the space still gets
 * tested; the hangs are already failures. */
static volatile int g_avoid_top;

struct gen {
	struct vmsa_region r[MAX_REGIONS];
	size_t n;
};

/* Regions placed in ascending VA order, then shuffled. Regions that share
 * an MB share domain, NS and PXN (else CONFLICT, tested elsewhere);
 * VA-adjacent regions never have contiguous PAs with equal attributes
 * (so no merge across regions can beat the per-request minimum). */
static void generate(vmsa_fmt_t fmt, uint64_t *st, struct gen *g)
{
	unsigned min_shift = is_v5(fmt) ? 10 : 12;
	size_t want = 1 + ref_rand_below(st, MAX_REGIONS);
	uint64_t cur = ref_rand_below(st, 4) == 0
	               ? 0xF0000000u + ref_rand_below(st, 0x0F000000u)
	               : ref_rand_below(st, 0x40000000u);
	cur &= ~(uint64_t)0x3ff;
	g->n = 0;
	uint64_t prev_end_va = 0, prev_end_pa = 0;
	vmsa_attr_t prev_attrs = 0;
	for (size_t i = 0; i < want; i++) {
		unsigned a = min_shift + (unsigned)ref_rand_below(st, 25 - min_shift);
		uint64_t al = (uint64_t)1 << a;
		uint64_t size = (1 + ref_rand_below(st, 4)) << a;
		if (ref_rand_below(st, 4) == 0) /* a ragged tail */
			size += ref_rand_below(st, 16) << min_shift;
		uint64_t va = (cur + al - 1) & ~(al - 1);
		if (ref_rand_below(st, 2))
			va += ref_rand_below(st, 64) << a;
		if (i == 0 && ref_rand_below(st, 16) == 0 && !g_avoid_top)
			va = (VMSA_VA_SPAN - size) & ~(al - 1); /* end at 4GB */
		if (va + size > VMSA_VA_SPAN ||
		    (g_avoid_top && va + size == VMSA_VA_SPAN))
			break;
		vmsa_attr_t attrs = random_attrs(fmt, st);
		if (g->n && (va >> 20) == ((prev_end_va - 1) >> 20)) {
			attrs = (attrs & ~VMSA_TABLE_ATTRS) |
			        (prev_attrs & VMSA_TABLE_ATTRS);
			vmsa_attr_t c;
			bool amb;
			if (ref_canonical(fmt, attrs, &c, &amb) || amb)
				attrs = prev_attrs;
		}
		uint64_t pa;
		int mode = (int)ref_rand_below(st, 8);
		if (mode == 0 && !is_v5(fmt) && a == 24 &&
		    size % VMSA_SZ_SUPERSECTION == 0 &&
		    VMSA_ATTR_DOMAIN(attrs) == 0) {
			/* above 4GB: supersections only */
			pa = ((uint64_t)1 << 32) +
			     (ref_rand_below(st, 0xfe00) << 24);
		} else if (mode <= 3) {
			/* same offset as the VA inside 16MB: big granules */
			pa = (ref_rand_below(st, 0x100) << 24) | (va & 0xffffff);
			if (pa + size > ((uint64_t)1 << 32))
				pa = va;
		} else {
			pa = ref_rand_below(st, ((uint64_t)1 << 32) >> a) << a;
			if (pa + size > ((uint64_t)1 << 32))
				pa = ((uint64_t)1 << 32) - ((size + al - 1) & ~(al - 1));
			pa &= ~(al - 1);
		}
		if (g->n && va == prev_end_va && pa == prev_end_pa &&
		    attrs == prev_attrs)
			continue; /* would merge with its neighbour: skip it */
		struct vmsa_region *r = &g->r[g->n++];
		r->name = "r";
		r->va = vmsa_va((uint32_t)va);
		r->pa = vmsa_pa(pa);
		r->size = size;
		r->attrs = attrs;
		prev_end_va = va + size;
		prev_end_pa = pa + size;
		prev_attrs = attrs;
		cur = va + size;
		if (ref_rand_below(st, 2))
			cur += ref_rand_below(st, 8) << min_shift;
		if (cur >= VMSA_VA_SPAN)
			break;
	}
	for (size_t i = g->n; i > 1; i--) {
		size_t j = ref_rand_below(st, i);
		struct vmsa_region t = g->r[i - 1];
		g->r[i - 1] = g->r[j];
		g->r[j] = t;
	}
}

/* Descriptors the model's entries need on a fresh table. */
static uint32_t model_descriptors(const struct ref_model *m, const struct gen *g)
{
	uint32_t d = 0;
	uint32_t l2, fine;
	ref_model_tables(m, &l2, &fine);
	d += l2; /* one L1 table entry each */
	for (size_t i = 0; i < g->n; i++) {
		uint64_t v = g->r[i].va.v, p = g->r[i].pa.p, rem = g->r[i].size;
		while (rem) {
			uint32_t gr = ref_granule(m->fmt, VMSA_ATTR_DOMAIN(g->r[i].attrs),
			                          v, p, rem);
			bool in_fine = is_v5(m->fmt) && m->mb_tiny[v >> 20];
			switch (gr) {
			case 0x1000000u: d += 16; break;
			case 0x100000u: d += 1; break;
			case 0x10000u: d += in_fine ? 64 : 16; break;
			case 0x1000u: d += in_fine ? 4 : 1; break;
			default: d += 1; break;
			}
			v += gr;
			p += gr;
			rem -= gr;
		}
	}
	return d;
}

enum { C_PLAN, C_MAP, C_ARCH, C_SYNC, C_ENTRIES, C_MAPPED, C_TABLES,
       C_FINE, C_UNITS, C_DESC_STATS, C_DESC_PLAN, C_XLAT_UNMAPPED,
       C_WALK_UNMAPPED, C_XLAT, C_WALK, C_NCAT };
static const char *const cat_names[C_NCAT] = {
	"plan", "map_regions", "arch calls", "sync coverage", "entries",
	"mapped bytes", "l2 tables", "fine tables", "pool units",
	"stats descriptors", "plan descriptors", "translate of unmapped VA",
	"ref_walk of unmapped VA", "translate vs model", "ref_walk vs model",
};

struct totals {
	unsigned long arrays, regions, pages, bad;
	unsigned long cat[C_NCAT];
	unsigned long by_kind[6];
};

#define FAIL(c, ...) do { tot->bad++; if (tot->cat[c]++ < 3) { \
	printf("  [%s iter %lu] ", fmtname, iter); printf(__VA_ARGS__); \
	printf("\n"); fflush(stdout); } } while (0)

/* State shared with the parent across fork, for the watchdog. */
struct shared {
	volatile unsigned long cur_iter, next_iter;
	volatile int avoid_top;
	struct gen cur;
	struct totals tot;
};
static struct shared *g_sh;
static uint64_t g_seed;

static void check_page(struct hx *h, struct ref_model *m, uint32_t va,
                       struct totals *tot, const char *fmtname,
                       unsigned long iter)
{
	uint64_t mpa;
	vmsa_attr_t ma;
	int mk;
	bool mapped = ref_model_lookup(m, va, &mpa, &ma, &mk);
	struct vmsa_xlat x;
	struct ref_xlat rx;
	int rc = vmsa_translate(&h->t, vmsa_va(va), &x);
	int wrc = ref_walk(&h->t, va, &rx);
	tot->pages++;
	if (!mapped) {
		if (rc != VMSA_ERR_NOTMAPPED)
			FAIL(C_XLAT_UNMAPPED, "VA %#010x unmapped in model: translate rc %d", va, rc);
		if (wrc != REF_WALK_FAULT)
			FAIL(C_WALK_UNMAPPED, "VA %#010x unmapped in model: ref_walk %d", va, wrc);
		return;
	}
	tot->by_kind[mk]++;
	if (rc != VMSA_OK || x.pa.p != mpa || x.attrs != ma ||
	    (int)x.kind != mk)
		FAIL(C_XLAT, "VA %#010x: translate rc %d pa %#llx attrs %#x kind %d; "
		     "model pa %#llx attrs %#x kind %d", va, rc,
		     (unsigned long long)x.pa.p, x.attrs, x.kind,
		     (unsigned long long)mpa, ma, mk);
	if (wrc != REF_WALK_OK || rx.pa != mpa || rx.attrs != ma || rx.kind != mk)
		FAIL(C_WALK, "VA %#010x: ref_walk rc %d pa %#llx attrs %#x kind %d (L1 "
		     "%#010x L2 %#010x); model pa %#llx attrs %#x kind %d", va,
		     wrc, (unsigned long long)rx.pa, rx.attrs, rx.kind, rx.l1_word,
		     rx.l2_word, (unsigned long long)mpa, ma, mk);
}

static void one_array(struct hx *h, struct ref_model *m, vmsa_fmt_t fmt,
                      uint64_t *st, struct totals *tot, const char *fmtname,
                      unsigned long iter)
{
	struct gen g;
	generate(fmt, st, &g);
	if (!g.n)
		return;
	if (g_sh)
		g_sh->cur = g;
	assert_int_equal(hx_reinit(h, fmt), VMSA_OK);
	ref_model_clear(m);
	tot->arrays++;
	tot->regions += g.n;

	for (size_t i = 0; i < g.n; i++) {
		vmsa_attr_t c;
		assert_int_equal(ref_canonical(fmt, g.r[i].attrs, &c, NULL), 0);
		assert_int_equal(ref_model_map(m, g.r[i].va.v, g.r[i].pa.p,
		                               g.r[i].size, c), 0);
	}
	uint32_t l2, fine;
	ref_model_tables(m, &l2, &fine);
	uint32_t mdesc = model_descriptors(m, &g);

	if (getenv("VMSA_PROP_TRACE")) {
		printf("  [%s iter %lu] %zu regions\n", fmtname, iter, g.n);
		for (size_t i = 0; i < g.n; i++)
			printf("    { \"r%zu\", VMSA_VA_C(%#010x), VMSA_PA_C(%#llx), "
			       "%#llx, %#x },\n", i, g.r[i].va.v,
			       (unsigned long long)g.r[i].pa.p,
			       (unsigned long long)g.r[i].size, g.r[i].attrs);
		fflush(stdout);
	}
	struct vmsa_plan p1, p2;
	size_t bad = 999;
	int rc = vmsa_plan(NULL, fmt, g.r, g.n, &p1, &bad);
	if (rc != VMSA_OK) {
		FAIL(C_PLAN, "vmsa_plan(NULL) rc %d (%s) bad %zu", rc, vmsa_strerror(rc), bad);
		for (size_t i = 0; i < g.n && tot->cat[C_PLAN] <= 3; i++)
			printf("    region %zu: va %#010x pa %#llx size %#llx attrs %#x\n",
			       i, g.r[i].va.v, (unsigned long long)g.r[i].pa.p,
			       (unsigned long long)g.r[i].size, g.r[i].attrs);
		return;
	}
	rc = vmsa_plan(&h->t, 0, g.r, g.n, &p2, &bad);
	if (rc != VMSA_OK || memcmp(&p1, &p2, sizeof(p1)) != 0)
		FAIL(C_PLAN, "vmsa_plan(t) rc %d differs from vmsa_plan(NULL)", rc);

	fake_arch_reset();
	rc = vmsa_map_regions(&h->t, g.r, g.n, &bad);
	if (rc != VMSA_OK) {
		FAIL(C_MAP, "vmsa_map_regions rc %d (%s) bad %zu", rc, vmsa_strerror(rc), bad);
		return;
	}
	/* Tables not live: only sync_table may be called, covering all. */
	size_t others = fake_arch_count() - fake_arch_count_kind(FAKE_SYNC_TABLE);
	if (others)
		FAIL(C_ARCH, "%zu arch calls other than sync_table without TF_LIVE", others);
	long uns = hx_unsynced_bytes(h);
	if (uns > 0)
		FAIL(C_SYNC, "%ld table bytes written but never synced", uns);

	struct vmsa_stats s;
	vmsa_stats(&h->t, &s);
	if (s.entries != m->entries || p1.entries != m->entries)
		FAIL(C_ENTRIES, "entries: stats %u plan %u, model minimum %u", s.entries,
		     p1.entries, m->entries);
	if (s.mapped != m->mapped)
		FAIL(C_MAPPED, "mapped: stats %llu, model %llu", (unsigned long long)s.mapped,
		     (unsigned long long)m->mapped);
	if (s.l2_tables != l2 || p1.l2_tables != s.l2_tables)
		FAIL(C_TABLES, "l2 tables: stats %u plan %u model %u", s.l2_tables,
		     p1.l2_tables, l2);
	if (p1.l2_fine != fine)
		FAIL(C_FINE, "fine tables: plan %u model %u", p1.l2_fine, fine);
	uint32_t units = (l2 - fine) + 4 * fine;
	if (p1.pool_units != units || h->t.used_units != units ||
	    s.l2_bytes != units * 1024u)
		FAIL(C_UNITS, "pool units: plan %u used %u stats bytes %u, model %u",
		     p1.pool_units, h->t.used_units, s.l2_bytes, units);
	if (s.descriptors != mdesc)
		FAIL(C_DESC_STATS, "descriptors: stats %u, model %u (l2 tables %u)",
		     s.descriptors, mdesc, l2);
	if (p1.descriptors != mdesc)
		FAIL(C_DESC_PLAN, "descriptors written: plan %u, model %u (of which "
		     "%u L1 table entries)", p1.descriptors, mdesc, l2);

	uint32_t pg = ref_min_granule(fmt);
	for (size_t i = 0; i < g.n; i++) {
		uint32_t va = g.r[i].va.v;
		uint64_t size = g.r[i].size;
		if (size <= VMSA_SZ_SUPERSECTION) {
			for (uint64_t o = 0; o < size; o += pg)
				check_page(h, m, (uint32_t)(va + o), tot, fmtname, iter);
		} else {
			for (uint64_t o = 0; o < VMSA_SZ_SECTION; o += pg) {
				check_page(h, m, (uint32_t)(va + o), tot, fmtname, iter);
				check_page(h, m, (uint32_t)(va + size - pg - o), tot,
				           fmtname, iter);
			}
			for (int k = 0; k < 2048; k++)
				check_page(h, m, (uint32_t)(va + ref_rand_below(st, size / pg) * pg),
				           tot, fmtname, iter);
		}
		/* neighbours (mapped or not, the model knows) */
		if (va >= pg)
			check_page(h, m, va - pg, tot, fmtname, iter);
		if (va + size < VMSA_VA_SPAN)
			check_page(h, m, (uint32_t)(va + size), tot, fmtname, iter);
	}
	for (int k = 0; k < 64; k++)
		check_page(h, m, (uint32_t)ref_rand(st) & ~(pg - 1), tot, fmtname,
		           iter);
}

static const char *fmt_name(vmsa_fmt_t f)
{
	switch (f) {
	case VMSA_FMT_V7: return "V7";
	case VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP: return "V7|TEX_REMAP";
	case VMSA_FMT_V7 | VMSA_FMT_PXN: return "V7|PXN";
	case VMSA_FMT_V5: return "V5";
	}
	return "?";
}

/* One cmocka test per format: iterations i with i % 4 == the format's
 * index, so VMSA_SEED replays the same arrays whichever test runs them. */
static void test_random_arrays(void **state)
{
	const int only = *(const int *)*state;
	const char *ei = getenv("VMSA_PROP_ITERS");
	uint64_t seed = g_seed;
	unsigned long iters = ei ? strtoul(ei, NULL, 0) : 5400;
	printf("  %s: VMSA_SEED=%#llx VMSA_PROP_ITERS=%lu (this format: every "
	       "4th)\n", fmt_name(fmts[only]), (unsigned long long)seed, iters);
	fflush(stdout);

	struct hx h[NFMTS];
	struct ref_model m[NFMTS];
	for (int f = only; f == only; f++) {
		hx_init(&h[f], fmts[f], POOL_BYTES);
		assert_int_equal(ref_model_init(&m[f], fmts[f]), 0);
	}
	g_sh = mmap(NULL, sizeof(*g_sh), PROT_READ | PROT_WRITE,
	            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(g_sh != MAP_FAILED);
	memset(g_sh, 0, sizeof(*g_sh));
	struct totals *tp = &g_sh->tot;
	unsigned long hangs = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (g_sh->next_iter < iters && tp->bad < 100000 && hangs < 10) {
		fflush(stdout);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			g_avoid_top = g_sh->avoid_top;
			for (unsigned long it = g_sh->next_iter;
			     it < iters && tp->bad < 100000; it++) {
				int f = (int)(it % NFMTS);
				if (f != only) {
					g_sh->next_iter = it + 1;
					continue;
				}
				uint64_t st = seed ^ (0xa0761d6478bd642full * (it + 1));
				ref_rand(&st);
				g_sh->cur_iter = it;
				one_array(&h[f], &m[f], fmts[f], &st, tp,
				          fmt_name(fmts[f]), it);
				g_sh->next_iter = it + 1;
			}
			fflush(stdout);
			_exit(0);
		}
		/* Watchdog: no progress for 2 s is a hang. */
		unsigned long last = g_sh->next_iter;
		int idle_ms = 0, status = 0;
		for (;;) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid)
				break;
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			if (g_sh->next_iter != last) {
				last = g_sh->next_iter;
				idle_ms = 0;
			} else if ((idle_ms += 20) >= 2000) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				unsigned long it = g_sh->cur_iter;
				printf("  [%s iter %lu] HANG: the engine did not return "
				       "within 2 s on this array (VMSA_SEED=%#llx):\n",
				       fmt_name(fmts[it % NFMTS]), it,
				       (unsigned long long)seed);
				for (size_t i = 0; i < g_sh->cur.n; i++)
					printf("    { \"r%zu\", VMSA_VA_C(%#010x), "
					       "VMSA_PA_C(%#llx), %#llx, %#x },\n", i,
					       g_sh->cur.r[i].va.v,
					       (unsigned long long)g_sh->cur.r[i].pa.p,
					       (unsigned long long)g_sh->cur.r[i].size,
					       g_sh->cur.r[i].attrs);
				tp->bad++;
				if (++hangs >= 2 && !g_sh->avoid_top) {
					g_sh->avoid_top = 1;
					printf("  (two hangs: no more regions ending at 4GB "
					       "in this run)\n");
				}
				g_sh->next_iter = it + 1;
				break;
			}
		}
		if (WIFSIGNALED(status) && !hangs) {
			printf("  child died with signal %d at iter %lu\n",
			       WTERMSIG(status), g_sh->cur_iter);
			tp->bad++;
			g_sh->next_iter = g_sh->cur_iter + 1;
		}
	}
	struct totals tot = *tp;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (hangs)
		printf("  FAILED: %lu arrays hung the engine\n", hangs);
	printf("  %lu arrays, %lu regions, %lu page checks (tiny %lu small %lu "
	       "large %lu section %lu supersection %lu), %lu failures, %.1fs\n",
	       tot.arrays, tot.regions, tot.pages, tot.by_kind[1], tot.by_kind[2],
	       tot.by_kind[3], tot.by_kind[4], tot.by_kind[5], tot.bad,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (int c = 0; c < C_NCAT; c++)
		if (tot.cat[c])
			printf("  FAILED check '%s': %lu times\n", cat_names[c],
			       tot.cat[c]);
	for (int f = only; f == only; f++) {
		hx_free(&h[f]);
		ref_model_free(&m[f]);
	}
	munmap(g_sh, sizeof(*g_sh));
	g_sh = NULL;
	assert_int_equal(tot.bad, 0);
	assert_true(tot.arrays > 0);
	/* the generator reaches every granule kind */
	if (iters >= 1000) {
		int lo = is_v5(fmts[only]) ? VMSA_KIND_TINY : VMSA_KIND_SMALL;
		int hi = is_v5(fmts[only]) ? VMSA_KIND_SECTION : VMSA_KIND_SUPERSECTION;
		for (int k = lo; k <= hi; k++)
			assert_true(tot.by_kind[k] > 0);
	}
}

static const int fmt_idx[NFMTS] = { 0, 1, 2, 3 };

int main(void)
{
	const char *es = getenv("VMSA_SEED");
	g_seed = es ? strtoull(es, NULL, 0) : (uint64_t)time(NULL);
	printf("property: VMSA_SEED=%#llx\n", (unsigned long long)g_seed);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(test_random_arrays, (void *)&fmt_idx[0]),
		cmocka_unit_test_prestate(test_random_arrays, (void *)&fmt_idx[1]),
		cmocka_unit_test_prestate(test_random_arrays, (void *)&fmt_idx[2]),
		cmocka_unit_test_prestate(test_random_arrays, (void *)&fmt_idx[3]),
	};
	return cmocka_run_group_tests_name("property", tests, NULL, NULL);
}
