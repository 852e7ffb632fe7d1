/*
 * strict_model.c - the adversarial memory-system model of strict_model.h:
 * walker with a visible image of table memory, per-CPU TLBs and walk
 * caches, instruction cache, data cache, branch predictor, driven by the
 * fake arch's hook; set-up and windows. Descriptors are decoded in
 * strict_desc.c, the end-of-call checks are in strict_check.c.
 */
#include "strict_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_arch.h"
#include "strict_int.h"

struct strict_state strict_state;

void sm_viol(const char *fmt, ...)
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

/* ---- windows and per-page state --------------------------------------- */

bool sm_page_index(uint32_t va, uint32_t *pi)
{
	for (unsigned w = 0; w < M.nwin; w++) {
		if (va - M.win[w].va < M.win[w].len) {
			*pi = M.win[w].first + (va - M.win[w].va) / M.pg;
			return true;
		}
	}
	return false;
}

struct tlbe *sm_tlb_at(unsigned c, uint32_t pi)
{
	return &M.tlb[((size_t)c * M.npages + pi) * SM_K];
}

static uint64_t *seen_at(unsigned c, uint32_t pi)
{
	return &M.seen[((size_t)c * M.npages + pi) * SM_SEEN];
}

struct line *sm_il_at(unsigned c, uint32_t pi)
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
	sm_viol("model: CPU%u VA %#x: more than %u %s lines", c, va, n, what);
}

static void cache_fill(unsigned c, uint32_t pi, uint32_t va,
                       const struct tlbe *e)
{
	if (e->x.exec)
		line_add(sm_il_at(c, pi), SM_IL, e->x.pa, c, va, "I-cache");
	if (!e->x.cach)
		return;
	if (M.v5)
		line_add(&M.dl[(size_t)pi * SM_DL], SM_DL, e->x.pa, c, va,
		         "D-cache");
	else if (sm_dpa_find(e->x.pa, true) == NULL)
		sm_viol("model: D-cache set full");
}

bool sm_same_xl(const struct xl *a, const struct xl *b)
{
	return a->pa == b->pa && a->size == b->size && a->key == b->key &&
	       a->perm == b->perm;
}

static void tlb_insert(unsigned c, uint32_t pi, uint32_t va,
                       const struct xl *x)
{
	struct tlbe *e = sm_tlb_at(c, pi);
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
			if (e[i].asid == asid && sm_same_xl(&e[i].x, x)) {
				/* A walk after a TLBI was issued may refill
				 * what it removes: the entry is as new. */
				e[i].epoch = M.epoch;
				dup = true;
				break;
			}
			if (!(asid == 0 || e[i].asid == 0 || e[i].asid == asid))
				continue;
			if (e[i].x.pa != x->pa || e[i].x.size != x->size ||
			    e[i].x.key != x->key)
				sm_viol("CPU%u VA %#x: TLB conflict: PA %#llx size "
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
			sm_viol("model: CPU%u VA %#x: more than %u TLB entries", c,
			     va, SM_K);
			return;
		}
		e[fr].x = *x;
		e[fr].asid = asid;
		e[fr].used = true;
		e[fr].epoch = M.epoch;
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
	sm_viol("model: CPU%u MB %#x: more than %u walk-cache entries", c, mb,
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
		const uint32_t *l2 = sm_l2_of(w, va, true, &i, &fine);
		struct xl x;

		if (l2 == NULL) {
			if ((w & 3u) == 1u || (M.v5 && (w & 3u) == 3u))
				continue;   /* foreign table: not modelled */
			if (!seen_check(c, pi, w, 0) && sm_dec_sect(w, va, &x))
				tlb_insert(c, pi, va, &x);
			continue;
		}
		wc_add(c, mb, w);
		l2w[0] = l2[i];
		l2w[1] = sm_l2_of(w, va, false, &i, &fine)[i];
		for (j = 0; j < 2; j++) {
			if (l2w[j] == 0 || (j == 1 && l2w[1] == l2w[0]))
				continue;
			if (!seen_check(c, pi, w, l2w[j]) &&
			    sm_dec_page(w, l2w[j], fine, va, &x))
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
				struct tlbe *e = sm_tlb_at(c, pi);
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
	sm_exec_note();
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

/* Drop CPU c's entries for page pi filled before issue epoch `before`. */
static void drop_page(unsigned c, uint32_t pi, uint32_t mb, uint32_t before)
{
	struct tlbe *e = sm_tlb_at(c, pi);

	M.dirty[mb] = 1;

	size_t k = (size_t)c * M.npages + pi;

	for (unsigned i = 0; i < SM_K; i++) {
		if (!e[i].used || e[i].epoch >= before)
			continue;
		if (e[i].x.exec) {
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
				if (sm_page_index(p->va, &pi))
					drop_page(c, pi, p->va >> 20,
					          p->epoch);
				memset(M.wc[c][p->va >> 20], 0,
				       sizeof(M.wc[c][0]));
				M.dirty[p->va >> 20] = 1;
				break;
			case P_TLBI_ALL:
				for (pi = 0; pi < M.npages; pi++)
					drop_page(c, pi, 0, p->epoch);
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
					memset(sm_il_at(c, 0), 0, (size_t)M.npages *
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

	M.epoch++;

	for (unsigned c = 0; c < n; c++) {
		if (M.npend[c] == SM_PENDING) {
			sm_viol("model: more than %u operations before a DSB",
			     SM_PENDING);
			return;
		}
		M.pend[c][M.npend[c]].k = k;
		M.pend[c][M.npend[c]].va = va & ~(M.pg - 1u);
		M.pend[c][M.npend[c]].epoch = M.epoch;
		M.npend[c]++;
		/* Walk again before the DSB: what a walk now refills from
		 * the tables, this TLBI does not remove. Walks from here on
		 * no longer use the walk-cache entries it covers (the
		 * modelled reading: a TLBI stops new walks from using
		 * intermediate entries at once, TLB entries go when it
		 * completes). */
		if (k == P_TLBI_VA) {
			uint32_t pi;

			if (sm_page_index(va, &pi))
				memset(seen_at(c, pi), 0,
				       SM_SEEN * sizeof(uint64_t));
			memset(M.wc[c][va >> 20], 0, sizeof(M.wc[c][0]));
			M.dirty[va >> 20] = 1;
		} else if (k == P_TLBI_ALL) {
			if (M.npages != 0)
				memset(seen_at(c, 0), 0, (size_t)M.npages *
				       SM_SEEN * sizeof(uint64_t));
			memset(M.wc[c], 0, sizeof(M.wc[c]));
			M.all_dirty = true;
		}
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
			if (sm_page_index(v, &pi))
				memset(&M.dl[(size_t)pi * SM_DL], 0,
				       SM_DL * sizeof(struct line));
			continue;
		}
		if (!sm_xlat_now(v, &x)) {
			sm_viol("DCCIMVAC of VA %#x with no translation: the "
			     "CPU would take a translation fault", v);
			return;
		}
		sm_dpa_del(x.pa);
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
		M.xpa = grow(M.xpa, (size_t)old * 8, (size_t)M.npages * 8);
	}
	sm_exec_base(old, va, n * M.pg);
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
	free(M.xpa);
	free(M.dl);
	free(M.dpa);
	free(M.sh_l1);
	free(M.sh_img_l1);
	free(M.sh_pool);
	free(M.sh_img_pool);
	memset(&M, 0, sizeof(M));
}

