/*
 * dump_lpae.c - the summary dump of long-descriptor (LPAE) tables: the
 * three levels walked from the 4-entry level 1 table through the caller's
 * window on the tables below it, runs of blocks and pages merged as
 * vmsa_dump merges granules, each line vmsa_dump's fields with the MAIR
 * index in place of the domain. scripts/vmsa-decode.py --fmt lpae reads
 * the same tables into the same lines, independently.
 *
 * Also the raw dump of an engine table of VMSA_FMT_LPAE (vmsa_dump_raw
 * hands it here): every non-fault word of its level-2 entries and of the
 * level-3 tables they point to in its pool, with the fields decoded.
 *
 * Does not cover: TTBR1, walking (the engine's vmsa_walk gives vmsa_dump
 * its runs on an engine table).
 */
#include "dump_lpae.h"
#include "strbuf.h"

struct lctx {
	vmsa_out_fn out;
	void *arg;
	bool hyp;
	bool open;              /* a run is being gathered */
	int level;
	uint32_t va, count, idx;
	uint64_t size, pa;
	vmsa_attr_t a;
};

static const char *gran_name(int level)
{
	return level == 1 ? "1G" : level == 2 ? "2M" : "4K";
}

static void emit(struct lctx *c, struct sb *b)
{
	vmsa_sb_c(b, '\n');
	c->out(c->arg, b->p);
}

static void flush(struct lctx *c)
{
	char line[128];
	struct sb b;

	if (!c->open)
		return;
	c->open = false;
	vmsa_sb_init(&b, line, sizeof line);
	vmsa_sb_run(&b, c->va, c->size, c->pa, c->count, gran_name(c->level),
	            c->level == 3 ? "page" : "block", c->a);
	vmsa_sb_s(&b, " A");
	vmsa_sb_dec(&b, c->idx);
	emit(c, &b);
}

/* A line of its own for an entry that is no run: "-> word" or "-> table". */
static void odd(struct lctx *c, uint32_t va, uint64_t size, uint64_t v,
                const char *what)
{
	char line[128];
	struct sb b;

	flush(c);
	vmsa_sb_init(&b, line, sizeof line);
	vmsa_sb_s(&b, "0x");
	vmsa_sb_hex(&b, va, 8);
	vmsa_sb_s(&b, "-0x");
	vmsa_sb_hex(&b, (uint64_t)va + size, 8);
	vmsa_sb_s(&b, what[0] == 'w' ? " -> word 0x" : " -> 0x");
	vmsa_sb_hex(&b, v, what[0] == 'w' ? 16 : 8);
	vmsa_sb_s(&b, what[0] == 'w' ? " (no vmsa attributes)" :
	          " table outside the caller's memory");
	emit(c, &b);
}

static void leaf(struct lctx *c, int level, uint32_t va, uint64_t w)
{
	uint64_t size = vmsa_lpae_level_size(level), pa;
	uint32_t idx = LPAE_LEAF_ATTRINDX_OF(w);
	vmsa_attr_t a;
	int rc = c->hyp ? vmsa_lpae_hyp_leaf_attrs(level, w, &a) :
	                  vmsa_lpae_leaf_attrs(level, w, &a);

	if (rc != VMSA_OK) {
		odd(c, va, size, w, "word");
		return;
	}
	pa = vmsa_lpae_addr(level, w);
	if (c->open && c->level == level && c->a == a && c->idx == idx &&
	    (uint64_t)c->va + c->size == va && c->pa + c->size == pa) {
		c->size += size;
		c->count++;
		return;
	}
	flush(c);
	c->open = true;
	c->level = level;
	c->va = va;
	c->size = size;
	c->pa = pa;
	c->count = 1;
	c->a = a;
	c->idx = idx;
}

/* The entries of table t at `level`, the first mapping va. */
static void walk(struct lctx *c, const uint64_t *t, int level, uint32_t va,
                 vmsa_lpae_table_fn at, void *arg)
{
	uint32_t n = level == 1 ? 4 : 512, i;
	uint64_t size = vmsa_lpae_level_size(level);

	for (i = 0; i < n; i++, va += (uint32_t)size) {
		uint64_t w = t[i];
		const uint64_t *sub;

		switch (vmsa_lpae_kind(level, w)) {
		case LPAE_KIND_BLOCK:
		case LPAE_KIND_PAGE:
			leaf(c, level, va, w);
			break;
		case LPAE_KIND_TABLE:
			sub = at(arg, w & LPAE_TABLE_ADDR_MASK);
			if (sub == NULL)
				odd(c, va, size, w & LPAE_TABLE_ADDR_MASK, "table");
			else
				walk(c, sub, level + 1, va, at, arg);
			break;
		case LPAE_KIND_RESERVED:
			odd(c, va, size, w, "word");
			break;
		default:
			flush(c);
			break;
		}
	}
}

int vmsa_lpae_dump(const uint64_t *l1, vmsa_lpae_table_fn at, void *arg,
                   bool hyp, vmsa_out_fn out, void *out_arg)
{
	struct lctx c = { .out = out, .arg = out_arg, .hyp = hyp };

	if (l1 == NULL || at == NULL || out == NULL)
		return VMSA_ERR_INVAL;
	walk(&c, l1, 1, 0, at, arg);
	flush(&c);
	return VMSA_OK;
}

/* ---- the raw dump of an engine table ------------------------------------ */

static void field(struct sb *b, const char *name, uint32_t v)
{
	vmsa_sb_s(b, name);
	vmsa_sb_dec(b, v);
}

/* One raw line: "L2[0x0c0] va=0x18000000 0x0040000080000401 block
 * AttrIndx=0 AP=0 SH=0 AF=1 nG=0 XN=1 PXN=0 NS=0". */
static void raw_word(vmsa_out_fn out, void *arg, int level, uint32_t i,
                     uint32_t va, uint64_t w)
{
	enum vmsa_lpae_kind k = vmsa_lpae_kind(level, w);
	char line[160];
	struct sb b;

	vmsa_sb_init(&b, line, sizeof line);
	vmsa_sb_s(&b, level == 2 ? "L2[0x" : "  L3[0x");
	vmsa_sb_hex(&b, i, 3);
	vmsa_sb_s(&b, "] va=0x");
	vmsa_sb_hex(&b, va, 8);
	vmsa_sb_s(&b, " 0x");
	vmsa_sb_hex(&b, w, 16);
	if (k == LPAE_KIND_TABLE) {
		vmsa_sb_s(&b, " table 0x");
		vmsa_sb_hex(&b, w & LPAE_TABLE_ADDR_MASK, 8);
	} else if (k == LPAE_KIND_BLOCK || k == LPAE_KIND_PAGE) {
		vmsa_sb_s(&b, k == LPAE_KIND_BLOCK ? " block" : " page");
		field(&b, " AttrIndx=", LPAE_LEAF_ATTRINDX_OF(w));
		field(&b, " AP=", (uint32_t)(w >> 6) & 3u);
		field(&b, " SH=", LPAE_LEAF_SH_OF(w));
		field(&b, " AF=", (w & LPAE_LEAF_AF) != 0);
		field(&b, " nG=", (w & LPAE_LEAF_nG) != 0);
		field(&b, " XN=", (w & LPAE_LEAF_XN) != 0);
		field(&b, " PXN=", (w & LPAE_LEAF_PXN) != 0);
		field(&b, " NS=", (w & LPAE_LEAF_NS) != 0);
	} else {
		vmsa_sb_s(&b, " reserved");
	}
	vmsa_sb_c(&b, '\n');
	out(arg, line);
}

int vmsa_lpae_dump_raw(const struct vmsa_table *t, vmsa_out_fn out, void *arg)
{
	const uint64_t *top = (const uint64_t *)(const void *)t->l1, *l3;
	uint64_t lo = t->pool_pa.p, bytes = (uint64_t)t->pool_units * 4096u;
	uint32_t i, j;

	if (out == NULL)
		return VMSA_ERR_INVAL;
	for (i = 0; i < 2048; i++) {
		uint64_t w = top[i], pa;

		if (w == 0)
			continue;
		raw_word(out, arg, 2, i, i << 21, w);
		if (vmsa_lpae_kind(2, w) != LPAE_KIND_TABLE)
			continue;
		pa = w & LPAE_TABLE_ADDR_MASK;
		if (pa < lo || pa - lo >= bytes)
			continue;       /* not the pool's: not read */
		l3 = (const uint64_t *)(const void *)(t->pool + (pa - lo));
		for (j = 0; j < 512; j++)
			if (l3[j] != 0)
				raw_word(out, arg, 3, j, i << 21 | j << 12,
				         l3[j]);
	}
	return VMSA_OK;
}
