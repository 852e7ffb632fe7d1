/*
 * dump_lpae.h - internal: the summary dump of long-descriptor (LPAE)
 * tables (src/report/dump_lpae.c), for firmware that builds them with
 * src/fmt/fmt_lpae.h's encoders and for the host tools; and the raw dump
 * of the engine's VMSA_FMT_LPAE tables. Not part of the public API
 * (vmsa_dump and vmsa_dump_raw are).
 */
#ifndef VMSA_DUMP_LPAE_H
#define VMSA_DUMP_LPAE_H

#include "../fmt/fmt_lpae.h"

/*
 * One line per run of the tables from l1 (4 entries), each followed by
 * "\n", through out: adjacent blocks or pages of one level whose output
 * addresses follow on and whose attributes are the same. The fields are
 * vmsa_dump's (vmsa.h) up to the memory type and " S", " nG", " NS"; the
 * size is 1G, 2M or 4K, the kind "block" or "page", and where vmsa_dump
 * ends with the domain this ends with the MAIR index: " A<AttrIndx>".
 *
 *   0x80000000-0x88000000 -> 0x80000000 64x2M block RW/-- X WBWA S A7
 *
 * A leaf without vmsa attributes reads "0x..-0x.. -> word 0x<16 hex>
 * (no vmsa attributes)", a table descriptor `at` does not resolve
 * "0x..-0x.. -> 0x<table PA> table outside the caller's memory". hyp:
 * the tables are the Hyp regime's (vmsa_lpae_hyp_leaf_attrs decodes).
 * Returns VMSA_OK or VMSA_ERR_INVAL (l1, at or out NULL).
 */
int vmsa_lpae_dump(const uint64_t *l1, vmsa_lpae_table_fn at, void *arg,
                   bool hyp, vmsa_out_fn out, void *out_arg);

/* vmsa_dump_raw of an engine table of VMSA_FMT_LPAE, which the caller
 * checked (vmsa_table_ok): each non-fault level-2 word, then the words of
 * the level-3 table it points to (if in the pool), one line each with the
 * fields decoded. VMSA_OK, or VMSA_ERR_INVAL (out NULL). */
int vmsa_lpae_dump_raw(const struct vmsa_table *t, vmsa_out_fn out, void *arg);

#endif /* VMSA_DUMP_LPAE_H */
