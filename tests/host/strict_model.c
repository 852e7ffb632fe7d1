/*
 * strict_model.c - the adversarial memory-system model of strict_model.h:
 * walker with a visible image of table memory, per-CPU TLBs and walk
 * caches, instruction cache, data cache, branch predictor, driven by the
 * fake arch's hook. It decodes descriptors itself (the architecture's
 * encodings, not the library's decoders) so that it judges the engine
 * independently.
 */
#include "strict_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa/hwdef.h>
#include "fake_arch.h"

#define SM_K      8u     /* TLB entries per page and CPU */
#define SM_SEEN   4u     /* (L1, L2) word pairs already walked per page */
#define SM_WC     4u     /* walk-cache entries per MB and CPU */
#define SM_IL     4u     /* I-cache lines per page and CPU */
#define SM_DL     4u     /* ARMv5 D-cache lines per page */
#define SM_CPUS   2u
#define SM_WINS   8u
#define SM_PENDING 256u
#define SM_HASH   (1u << 17)
#define HASH_EMPTY 0u
#define HASH_TOMB  1u

struct xl {                 /* one page's translation */
	uint64_t pa;            /* output PA of the page */
	uint32_t size;          /* granule of the descriptor */
	uint32_t key;           /* type, S, nG, NS: break-before-make fields */
	uint32_t perm;          /* AP, XN, PXN, domain: may change in place */
	bool ng, exec, cach;
};

struct tlbe {
	struct xl x;
	uint8_t asid;           /* 0: global; 1 or 2 */
	bool used;
};

struct line {
	uint64_t pa;
	bool used;
};

enum pend_kind { P_TLBI_VA, P_TLBI_ALL, P_BP, P_IC };

struct pend {
	enum pend_kind k;
	uint32_t va;
};

static struct {
	const struct vmsa_table *t;
	bool v5;
	uint32_t pg;
	unsigned ncpu;
	uint32_t *img_l1, *img_pool;
	size_t pool_words;
	struct { uint32_t va, len, first; } win[SM_WINS];
	unsigned nwin;
	uint32_t npages;
	struct tlbe *tlb;       /* [cpu][page][SM_K] */
	uint64_t *seen;         /* [cpu][page][SM_SEEN] */
	struct line *il;        /* [cpu][page][SM_IL] */
	struct line *dl;        /* ARMv5: [page][SM_DL] */
	uint64_t *dpa;          /* ARMv7: PA page numbers + 2, hash set */
	uint32_t wc[SM_CPUS][VMSA_L1_ENTRIES][SM_WC];
	struct pend pend[SM_CPUS][SM_PENDING];
	unsigned npend[SM_CPUS];
	bool pend_dc, need_isb, refill;
	/* Per CPU and page: an executable entry left the TLB since the last
	 * completed BPIALL (1: of output address bppa; 2: of several). The
	 * predictor is stale if the page now translates otherwise. */
	uint8_t *bpdx;
	uint64_t *bppa;
	/* What the last round of walks saw, to walk again only the MBs in
	 * which something changed (memory, image, TLB or walk cache). */
	uint32_t *sh_l1, *sh_img_l1, *sh_pool, *sh_img_pool;
	uint8_t dirty[VMSA_L1_ENTRIES];
	bool all_dirty;
	unsigned nviol;
	char first[256];
} M;

static void viol(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (M.nviol == 0)
		snprintf(M.first, sizeof(M.first), "%s", buf);
	if (M.nviol < 6)
		printf("  strict: %s\n", buf);
	M.nviol++;
}

/* ---- descriptors (ARM ARM B3.5.1 figures B3-4, B3-5; ARM926 TRM 3.2) --- */

/* Cacheable Normal memory: TEX/C/B direct (B3.8.2), through PRRR/NMRR
 * with TEX remap (B3.8.3), the C bit on ARMv5. */
static bool tcb_cacheable(uint32_t tex, uint32_t c, uint32_t b)
{
	vmsa_fmt_t f = M.t->fmt;

	if (M.v5)
		return c != 0;
	if (f & VMSA_FMT_TEX_REMAP) {
		uint32_t n = ((tex & 1u) << 2) | (c << 1) | b;
		uint32_t tr = (VMSA_PRRR >> (2 * n)) & 3u;
		uint32_t ir = (VMSA_NMRR >> (2 * n)) & 3u;
		uint32_t orr = (VMSA_NMRR >> (16 + 2 * n)) & 3u;
		return tr == 2u && (ir != 0 || orr != 0);
	}
	if (tex == 0)
		return c != 0;
	if (tex == 1)
		return c && b;
	if (tex & 4u)
		return (c | b) != 0 || (tex & 3u) != 0;
	return false;
}

static void set_xl(struct xl *x, uint64_t blk_pa, uint32_t size, uint32_t va,
                   uint32_t tex, uint32_t c, uint32_t b, uint32_t s,
                   uint32_t ng, uint32_t ns, uint32_t perm, bool exec)
{
	x->size = size;
	x->pa = blk_pa + (va & (size - 1u) & ~(M.pg - 1u));
	x->key = tex | c << 3 | b << 4 | s << 5 | ng << 6 | ns << 7;
	x->perm = perm;
	x->ng = ng != 0;
	x->exec = exec;
	x->cach = tcb_cacheable(tex, c, b);
}

/* An L1 section or supersection word; false if not one. */
static bool dec_sect(uint32_t w, uint32_t va, struct xl *x)
{
	uint32_t ty = w & 3u;

	if (M.v5) {
		if (ty != 2u)
			return false;
		set_xl(x, w & 0xfff00000u, 0x100000u, va, 0, (w >> 3) & 1u,
		       (w >> 2) & 1u, 0, 0, 0, (w >> 5) & 0x3fffu, true);
		return true;
	}
	if (ty == 3u && !(M.t->fmt & VMSA_FMT_PXN))
		return false;           /* reserved: translation fault */
	if (ty < 2u)
		return false;
	{
		uint32_t perm = ((w >> 10) & 3u) | ((w >> 15) & 1u) << 2 |
		                ((w >> 4) & 1u) << 3 | (ty & 1u) << 4;
		uint64_t pa;
		uint32_t size;

		if (w & (1u << 18)) {
			size = 0x1000000u;
			pa = (uint64_t)(w & 0xff000000u) |
			     (uint64_t)((w >> 20) & 0xfu) << 32 |
			     (uint64_t)((w >> 5) & 0xfu) << 36;
		} else {
			size = 0x100000u;
			pa = w & 0xfff00000u;
			perm |= ((w >> 5) & 0xfu) << 5;
		}
		set_xl(x, pa, size, va, (w >> 12) & 7u, (w >> 3) & 1u,
		       (w >> 2) & 1u, (w >> 16) & 1u, (w >> 17) & 1u,
		       (w >> 19) & 1u, perm, !((w >> 4) & 1u));
	}
	return true;
}

/* The L2 table an L1 word points to (host pointer, index of va in it),
 * or NULL when the word is no table or the table is outside the pool. */
static const uint32_t *l2_of(uint32_t w, uint32_t va, bool mem, uint32_t *i,
                             bool *fine)
{
	uint32_t ty = w & 3u, pa, off;
	const struct vmsa_table *t = M.t;

	*fine = M.v5 && ty == 3u;
	if (ty != 1u && !*fine)
		return NULL;
	pa = w & (*fine ? 0xfffff000u : 0xfffffc00u);
	off = pa - (uint32_t)t->pool_pa.p;
	if (pa < t->pool_pa.p || off >= t->pool_units * 1024u)
		return NULL;
	*i = *fine ? (va >> 10) & 0x3ffu : (va >> 12) & 0xffu;
	return mem ? (const uint32_t *)(const void *)(t->pool + off) :
	             &M.img_pool[off / 4];
}

static bool dec_page(uint32_t tw, uint32_t w, bool fine, uint32_t va,
                     struct xl *x)
{
	uint32_t ty = w & 3u;

	if (ty == 0)
		return false;
	if (M.v5) {
		uint32_t dom = ((tw >> 5) & 0xfu) << 8;
		if (ty == 3u && !fine)
			return false;
		set_xl(x, ty == 1u ? (w & 0xffff0000u) :
		       ty == 2u ? (w & 0xfffff000u) : (w & 0xfffffc00u),
		       ty == 1u ? 0x10000u : ty == 2u ? 0x1000u : 0x400u, va,
		       0, (w >> 3) & 1u, (w >> 2) & 1u, 0, 0, 0,
		       ((w >> 4) & 0xffu) | dom, true);
		return true;
	}
	{
		uint32_t ap = ((w >> 4) & 3u) | ((w >> 9) & 1u) << 2;
		uint32_t tperm = ((tw >> 2) & 1u) << 4 | ((tw >> 5) & 0xfu) << 5;
		uint32_t ns = (tw >> 3) & 1u, xn;

		if (!(M.t->fmt & VMSA_FMT_PXN))
			tperm &= ~(1u << 4);
		if (ty == 1u) {
			xn = (w >> 15) & 1u;
			set_xl(x, w & 0xffff0000u, 0x10000u, va, (w >> 12) & 7u,
			       (w >> 3) & 1u, (w >> 2) & 1u, (w >> 10) & 1u,
			       (w >> 11) & 1u, ns, ap | xn << 3 | tperm, !xn);
		} else {
			xn = w & 1u;
			set_xl(x, w & 0xfffff000u, 0x1000u, va, (w >> 6) & 7u,
			       (w >> 3) & 1u, (w >> 2) & 1u, (w >> 10) & 1u,
			       (w >> 11) & 1u, ns, ap | xn << 3 | tperm, !xn);
		}
	}
	return true;
}

/* The translation of va from table memory as it is now. */
static bool xlat_now(uint32_t va, struct xl *x)
{
	uint32_t w = M.t->l1[va >> 20], i;
	bool fine;
	const uint32_t *l2 = l2_of(w, va, true, &i, &fine);

	if (l2 != NULL)
		return dec_page(w, l2[i], fine, va, x);
	return dec_sect(w, va, x);
}

/* ---- the D-cache of ARMv7: a set of PA page numbers ------------------ */

static size_t hslot(uint64_t k)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ull) >> 47) & (SM_HASH - 1);
}

static uint64_t *dpa_find(uint64_t pa, bool add)
{
	uint64_t k = (pa / M.pg) + 2, *tomb = NULL;
	size_t i = hslot(k), n;

	for (n = 0; n < SM_HASH; n++, i = (i + 1) & (SM_HASH - 1)) {
		if (M.dpa[i] == k)
			return &M.dpa[i];
		if (M.dpa[i] == HASH_TOMB && tomb == NULL)
			tomb = &M.dpa[i];
		if (M.dpa[i] == HASH_EMPTY) {
			if (!add)
				return NULL;
			if (tomb == NULL)
				tomb = &M.dpa[i];
			*tomb = k;
			return tomb;
		}
	}
	if (add && tomb != NULL) {
		*tomb = k;
		return tomb;
	}
	return NULL;
}

static void dpa_del(uint64_t pa)
{
	uint64_t *p = dpa_find(pa, false);
	if (p != NULL)
		*p = HASH_TOMB;
}

/* ---- windows and per-page state --------------------------------------- */

static bool page_index(uint32_t va, uint32_t *pi)
{
	for (unsigned w = 0; w < M.nwin; w++) {
		if (va - M.win[w].va < M.win[w].len) {
			*pi = M.win[w].first + (va - M.win[w].va) / M.pg;
			return true;
		}
	}
	return false;
}

static struct tlbe *tlb_at(unsigned c, uint32_t pi)
{
	return &M.tlb[((size_t)c * M.npages + pi) * SM_K];
}

static uint64_t *seen_at(unsigned c, uint32_t pi)
{
	return &M.seen[((size_t)c * M.npages + pi) * SM_SEEN];
}

static struct line *il_at(unsigned c, uint32_t pi)
{
	return &M.il[((size_t)c * M.npages + pi) * SM_IL];
}

static void line_add(struct line *l, unsigned n, uint64_t pa, unsigned c,
                     uint32_t va, const char *what)
{
	unsigned i;
	for (i = 0; i < n; i++)
		if (l[i].used && l[i].pa == pa)
			return;
	for (i = 0; i < n; i++)
		if (!l[i].used) {
			l[i].pa = pa;
			l[i].used = true;
			return;
		}
	viol("model: CPU%u VA %#x: more than %u %s lines", c, va, n, what);
}

static void cache_fill(unsigned c, uint32_t pi, uint32_t va,
                       const struct tlbe *e)
{
	if (e->x.exec)
		line_add(il_at(c, pi), SM_IL, e->x.pa, c, va, "I-cache");
	if (!e->x.cach)
		return;
	if (M.v5)
		line_add(&M.dl[(size_t)pi * SM_DL], SM_DL, e->x.pa, c, va,
		         "D-cache");
	else if (dpa_find(e->x.pa, true) == NULL)
		viol("model: D-cache set full");
}

static bool same_xl(const struct xl *a, const struct xl *b)
{
	return a->pa == b->pa && a->size == b->size && a->key == b->key &&
	       a->perm == b->perm;
}

static void tlb_insert(unsigned c, uint32_t pi, uint32_t va,
                       const struct xl *x)
{
	struct tlbe *e = tlb_at(c, pi);
	uint8_t a0 = x->ng ? 1 : 0, a1 = x->ng ? 2 : 0;

	for (uint8_t asid = a0; asid <= a1; asid++) {
		unsigned i, fr = SM_K;
		bool dup = false;

		for (i = 0; i < SM_K; i++) {
			if (!e[i].used) {
				if (fr == SM_K)
					fr = i;
				continue;
			}
			if (e[i].asid == asid && same_xl(&e[i].x, x)) {
				dup = true;
				break;
			}
			if (!(asid == 0 || e[i].asid == 0 || e[i].asid == asid))
				continue;
			if (e[i].x.pa != x->pa || e[i].x.size != x->size ||
			    e[i].x.key != x->key)
				viol("CPU%u VA %#x: TLB conflict: PA %#llx size "
				     "%#x type/S/nG/NS %#x (ASID %u) and PA %#llx "
				     "size %#x type/S/nG/NS %#x (ASID %u)", c, va,
				     (unsigned long long)e[i].x.pa, e[i].x.size,
				     e[i].x.key, e[i].asid,
				     (unsigned long long)x->pa, x->size, x->key,
				     asid);
		}
		if (dup)
			continue;
		if (fr == SM_K) {
			viol("model: CPU%u VA %#x: more than %u TLB entries", c,
			     va, SM_K);
			return;
		}
		e[fr].x = *x;
		e[fr].asid = asid;
		e[fr].used = true;
		cache_fill(c, pi, va, &e[fr]);
	}
}

static bool seen_check(unsigned c, uint32_t pi, uint32_t w1, uint32_t w2)
{
	uint64_t k = (uint64_t)w1 << 32 | w2, *s = seen_at(c, pi);
	unsigned i;

	for (i = 0; i < SM_SEEN; i++)
		if (s[i] == k)
			return true;
	for (i = 0; i < SM_SEEN; i++)
		if (s[i] == 0) {
			s[i] = k;
			return false;
		}
	memmove(s, s + 1, (SM_SEEN - 1) * sizeof(*s));
	s[SM_SEEN - 1] = k;
	return false;
}

static void wc_add(unsigned c, uint32_t mb, uint32_t w)
{
	uint32_t *s = M.wc[c][mb];
	unsigned i;

	for (i = 0; i < SM_WC; i++)
		if (s[i] == w)
			return;
	for (i = 0; i < SM_WC; i++)
		if (s[i] == 0) {
			s[i] = w;
			return;
		}
	viol("model: CPU%u MB %#x: more than %u walk-cache entries", c, mb,
	     SM_WC);
}

/* Every walk the architecture permits for one page on CPU c: any L1 word
 * the walker can see (image, memory, walk cache), any L2 word of it. */
static void walk_page(unsigned c, uint32_t pi, uint32_t va)
{
	uint32_t mb = va >> 20, cand[2 + SM_WC], n = 0, k, j;
	const uint32_t src[2] = { M.t->l1[mb], M.img_l1[mb] };

	for (k = 0; k < 2 + SM_WC; k++) {
		uint32_t w = k < 2 ? src[k] : M.wc[c][mb][k - 2];
		bool dup = w == 0;
		for (j = 0; j < n && !dup; j++)
			dup = cand[j] == w;
		if (!dup)
			cand[n++] = w;
	}
	for (k = 0; k < n; k++) {
		uint32_t w = cand[k], i, l2w[2];
		bool fine;
		const uint32_t *l2 = l2_of(w, va, true, &i, &fine);
		struct xl x;

		if (l2 == NULL) {
			if ((w & 3u) == 1u || (M.v5 && (w & 3u) == 3u))
				continue;   /* foreign table: not modelled */
			if (!seen_check(c, pi, w, 0) && dec_sect(w, va, &x))
				tlb_insert(c, pi, va, &x);
			continue;
		}
		wc_add(c, mb, w);
		l2w[0] = l2[i];
		l2w[1] = l2_of(w, va, false, &i, &fine)[i];
		for (j = 0; j < 2; j++) {
			if (l2w[j] == 0 || (j == 1 && l2w[1] == l2w[0]))
				continue;
			if (!seen_check(c, pi, w, l2w[j]) &&
			    dec_page(w, l2w[j], fine, va, &x))
				tlb_insert(c, pi, va, &x);
		}
	}
}

static void refill_caches(void)
{
	for (unsigned c = 0; c < M.ncpu; c++)
		for (unsigned w = 0; w < M.nwin; w++)
			for (uint32_t o = 0; o < M.win[w].len; o += M.pg) {
				uint32_t pi = M.win[w].first + o / M.pg;
				struct tlbe *e = tlb_at(c, pi);
				for (unsigned i = 0; i < SM_K; i++)
					if (e[i].used)
						cache_fill(c, pi, M.win[w].va + o,
						           &e[i]);
			}
}

/* Nothing to walk in an MB whose L1 word is 0 in memory, in the image
 * and in the walk cache of CPU c. */
static bool mb_empty(unsigned c, uint32_t mb)
{
	if (M.t->l1[mb] != 0 || M.img_l1[mb] != 0)
		return false;
	for (unsigned i = 0; i < SM_WC; i++)
		if (M.wc[c][mb][i] != 0)
			return false;
	return true;
}

/* Did a second-level table that an L1 word w points to change since the
 * last round (in memory or in the image)? */
static bool table_changed(uint32_t w)
{
	uint32_t ty = w & 3u, pa, off, len;
	const struct vmsa_table *t = M.t;
	bool fine = M.v5 && ty == 3u;

	if (ty != 1u && !fine)
		return false;
	pa = w & (fine ? 0xfffff000u : 0xfffffc00u);
	len = fine ? 4096u : 1024u;
	off = pa - (uint32_t)t->pool_pa.p;
	if (pa < t->pool_pa.p || off + len > t->pool_units * 1024u)
		return false;
	return memcmp(t->pool + off, (const uint8_t *)M.sh_pool + off, len) ||
	       memcmp((const uint8_t *)M.img_pool + off,
	              (const uint8_t *)M.sh_img_pool + off, len);
}

static void mark_changed(void)
{
	for (unsigned w = 0; w < M.nwin; w++)
		for (uint32_t mb = M.win[w].va >> 20;
		     mb <= (M.win[w].va + M.win[w].len - 1) >> 20; mb++) {
			if (M.all_dirty || M.dirty[mb] ||
			    M.t->l1[mb] != M.sh_l1[mb] ||
			    M.img_l1[mb] != M.sh_img_l1[mb] ||
			    table_changed(M.t->l1[mb]) ||
			    table_changed(M.img_l1[mb])) {
				M.dirty[mb] = 1;
				continue;
			}
			for (unsigned c = 0; c < M.ncpu; c++)
				for (unsigned i = 0; i < SM_WC; i++)
					if (table_changed(M.wc[c][mb][i]))
						M.dirty[mb] = 1;
		}
	M.all_dirty = false;
}

static void walk_all(void)
{
	bool any = false;

	if (!(M.t->flags & VMSA_TF_LIVE))
		return;
	mark_changed();
	for (unsigned c = 0; c < M.ncpu; c++)
		for (unsigned w = 0; w < M.nwin; w++)
			for (uint32_t o = 0; o < M.win[w].len; ) {
				uint32_t va = M.win[w].va + o;
				if (!M.dirty[va >> 20] || mb_empty(c, va >> 20)) {
					o += 0x100000u - (va & 0xfffffu);
					continue;
				}
				any = true;
				walk_page(c, M.win[w].first + o / M.pg, va);
				o += M.pg;
			}
	memset(M.dirty, 0, sizeof(M.dirty));
	if (any) {
		memcpy(M.sh_l1, M.t->l1, VMSA_L1_BYTES);
		memcpy(M.sh_img_l1, M.img_l1, VMSA_L1_BYTES);
		if (M.pool_words != 0) {
			memcpy(M.sh_pool, M.t->pool, M.pool_words * 4);
			memcpy(M.sh_img_pool, M.img_pool, M.pool_words * 4);
		}
	}
	if (M.refill) {
		M.refill = false;
		refill_caches();
	}
}

/* ---- the arch calls ------------------------------------------------------ */

static void drop_page(unsigned c, uint32_t pi, uint32_t mb)
{
	struct tlbe *e = tlb_at(c, pi);

	M.dirty[mb] = 1;

	size_t k = (size_t)c * M.npages + pi;

	for (unsigned i = 0; i < SM_K; i++) {
		if (e[i].used && e[i].x.exec) {
			if (M.bpdx[k] == 0) {
				M.bpdx[k] = 1;
				M.bppa[k] = e[i].x.pa;
			} else if (M.bppa[k] != e[i].x.pa) {
				M.bpdx[k] = 2;
			}
		}
		e[i].used = false;
	}
	memset(seen_at(c, pi), 0, SM_SEEN * sizeof(uint64_t));
}

/* A DSB: every maintenance issued before it is complete, in order. */
static void dsb(void)
{
	for (unsigned c = 0; c < M.ncpu; c++) {
		for (unsigned k = 0; k < M.npend[c]; k++) {
			const struct pend *p = &M.pend[c][k];
			uint32_t pi;

			switch (p->k) {
			case P_TLBI_VA:
				if (page_index(p->va, &pi))
					drop_page(c, pi, p->va >> 20);
				memset(M.wc[c][p->va >> 20], 0,
				       sizeof(M.wc[c][0]));
				M.dirty[p->va >> 20] = 1;
				break;
			case P_TLBI_ALL:
				for (pi = 0; pi < M.npages; pi++)
					drop_page(c, pi, 0);
				memset(M.wc[c], 0, sizeof(M.wc[c]));
				M.all_dirty = true;
				break;
			case P_BP:
				if (M.npages != 0)
					memset(&M.bpdx[(size_t)c * M.npages], 0,
					       M.npages);
				break;
			case P_IC:
				if (M.npages != 0)
					memset(il_at(c, 0), 0, (size_t)M.npages *
					       SM_IL * sizeof(struct line));
				M.refill = true;
				break;
			}
			M.need_isb = true;
		}
		M.npend[c] = 0;
	}
	if (M.pend_dc)
		M.need_isb = true;
	M.pend_dc = false;
}

static void issue(bool smp, enum pend_kind k, uint32_t va)
{
	unsigned n = smp ? M.ncpu : 1;

	for (unsigned c = 0; c < n; c++) {
		if (M.npend[c] == SM_PENDING) {
			viol("model: more than %u operations before a DSB",
			     SM_PENDING);
			return;
		}
		M.pend[c][M.npend[c]].k = k;
		M.pend[c][M.npend[c]].va = va & ~(M.pg - 1u);
		M.npend[c]++;
	}
}

/* Copy [p, p + len) of table memory to the walker's image. */
static void sync(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, e = a + len;
	uintptr_t l1 = (uintptr_t)M.t->l1, l1e = l1 + VMSA_L1_BYTES;
	uintptr_t pl = (uintptr_t)M.t->pool, ple = pl + M.pool_words * 4;
	bool changed = false;

	for (; a < e; a += 4) {
		uint32_t *img = NULL, v = *(const uint32_t *)a;
		if (a >= l1 && a < l1e)
			img = &M.img_l1[(a - l1) / 4];
		else if (pl != 0 && a >= pl && a < ple)
			img = &M.img_pool[(a - pl) / 4];
		if (img != NULL && *img != v) {
			*img = v;
			changed = true;
		}
	}
	/* A descriptor the walker may now use: DSB (in sync_table) then
	 * ISB before the code that relies on it (B3.10.1). */
	if (changed && (M.t->flags & VMSA_TF_LIVE))
		M.need_isb = true;
}

static void dcache_ci(uint32_t va, uint32_t len)
{
	uint64_t o;

	for (o = 0; o < len; o += M.pg) {
		uint32_t v = (uint32_t)(va + o), pi;
		struct xl x;

		if (M.v5) {
			if (page_index(v, &pi))
				memset(&M.dl[(size_t)pi * SM_DL], 0,
				       SM_DL * sizeof(struct line));
			continue;
		}
		if (!xlat_now(v, &x)) {
			viol("DCCIMVAC of VA %#x with no translation: the "
			     "CPU would take a translation fault", v);
			return;
		}
		dpa_del(x.pa);
	}
	M.pend_dc = true;
	M.refill = true;
}

static void hook(void *arg, const struct fake_rec *r)
{
	(void)arg;
	switch (r->kind) {
	case FAKE_SYNC_TABLE:
		sync(r->ptr, r->len);
		dsb();                  /* sync_table ends with a DSB */
		break;
	case FAKE_TLBI_VA:
		issue(r->smp, P_TLBI_VA, r->va);
		break;
	case FAKE_TLBI_ALL:
		issue(r->smp, P_TLBI_ALL, 0);
		break;
	case FAKE_BP_INVAL:
		issue(r->smp, P_BP, 0);
		break;
	case FAKE_ICACHE_INVAL:
		issue(r->smp, P_IC, 0);
		break;
	case FAKE_DCACHE_CI:
		dcache_ci(r->va, (uint32_t)r->len);
		break;
	case FAKE_DSB:
		dsb();
		break;
	case FAKE_ISB:
		/* Context synchronisation: only what a DSB completed. */
		M.need_isb = false;
		for (unsigned c = 0; c < M.ncpu; c++)
			if (M.npend[c] != 0)
				M.need_isb = true;
		break;
	case FAKE_LOCK:
	case FAKE_UNLOCK:
		break;
	}
	walk_all();
}

/* ---- set-up and the end-of-call checks ---------------------------------- */

void strict_attach(const struct vmsa_table *t, unsigned ncpu)
{
	strict_detach();
	M.t = t;
	M.v5 = (t->fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
	M.pg = M.v5 ? 0x400u : 0x1000u;
	M.ncpu = ncpu < 1 ? 1 : ncpu > SM_CPUS ? SM_CPUS : ncpu;
	M.img_l1 = malloc(VMSA_L1_BYTES);
	memcpy(M.img_l1, t->l1, VMSA_L1_BYTES);
	M.pool_words = (size_t)t->pool_units * 256u;
	M.img_pool = calloc(M.pool_words + 1, 4);
	if (M.pool_words)
		memcpy(M.img_pool, t->pool, M.pool_words * 4);
	M.dpa = calloc(SM_HASH, sizeof(uint64_t));
	M.sh_l1 = calloc(VMSA_L1_ENTRIES, 4);
	M.sh_img_l1 = calloc(VMSA_L1_ENTRIES, 4);
	M.sh_pool = calloc(M.pool_words + 1, 4);
	M.sh_img_pool = calloc(M.pool_words + 1, 4);
	M.all_dirty = true;
	fake_arch_set_hook(hook, NULL);
}

static void *grow(void *p, size_t old, size_t nu)
{
	uint8_t *q = realloc(p, nu);
	if (q == NULL)
		abort();
	memset(q + old, 0, nu - old);
	return q;
}

void strict_window(uint32_t va, uint32_t len)
{
	uint32_t n, old = M.npages;

	va &= ~(M.pg - 1u);
	if (M.nwin == SM_WINS || len == 0)
		abort();
	n = len / M.pg;
	M.win[M.nwin].va = va;
	M.win[M.nwin].len = n * M.pg;
	M.win[M.nwin].first = old;
	M.nwin++;
	M.npages += n;
	M.all_dirty = true;
	/* [cpu][page] arrays: regrow and move each CPU's rows. */
	{
		size_t ts = sizeof(struct tlbe) * SM_K, ss = sizeof(uint64_t) * SM_SEEN,
		       is = sizeof(struct line) * SM_IL;
		struct tlbe *tlb = calloc((size_t)SM_CPUS * M.npages, ts);
		uint64_t *seen = calloc((size_t)SM_CPUS * M.npages, ss);
		struct line *il = calloc((size_t)SM_CPUS * M.npages, is);
		for (unsigned c = 0; c < SM_CPUS && old; c++) {
			memcpy((uint8_t *)tlb + c * M.npages * ts,
			       (uint8_t *)M.tlb + c * old * ts, old * ts);
			memcpy((uint8_t *)seen + c * M.npages * ss,
			       (uint8_t *)M.seen + c * old * ss, old * ss);
			memcpy((uint8_t *)il + c * M.npages * is,
			       (uint8_t *)M.il + c * old * is, old * is);
		}
		uint8_t *bpdx = calloc((size_t)SM_CPUS * M.npages, 1);
		uint64_t *bppa = calloc((size_t)SM_CPUS * M.npages, 8);
		for (unsigned c = 0; c < SM_CPUS && old; c++) {
			memcpy(bpdx + c * M.npages, M.bpdx + c * old, old);
			memcpy(bppa + c * M.npages, M.bppa + c * old, old * 8);
		}
		free(M.tlb);
		free(M.seen);
		free(M.il);
		free(M.bpdx);
		free(M.bppa);
		M.tlb = tlb;
		M.seen = seen;
		M.il = il;
		M.bpdx = bpdx;
		M.bppa = bppa;
		M.dl = grow(M.dl, (size_t)old * SM_DL * sizeof(struct line),
		            (size_t)M.npages * SM_DL * sizeof(struct line));
	}
	walk_all();
}

void strict_detach(void)
{
	fake_arch_set_hook(NULL, NULL);
	free(M.img_l1);
	free(M.img_pool);
	free(M.tlb);
	free(M.seen);
	free(M.il);
	free(M.bpdx);
	free(M.bppa);
	free(M.dl);
	free(M.dpa);
	free(M.sh_l1);
	free(M.sh_img_l1);
	free(M.sh_pool);
	free(M.sh_img_pool);
	memset(&M, 0, sizeof(M));
}

unsigned strict_violations(void) { return M.nviol; }
const char *strict_first(void) { return M.first; }

/* By scanning what is cached, not the range (which may be 4GB). */
void strict_caller_clean_pa(uint64_t pa, uint64_t len)
{
	if (!M.v5) {
		for (size_t i = 0; M.dpa != NULL && i < SM_HASH; i++) {
			uint64_t k = M.dpa[i];
			if (k > HASH_TOMB && (k - 2) * M.pg - pa < len)
				M.dpa[i] = HASH_TOMB;
		}
		return;
	}
	for (size_t i = 0; i < (size_t)M.npages * SM_DL; i++)
		if (M.dl[i].used && M.dl[i].pa - pa < len)
			M.dl[i].used = false;
}

static void check_tables(void)
{
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if (M.img_l1[i] != M.t->l1[i]) {
			viol("L1[%#x] = %#x never made visible to the walker "
			     "(it sees %#x)", i, M.t->l1[i], M.img_l1[i]);
			return;
		}
	for (size_t i = 0; i < M.pool_words; i++)
		if (M.img_pool[i] != ((const uint32_t *)(const void *)
		                      M.t->pool)[i]) {
			viol("pool word %#zx never made visible to the walker",
			     i);
			return;
		}
}

static void check_page(unsigned c, uint32_t pi, uint32_t va)
{
	struct xl now;
	bool ok = xlat_now(va, &now);
	const struct tlbe *e = tlb_at(c, pi);
	const struct line *l = il_at(c, pi);

	for (unsigned i = 0; i < SM_K; i++) {
		if (!e[i].used)
			continue;
		if (!ok || !same_xl(&e[i].x, &now) || (e[i].asid != 0) != now.ng)
			viol("CPU%u VA %#x: stale TLB entry PA %#llx size %#x "
			     "type %#x perm %#x ASID %u (tables: %s PA %#llx "
			     "type %#x perm %#x)", c, va,
			     (unsigned long long)e[i].x.pa, e[i].x.size,
			     e[i].x.key, e[i].x.perm, e[i].asid,
			     ok ? "" : "fault,", (unsigned long long)now.pa,
			     ok ? now.key : 0, ok ? now.perm : 0);
	}
	{
		size_t k = (size_t)c * M.npages + pi;
		if (M.bpdx[k] == 2 || (M.bpdx[k] == 1 &&
		    (!ok || !now.exec || now.pa != M.bppa[k])))
			viol("CPU%u VA %#x: branch predictor not invalidated "
			     "after the executable translation changed", c, va);
	}
	for (unsigned i = 0; i < SM_IL; i++)
		if (l[i].used && (!ok || !now.exec || now.pa != l[i].pa))
			viol("CPU%u VA %#x: stale instructions of PA %#llx in "
			     "the I-cache", c, va, (unsigned long long)l[i].pa);
	if (M.v5 && c == 0)
		for (unsigned i = 0; i < SM_DL; i++) {
			const struct line *d = &M.dl[(size_t)pi * SM_DL + i];
			if (d->used && (!ok || !now.cach || now.pa != d->pa))
				viol("VA %#x: stale D-cache line of PA %#llx "
				     "(VIVT)", va, (unsigned long long)d->pa);
		}
	if (!M.v5 && c == 0 && ok && !now.cach && dpa_find(now.pa, false)) {
		/* A cacheable alias in a window keeps the lines legal. */
		bool alias = false;
		for (unsigned w = 0; w < M.nwin && !alias; w++)
			for (uint32_t o = 0; o < M.win[w].len && !alias; o += M.pg) {
				struct xl y;
				alias = xlat_now(M.win[w].va + o, &y) && y.cach &&
				        y.pa == now.pa;
			}
		if (!alias)
			viol("VA %#x: PA %#llx mapped non-cacheable while the "
			     "D-cache may hold its lines (B3.8.6)", va,
			     (unsigned long long)now.pa);
	}
}

unsigned strict_end(void)
{
	check_tables();
	for (unsigned c = 0; c < M.ncpu; c++) {
		if (M.npend[c] != 0)
			viol("CPU%u: %u maintenance operations not completed "
			     "by a DSB", c, M.npend[c]);

	}
	if (M.pend_dc)
		viol("data cache maintenance not completed by a DSB");
	if (M.need_isb)
		viol("no ISB after the last completed maintenance or table "
		     "update");
	if (!(M.t->flags & VMSA_TF_LIVE))
		return M.nviol;
	for (unsigned c = 0; c < M.ncpu; c++)
		for (unsigned w = 0; w < M.nwin; w++) {
			for (uint32_t o = 0; o < M.win[w].len; o += M.pg)
				check_page(c, M.win[w].first + o / M.pg,
				           M.win[w].va + o);
			for (uint32_t mb = M.win[w].va >> 20;
			     mb <= (M.win[w].va + M.win[w].len - 1) >> 20; mb++)
				for (unsigned i = 0; i < SM_WC; i++)
					if (M.wc[c][mb][i] != 0 &&
					    M.wc[c][mb][i] != M.t->l1[mb])
						viol("CPU%u MB %#x: stale walk-cache "
						     "entry %#x (L1 now %#x)", c, mb,
						     M.wc[c][mb][i], M.t->l1[mb]);
		}
	return M.nviol;
}
