/*
 * strict_int.h - internal to the strict model (tests/host/strict_*.c): its
 * state, shared by the walker and TLBs (strict_model.c), the arch calls
 * and set-up (strict_arch.c), the descriptor decoder and data-cache set
 * (strict_desc.c), the long-descriptor walker and decoder
 * (strict_lpae.c) and the end-of-call checks (strict_check.c).
 *
 * The top table: the short formats' L1 table (4096 32-bit words of 1MB)
 * or, for VMSA_FMT_LPAE, the four level-2 tables (2048 64-bit words of
 * 2MB, t->l1) with the level-1 table after them (VMSA_LPAE_L1_OFFSET);
 * "MB" in the names below is a top-table entry (1MB or 2MB).
 */
#ifndef STRICT_INT_H
#define STRICT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>

#define SM_K      8u     /* TLB entries per page and CPU */
#define SM_SEEN   4u     /* (L1, L2) word pairs already walked per page */
#define SM_WC     4u     /* walk-cache entries per top entry and CPU */
#define SM_IL     4u     /* I-cache lines per page and CPU */
#define SM_DL     4u     /* ARMv5 D-cache lines per page */
#define SM_CPUS   2u
#define SM_WINS   8u
#define SM_PENDING 256u
#define SM_HASH   (1u << 17)
#define HASH_EMPTY 0u
#define HASH_TOMB  1u
/* The PA of an I-cache line the model knows nothing of: instructions of
 * an earlier mapping of its VA, stale whatever the page translates to. */
#define SM_PA_EARLIER UINT64_MAX

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
	uint32_t epoch;         /* when it was filled (strict_state.epoch) */
};

struct line {
	uint64_t pa;
	bool used;
};

/* A (top word, second-level word) pair a walk used; {0, 0}: none. */
struct seen {
	uint64_t w1, w2;
};

enum pend_kind { P_TLBI_VA, P_TLBI_ALL, P_BP, P_IC };

struct pend {
	enum pend_kind k;
	uint32_t va;
	uint32_t epoch;         /* when it was issued */
};

struct strict_state {
	const struct vmsa_table *t;
	bool v5;
	bool lpae;              /* VMSA_FMT_LPAE: 64-bit words, 2MB top */
	uint32_t pg;
	uint32_t tshift;        /* log2 of a top entry: 20 or 21 */
	uint32_t tents;         /* top entries: 4096 or 2048 */
	size_t top_bytes;       /* the top buffer (LPAE: with level 1) */
	unsigned ncpu;
	uint32_t *img_l1, *img_pool;
	size_t pool_words;      /* 32-bit words */
	struct { uint32_t va, len, first; } win[SM_WINS];
	unsigned nwin;
	uint32_t npages;
	struct tlbe *tlb;       /* [cpu][page][SM_K] */
	struct seen *seen;      /* [cpu][page][SM_SEEN] */
	struct line *il;        /* [cpu][page][SM_IL] */
	struct line *dl;        /* ARMv5: [page][SM_DL] */
	uint64_t *dpa;          /* ARMv7: PA page numbers + 2, hash set */
	/* Walk caches: table descriptors of the top table (short: L1
	 * table descriptors; LPAE: level-2 table descriptors). */
	uint64_t wc[SM_CPUS][VMSA_L1_ENTRIES][SM_WC];
	struct pend pend[SM_CPUS][SM_PENDING];
	unsigned npend[SM_CPUS];
	/* Counts issued invalidations. A TLBI removes, when a DSB completes
	 * it, the entries that were in the TLB when it was issued: a walk
	 * between the TLBI and the DSB may leave an entry the TLBI does not
	 * remove (so a TLBI issued before the write it is for is useless). */
	uint32_t epoch;
	bool pend_dc, need_isb, refill;
	/* Per CPU and page: an executable entry left the TLB since the last
	 * completed BPIALL (1: of output address bppa; 2: of several). The
	 * predictor is stale if the page now translates otherwise. */
	uint8_t *bpdx;
	uint64_t *bppa;
	/* Per page: the executable translation it had at the end of the
	 * last call, or took since (PA + 1; 0: none). A page that becomes
	 * executable otherwise may meet predictor and I-cache state of an
	 * earlier mapping of its VA (strict_check.c, sm_exec_note). */
	uint64_t *xpa;
	/* What the last round of walks saw, to walk again only the MBs in
	 * which something changed (memory, image, TLB or walk cache). */
	uint32_t *sh_l1, *sh_img_l1, *sh_pool, *sh_img_pool;
	uint8_t dirty[VMSA_L1_ENTRIES];
	bool all_dirty;
	unsigned nviol;
	char first[256];
};

extern struct strict_state strict_state;
#define M strict_state


void sm_viol(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool sm_dec_sect(uint32_t w, uint32_t va, struct xl *x);
bool sm_dec_page(uint32_t tw, uint32_t w, bool fine, uint32_t va,
                 struct xl *x);
const uint32_t *sm_l2_of(uint32_t w, uint32_t va, bool mem, uint32_t *i,
                         bool *fine);
bool sm_xlat_now(uint32_t va, struct xl *x);
uint64_t *sm_dpa_find(uint64_t pa, bool add);
void sm_dpa_del(uint64_t pa);
bool sm_page_index(uint32_t va, uint32_t *pi);
struct tlbe *sm_tlb_at(unsigned c, uint32_t pi);
struct line *sm_il_at(unsigned c, uint32_t pi);
bool sm_same_xl(const struct xl *a, const struct xl *b);
/* strict_model.c, for the arch calls of strict_arch.c: the (L1, L2) word
 * pairs CPU c has walked for page pi, and a walk of every window page. */
struct seen *sm_seen_at(unsigned c, uint32_t pi);
void sm_walk_all(void);
void sm_exec_base(uint32_t first, uint32_t va, uint32_t len);
void sm_exec_note(void);
/* strict_model.c, for the long-descriptor walker: a walk's translation
 * into CPU c's TLB, a pair walked already, a walk-cache entry. */
void sm_tlb_insert(unsigned c, uint32_t pi, uint32_t va, const struct xl *x);
bool sm_seen_check(unsigned c, uint32_t pi, uint64_t w1, uint64_t w2);
void sm_wc_add(unsigned c, uint32_t ti, uint64_t w);

/* strict_lpae.c: the long-descriptor format (VMSA_FMT_LPAE). */
void sm_lpae_walk_page(unsigned c, uint32_t pi, uint32_t va);
bool sm_lpae_xlat_now(uint32_t va, struct xl *x);
bool sm_lpae_table_changed(uint64_t w);
/* The level-1 table is the four table descriptors of the top table: a
 * violation (named after `when`) if not. */
void sm_lpae_level1_check(const char *when);

/* Word i of a top-table or pool buffer (memory, image or shadow), in the
 * format's word size. */
static inline uint64_t sm_word(const void *base, size_t i)
{
	return M.lpae ? ((const uint64_t *)base)[i] :
	                ((const uint32_t *)base)[i];
}

#endif
