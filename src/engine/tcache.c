/*
 * tcache.c - layer 2: the writers' template cache in struct vmsa_table.
 *
 * A descriptor template (src/fmt/tmpl.h) is the attribute word validated,
 * canonicalised and encoded for every descriptor kind: about 150
 * instructions on ARMv7, more than the rest of a one-page map's walk. A
 * driver maps with few attribute words, again and again, so the table
 * keeps the templates of the last VMSA_TMPL_SLOTS words that a successful
 * writing call used (vmsa_map, vmsa_map_regions, vmsa_protect). A call reads the cache under the writers' lock
 * (vmsa_tmpl_hit) and stores into it only once it has succeeded
 * (vmsa_tmpl_keep): a failed call leaves the struct as it was.
 *
 * A slot is the attribute word, the template's nine fields and a check
 * word over all ten (their XOR, offset by a constant): a zeroed slot
 * (vmsa_init), or one in which a stray write changed a word, fails the
 * check and the template is built again, so
 * the cache can cost a rebuild, never a wrong descriptor. The check is
 * not a defence against a caller that forges a slot on purpose; the
 * struct is the caller's memory, as its pointers are.
 *
 * Covers: the slots' layout, lookup, insertion (round robin).
 * Does not cover: building templates (the format modules), the key's
 * VMSA_TF_SMP adjustment (the callers pass vmsa_smp_attrs' result).
 */
#include "engine.h"

enum {
	S_KEY, S_SECT, S_SUPER, S_LARGE, S_SMALL, S_TINY, S_TABLE, S_SUPER_OK,
	S_ATTRS, S_TATTRS, S_CHECK, S_WORDS
};

_Static_assert(S_WORDS == VMSA_TMPL_SLOT_WORDS,
               "struct vmsa_table's slots hold one key, a template, a check");

#define CHECK_BIAS 0x74706c63u  /* "tplc": a zeroed slot never checks */

/* Parity of the ten words: any one word changed, or a zeroed slot,
 * fails. Written out: ten loads and XORs, no loop. */
#if VMSA_ENG_LPAE
/*
 * Long descriptors: a template is its block and page words (the table
 * word is the type alone, the other fields 0), each in two slot words,
 * and the canonical attributes: S_SECT/S_SUPER hold the block's low and
 * high word, S_LARGE/S_SMALL the page's, S_ATTRS the attributes; the
 * other words stay 0, and the check covers all ten.
 */
#endif

static uint32_t slot_check(const uint32_t *s)
{
	return s[S_KEY] ^ s[S_SECT] ^ s[S_SUPER] ^ s[S_LARGE] ^ s[S_SMALL] ^
	       s[S_TINY] ^ s[S_TABLE] ^ s[S_SUPER_OK] ^ s[S_ATTRS] ^
	       s[S_TATTRS] ^ CHECK_BIAS;
}

/* The slot's template into *tm and its check, in one pass: each word
 * loaded once, stored and folded into the parity (slot_check's). On a
 * failed check *tm holds the slot's words and the caller builds it. */
static bool slot_take(const uint32_t *s, vmsa_attr_t a, struct tmpl *tm)
{
	uint32_t x = a ^ CHECK_BIAS, w;

#if VMSA_ENG_LPAE
	uint32_t lo, hi;

	x ^= lo = s[S_SECT];
	x ^= hi = s[S_SUPER];
	tm->sect = (uint64_t)hi << 32 | lo;
	x ^= lo = s[S_LARGE];
	x ^= hi = s[S_SMALL];
	tm->small = (uint64_t)hi << 32 | lo;
	x ^= s[S_TINY] ^ s[S_TABLE] ^ s[S_SUPER_OK] ^ s[S_TATTRS];
	tm->super = tm->large = tm->tiny = 0;
	tm->table = vmsa_le_tmpl_table(LPAE_TYPE_TABLE, false, 0);
	tm->super_ok = false;
	tm->tattrs = 0;
	x ^= tm->attrs = s[S_ATTRS];
	(void)w;
#else
	x ^= tm->sect = s[S_SECT];
	x ^= tm->super = s[S_SUPER];
	x ^= tm->large = s[S_LARGE];
	x ^= tm->small = s[S_SMALL];
	x ^= tm->tiny = s[S_TINY];
	x ^= tm->table = s[S_TABLE];
	x ^= w = s[S_SUPER_OK];
	tm->super_ok = w != 0;
	x ^= tm->attrs = s[S_ATTRS];
	x ^= tm->tattrs = s[S_TATTRS];
#endif
	return x == s[S_CHECK];
}

bool vmsa_tmpl_hit(const struct vmsa_table *t, vmsa_attr_t a, struct tmpl *tm)
{
	uint32_t k;

	for (k = 0; k < VMSA_TMPL_SLOTS; k++)
		if (t->tmpl_slot[k][S_KEY] == a &&
		    slot_take(t->tmpl_slot[k], a, tm))
			return true;
	return false;
}

void vmsa_tmpl_keep(struct vmsa_table *t, vmsa_attr_t a, const struct tmpl *tm)
{
	uint32_t *s;

	s = t->tmpl_slot[t->tmpl_next % VMSA_TMPL_SLOTS];
	t->tmpl_next = (t->tmpl_next + 1) % VMSA_TMPL_SLOTS;
	s[S_KEY] = a;
#if VMSA_ENG_LPAE
	s[S_SECT] = (uint32_t)tm->sect;
	s[S_SUPER] = (uint32_t)(tm->sect >> 32);
	s[S_LARGE] = (uint32_t)tm->small;
	s[S_SMALL] = (uint32_t)(tm->small >> 32);
	s[S_TINY] = 0;
	s[S_TABLE] = 0;
	s[S_SUPER_OK] = 0;
	s[S_ATTRS] = tm->attrs;
	s[S_TATTRS] = 0;
#else
	s[S_SECT] = tm->sect;
	s[S_SUPER] = tm->super;
	s[S_LARGE] = tm->large;
	s[S_SMALL] = tm->small;
	s[S_TINY] = tm->tiny;
	s[S_TABLE] = tm->table;
	s[S_SUPER_OK] = tm->super_ok;
	s[S_ATTRS] = tm->attrs;
	s[S_TATTRS] = tm->tattrs;
#endif
	s[S_CHECK] = slot_check(s);
}

void vmsa_tmpl_clear(struct vmsa_table *t)
{
	vmsa_fill32(&t->tmpl_slot[0][0], VMSA_TMPL_SLOTS * VMSA_TMPL_SLOT_WORDS, 0);
	t->tmpl_next = 0;
}
