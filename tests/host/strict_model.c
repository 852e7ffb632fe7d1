/*
 * strict_model.c - the adversarial memory-system model of strict_model.h:
 * walker with a visible image of table memory, per-CPU TLBs and walk
 * caches, instruction cache, data cache, branch predictor; windows and
 * per-page state. Not here: the arch calls that drive it and its set-up
 * (strict_arch.c), descriptor decoding (strict_desc.c), the walk of one
 * page in the long-descriptor format (strict_lpae.c), the end-of-call
 * checks (strict_check.c).
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

struct seen *sm_seen_at(unsigned c, uint32_t pi)
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

void sm_tlb_insert(unsigned c, uint32_t pi, uint32_t va, const struct xl *x)
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

bool sm_seen_check(unsigned c, uint32_t pi, uint64_t w1, uint64_t w2)
{
	struct seen *s = sm_seen_at(c, pi);
	unsigned i;

	for (i = 0; i < SM_SEEN; i++)
		if (s[i].w1 == w1 && s[i].w2 == w2)
			return true;
	for (i = 0; i < SM_SEEN; i++)
		if (s[i].w1 == 0 && s[i].w2 == 0) {
			s[i].w1 = w1;
			s[i].w2 = w2;
			return false;
		}
	memmove(s, s + 1, (SM_SEEN - 1) * sizeof(*s));
	s[SM_SEEN - 1].w1 = w1;
	s[SM_SEEN - 1].w2 = w2;
	return false;
}

void sm_wc_add(unsigned c, uint32_t mb, uint64_t w)
{
	uint64_t *s = M.wc[c][mb];
	unsigned i;

	for (i = 0; i < SM_WC; i++)
		if (s[i] == w)
			return;
	for (i = 0; i < SM_WC; i++)
		if (s[i] == 0) {
			s[i] = w;
			return;
		}
	sm_viol("model: CPU%u %s %#x: more than %u walk-cache entries", c,
	        M.lpae ? "2MB entry" : "MB", mb, SM_WC);
}

/* Every walk the architecture permits for one page on CPU c: any L1 word
 * the walker can see (image, memory, walk cache), any L2 word of it. */
static void walk_page(unsigned c, uint32_t pi, uint32_t va)
{
	uint32_t mb = va >> 20, cand[2 + SM_WC], n = 0, k, j;
	const uint32_t src[2] = { M.t->l1[mb], M.img_l1[mb] };

	for (k = 0; k < 2 + SM_WC; k++) {
		uint32_t w = k < 2 ? src[k] : (uint32_t)M.wc[c][mb][k - 2];
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
			if (!sm_seen_check(c, pi, w, 0) && sm_dec_sect(w, va, &x))
				sm_tlb_insert(c, pi, va, &x);
			continue;
		}
		sm_wc_add(c, mb, w);
		l2w[0] = l2[i];
		l2w[1] = sm_l2_of(w, va, false, &i, &fine)[i];
		for (j = 0; j < 2; j++) {
			if (l2w[j] == 0 || (j == 1 && l2w[1] == l2w[0]))
				continue;
			if (!sm_seen_check(c, pi, w, l2w[j]) &&
			    sm_dec_page(w, l2w[j], fine, va, &x))
				sm_tlb_insert(c, pi, va, &x);
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
	if (sm_word(M.t->l1, mb) != 0 || sm_word(M.img_l1, mb) != 0)
		return false;
	for (unsigned i = 0; i < SM_WC; i++)
		if (M.wc[c][mb][i] != 0)
			return false;
	return true;
}

/* Did a second-level table that an L1 word w points to change since the
 * last round (in memory or in the image)? */
static bool table_changed(uint64_t w64)
{
	uint32_t w = (uint32_t)w64, ty = w & 3u, pa, off, len;
	const struct vmsa_table *t = M.t;
	bool fine = M.v5 && ty == 3u;

	if (M.lpae)
		return sm_lpae_table_changed(w64);
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
		for (uint32_t mb = M.win[w].va >> M.tshift;
		     mb <= (M.win[w].va + M.win[w].len - 1) >> M.tshift; mb++) {
			uint64_t now = sm_word(M.t->l1, mb);
			uint64_t img = sm_word(M.img_l1, mb);

			if (M.all_dirty || M.dirty[mb] ||
			    now != sm_word(M.sh_l1, mb) ||
			    img != sm_word(M.sh_img_l1, mb) ||
			    table_changed(now) || table_changed(img)) {
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

void sm_walk_all(void)
{
	bool any = false;
	uint32_t top = 1u << M.tshift;

	if (!(M.t->flags & VMSA_TF_LIVE))
		return;
	mark_changed();
	sm_exec_note();
	for (unsigned c = 0; c < M.ncpu; c++)
		for (unsigned w = 0; w < M.nwin; w++)
			for (uint32_t o = 0; o < M.win[w].len; ) {
				uint32_t va = M.win[w].va + o;
				if (!M.dirty[va >> M.tshift] ||
				    mb_empty(c, va >> M.tshift)) {
					o += top - (va & (top - 1u));
					continue;
				}
				any = true;
				if (M.lpae)
					sm_lpae_walk_page(c, M.win[w].first +
					                  o / M.pg, va);
				else
					walk_page(c, M.win[w].first + o / M.pg,
					          va);
				o += M.pg;
			}
	memset(M.dirty, 0, sizeof(M.dirty));
	if (any) {
		memcpy(M.sh_l1, M.t->l1, M.top_bytes);
		memcpy(M.sh_img_l1, M.img_l1, M.top_bytes);
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
