#!/usr/bin/env python3
"""Mutation proof of the engine's maintenance (make mutants).

Each mutant removes or reorders one maintenance step (a DSB, ISB, TLBI,
clean, invalidate, a break of break-before-make, a broadcast form) or
weakens the lock-free readers' retry, in a copy of the tree under
$O/mutants, builds the host tests there and runs them: test_strict first
(the adversarial model), then the other host suites. A
mutant is killed when a test fails; the report names the suite and test.

The target mutants (TARGET_MUTANTS) do the same to the arch layer, which
the host tests never compile: the MMU enable sequence (killed by the static
check scripts/check-mmu-on.py on the board's test firmware) and the lock's
IRQ/FIQ masking (killed by the IRQ test of the firmware booted in QEMU).

Mutants marked "equivalent" change nothing observable (the reason says
why); every other mutant must be killed, or this script exits 1.

Usage: scripts/mutants.py [-o OUTDIR] [-k] [--md] [NAME...]
  -k    keep going, print the table only (no exit status from survivors)
  --md  also print the result as a Markdown table (docs/maintenance.md)
  NAME  run only the named mutants
"""
import os
import re
import shutil
import subprocess
import sys

M = "src/engine/maint.c"       # every arch call made for a change
OP = "src/engine/op.c"         # unmap, protect, remap: the walk
RUN = "src/engine/op_run.c"    # their runs and the rewrite
SPL = "src/engine/op_split.c"  # their cuts, the remap past 4GB
MAP = "src/engine/map.c"       # the mapping walker
MG = "src/engine/merge.c"      # folding
E = "src/engine/engine.c"
P = "src/engine/pool.c"
G = "src/engine/guard.h"       # the readers' sequence count (inline)
TC = "src/engine/tcache.c"     # the writers' template cache
V = "src/engine/valid.c"       # the table struct's checks
VH = "src/engine/valid.h"      # the seal (inline)
RX = "src/engine/regidx.c"     # the region index's sorts
EH = "src/engine/engine.h"     # the engine's inline helpers
F7 = "src/fmt/fmt_v7.c"        # ARMv7 format: the fold's bit moves
F5 = "src/fmt/fmt_v5.c"        # ARMv5 format: the fold's bit moves
FL = "src/fmt/fmt_lpae.c"      # long descriptors: the attribute bits
DL = "src/report/dump_lpae.c"  # long descriptors: the summary dump
LE = "src/fmt/fmt_lpae_eng.h"  # long descriptors: the format's answers to the engine
GE = "src/engine/geom.h"       # the engine's geometry (both builds)

# name, file, [(regex, occurrence (1-based), replacement)], equivalent-reason
MUTANTS = [
    # -- tlbi: TLB invalidation by MVA or all -----------------------------
    ("tlbi-va-gone", M, [(r"\t\t\tvmsa_arch_tlbi_va\(va \+ i \* pg, is_smp\(t\)\);\n", 1, "\t\t\t;\n")], None),
    ("tlbi-all-gone", M, [(r"\t\tvmsa_arch_tlbi_all\(is_smp\(t\)\);\n", 1, "\t\t;\n")], None),
    ("tlbi-per-granule", M, [(r"uint64_t n = size >> vmsa_fmt_min_shift\(t->fmt\);", 1, "uint64_t n = 1;")], None),
    ("tlbi-va-local", M, [(r"vmsa_arch_tlbi_va\(va \+ i \* pg, is_smp\(t\)\)", 1, "vmsa_arch_tlbi_va(va + i * pg, false)")], None),
    ("tlbi-all-local", M, [(r"vmsa_arch_tlbi_all\(is_smp\(t\)\)", 1, "vmsa_arch_tlbi_all(false)")], None),
    ("tlbi-sync-dsb-gone", M, [(r"\tif \(w->tlbi_pending\)\n\t\tvmsa_arch_dsb\(\);\n", 1, "")], None),
    # -- vmsa_replace: break-before-make, in place, cache cleaning ----------
    ("bbm-break-gone", M, [(r"\t\tvmsa_fill\(p, n, 0\);\n", 1, "")], None),
    ("bbm-break-sync-gone", M, [(r"(\t\tvmsa_fill\(p, n, 0\);\n)\t\tvmsa_sync\(t, p, n\);\n", 1, r"\1")], None),
    ("bbm-tlbi-gone", M, [(r"(\t\tvmsa_sync\(t, p, n\);\n)\t\ttlbi\(w, va, size\);\n", 1, r"\1")], None),
    ("bbm-dsb-gone", M, [(r"(\t\ttlbi\(w, va, size\);\n)\t\ttlbi_sync\(w\);\n", 1, r"\1")], None),
    ("bbm-tlbi-before-break", M, [(r"(\t\tvmsa_fill\(p, n, 0\);\n\t\tvmsa_sync\(t, p, n\);\n)(\t\ttlbi\(w, va, size\);\n)", 1, r"\2\1")], None),
    ("bbm-tlbi-after-make", M, [(r"\t\ttlbi\(w, va, size\);\n\t\ttlbi_sync\(w\);\n", 1, ""),
                                (r"(\tif \(is_live\(t\) && !\(how & VMSA_R_BBM\)\)\n\t\ttlbi\(w, va, size\);\n)", 1,
                                 r"\1\tif (is_live(t) && (how & VMSA_R_BBM)) {\n\t\ttlbi(w, va, size);\n\t\ttlbi_sync(w);\n\t}\n")], None),
    ("make-sync-gone", M, [(r"(\tvmsa_store\(p, nw\);\n)\tvmsa_sync\(t, p, n\);\n", 1, r"\1")], None),
    ("inplace-tlbi-gone", M, [(r"(\tif \(is_live\(t\) && !\(how & VMSA_R_BBM\)\)\n)\t\ttlbi\(w, va, size\);\n", 1, r"\1\t\t;\n")], None),
    ("inplace-tlbi-before-write", M, [(r"(\tvmsa_store\(p, nw\);\n\tvmsa_sync\(t, p, n\);\n)((?:.*\n){2})(\tif \(is_live\(t\) && !\(how & VMSA_R_BBM\)\)\n\t\ttlbi\(w, va, size\);\n)", 1, r"\3\1\2")], None),
    ("dcache-v5-gone", M, [(r"\t\tif \(uncache && fmt_v5\(t->fmt\)\)\n\t\t\tvmsa_arch_dcache_clean_inval\(va, size, is_smp\(t\)\);\n", 1, "")], None),
    ("dcache-v7-gone", M, [(r"\tif \(uncache && !fmt_v5\(t->fmt\)\)\n\t\tvmsa_arch_dcache_clean_inval\(va, size, is_smp\(t\)\);\n", 1, "")], None),
    ("dcache-v7-before-make", M, [(r"(\tvmsa_store\(p, nw\);\n\tvmsa_sync\(t, p, n\);\n)(\tif \(uncache && !fmt_v5\(t->fmt\)\)\n\t\tvmsa_arch_dcache_clean_inval\(va, size, is_smp\(t\)\);\n)", 1, r"\2\1")], None),
    ("dcache-v5-before-break", M, [(r"(\tif \(is_live\(t\) && \(how & VMSA_R_BBM\)\) \{\n)", 1,
                                    "\tif (uncache && fmt_v5(t->fmt))\n\t\tvmsa_arch_dcache_clean_inval(va, size, false);\n\\1"),
                                   (r"\t\tif \(uncache && fmt_v5\(t->fmt\)\)\n\t\t\tvmsa_arch_dcache_clean_inval\(va, size, is_smp\(t\)\);\n", 1, "")], None),
    # -- vmsa_finish: predictor, I-cache, DSB, ISB ---------------------------
    ("bp-gone", M, [(r"\t\tvmsa_arch_bp_inval\(is_smp\(t\)\);\n", 1, "")], None),
    ("bp-local", M, [(r"vmsa_arch_bp_inval\(is_smp\(t\)\)", 1, "vmsa_arch_bp_inval(false)")], None),
    ("icache-gone", M, [(r"\t\tvmsa_arch_icache_inval\(is_smp\(t\)\);\n", 1, "")], None),
    ("icache-local", M, [(r"vmsa_arch_icache_inval\(is_smp\(t\)\)", 1, "vmsa_arch_icache_inval(false)")], None),
    ("finish-dsb-gone", M, [(r"(\t\}\n)\tvmsa_arch_dsb\(\);\n(\tvmsa_arch_isb\(\);)", 1, r"\1\2")], None),
    ("finish-isb-gone", M, [(r"(\tvmsa_arch_dsb\(\);\n)\tvmsa_arch_isb\(\);\n", 1, r"\1")], None),
    ("finish-isb-before-dsb", M, [(r"\tvmsa_arch_dsb\(\);\n\tvmsa_arch_isb\(\);\n", 1,
                                   "\tvmsa_arch_isb();\n\tvmsa_arch_dsb();\n")], None),
    ("finish-bp-after-dsb", M, [(r"(\tif \(w->exec_changed\) \{\n(?:.*\n){2}\t\}\n)(\tvmsa_arch_dsb\(\);\n)", 1, r"\2\1")], None),
    # -- sync: table writes made visible to the walker ---------------------
    ("sync-body-gone", M, [(r"\tvmsa_arch_sync_table\(p, \(size_t\)n \* sizeof \*p\);\n", 1, "")], None),
    ("sync-init-gone", E, [(r"\tvmsa_sync\(t, \(dw_t \*\)\(void \*\)l1, TOP_ENTRIES\);\n", 1, "")], None),
    ("free-pending-one-word-skipped", EH, [(r"if \(w->free_lo <= w->free_hi\)", 1, "if (w->free_lo < w->free_hi)")], None),
    ("store-run-as-one-word", EH, [(r"if \(nw->count == 1 && nw->per == 1\)", 1, "if (nw->per == 1)")], None),
    ("sync-new-table-gone", P, [(r"(\tvmsa_fill\(p, n, 0\);\n)\tvmsa_sync\(t, p, n\);\n", 1, r"\1")], None),
    ("sync-coarse-to-fine-gone", MAP, [(r"\tvmsa_sync\(t, fine, 1024\);\n", 1, "")], None),
    ("sync-pages-l1-gone", MAP, [(r"\t\tvmsa_sync\(w->t, &vmsa_top\(w->t\)\[mb\], 1\);\n", 1, "")], None),
    ("sync-pages-gone", MAP, [(r"\t\tvmsa_sync\(w->t, &l2\[first\],\n.*\n", 1, "")], None),
    ("sync-super-gone", MAP, [(r"\t\t\t\tvmsa_sync\(w->t, p, nd\);\n", 1, "")], None),
    ("sync-section-gone", MAP, [(r"\t\t\t\tvmsa_sync\(w->t, p, nd\);\n", 2, "")], None),
    ("sync-split-section-gone", SPL, [(r"\t\tvmsa_sync\(t, l2, FOLD_N \* reps\);\n", 1, "")], None),
    # -- callers: which replacements break first ---------------------------
    ("split-no-bbm", SPL, [(r"vmsa_replace\(w, p, &nw, g->va, g->size, VMSA_R_BBM\);", 1, "vmsa_replace(w, p, &nw, g->va, g->size, 0);")], None),
    ("protect-table-no-bbm", RUN, [(r"(tw, 0, 1, 1 \}, mb << TOP_SHIFT, TOP_SIZE,\n[\t ]+)VMSA_R_BBM\);", 1, r"\g<1>0);")], None),
    ("to-fine-no-bbm", MAP, [(r"(mb << TOP_SHIFT, TOP_SIZE, )VMSA_R_BBM\);", 1, r"\g<1>0);")],
     "the fine table translates every VA exactly as the coarse one, so no two TLB entries can disagree; "
     "the in-place write is still followed by the MB's TLBI, before the old table is freed at the end of the call "
     "(the engine keeps the break: it costs one ARMv5 TLBI and is the conservative reading)"),
    ("fold-tiny-no-bbm", MG, [(r"(\(uint32_t\)g, SZ_4K, )VMSA_R_BBM\);", 1, r"\g<1>0);")], None),
    ("fold-small-no-bbm", MG, [(r"(\(uint32_t\)g, SZ_64K, )VMSA_R_BBM\);", 1, r"\g<1>0);")], None),
    ("fold-section-no-bbm", MG, [(r"(mb << TOP_SHIFT, TOP_SIZE,\n[\t ]+)VMSA_R_BBM\);", 1, r"\g<1>0);")], None),
    ("fold-super-no-bbm", MG, [(r"(mb16 << 20, SZ_16M, )VMSA_R_BBM\);", 1, r"\g<1>0);")], None),
    ("bbm-ignores-ng", RUN, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_SHARED | VMSA_NS)")], None),
    ("bbm-ignores-shared", RUN, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_NS | VMSA_NG)")], None),
    ("bbm-ignores-ns", RUN, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_SHARED | VMSA_NG)")], None),
    ("bbm-ignores-type", RUN, [(r"bbm = VMSA_MT\(g->attrs\) != VMSA_MT\(tm->attrs\) \|\|", 1, "bbm =")], None),
    ("uncache-ignored", RUN, [(r"\(uncache \? VMSA_R_UNCACHE : 0\)", 1, "0")], None),
    ("unmap-v5-clean-before-tlbi", RUN, [(r"\t\tbbm = uncache;\n", 1, "\t\tbbm = false;\n")], None),
    ("split-super-remap-exec-ignored", SPL, [(r"(\t\t\t/\* The translation changes here, not in the rewrite\. \*/\n\t\t\tif \(!\(a & VMSA_XN\)\)\n)\t\t\t\tw->exec_changed = true;\n", 1, r"\1\t\t\t\t;\n")], None),
    ("unmap-tlbi-first-granule", RUN, [(r"end - g->va, 0\);", 1, "g->size, 0);")], None),
    ("unmap-run-exec-ignored", "src/fmt/fmt_v7.c", [(r"(\t\tif \(!vmsa_v7_leaf_xn\(k, p\[i\]\)\)\n)\t\t\t\*exec = true;\n", 1, r"\1\t\t\t;\n")], None),
    # -- runs (src/engine/op_run.c): one replacement per run of granules ---------
    ("run-bbm-first-only", RUN, [(r"\(bbm \? VMSA_R_BBM : 0\)", 1, "(bbm && n == 1 ? VMSA_R_BBM : 0)")], None),
    ("run-tlbi-first-granule", RUN, [(r"g->va, end - g->va, \(bbm", 1, "g->va, g->size, (bbm")], None),
    ("run-words-first-granule", RUN, [(r"(vmsa_words\)\{ word, step, g->nrep,\n\s+)n \}", 1, r"\g<1>1 }")], None),
    ("run-word-unchecked", RUN, [(r"while \(p != e && \*p == w\) \{", 1, "while (p != e) {")], None),
    ("run-no-step", RUN, [(r"\t\tp \+= per;\n\t\tw \+= size;\n", 1, "\t\tp += per;\n")], None),
    ("run-past-end", RUN, [(r"\telse if \(\(end - va\) >> ctz32\(size\) < kmax\)\n.*\n", 1, "")], None),
    ("run-remap-across-4gb", RUN, [(r"\t\tif \(\(uint64_t\)g->va \+ room < end\)\n\t\t\tend = \(uint64_t\)g->va \+ room;\n", 1, "")], None),
    ("run-make-sync-first-granule", M, [(r"(\tvmsa_store\(p, nw\);\n)\tvmsa_sync\(t, p, n\);\n", 1, r"\1\tvmsa_sync(t, p, nw->per);\n")], None),
    ("run-break-first-granule", M, [(r"\t\tvmsa_fill\(p, n, 0\);\n", 1, "\t\tvmsa_fill(p, nw->per, 0);\n")], None),
    ("run-unmap-release-skipped", OP, [(r"\t\tif \(o->l2_cleared\)\n", 1, "\t\tif (false)\n")], None),
    ("unmap-pages-exec-lost", "src/fmt/fmt_v7.c", [(r"\tif \(!\(all & L2_SMALL_XN\)\)\n\t\t\*exec = true;\n", 1, "")], None),
    ("unmap-pages-past-limit", "src/fmt/fmt_v7.c", [(r"\t\t\t\tm = i \+ \(uint32_t\)\(\(limit - b\) / VMSA_SZ_SMALL\);\n", 1, "\t\t\t\t;\n")], None),
    ("free-fine-first-unit", P, [(r"uint32_t k, n = fine \? 4 : 1;\n\n\tfor \(k = 0; k < n; k\+\+\)\n\t\tvmsa_bit_set\(w->t->scratch", 1, "uint32_t k, n = fine ? 4 : 1;\n\n\tfor (k = 0; k < 1; k++)\n\t\tvmsa_bit_set(w->t->scratch")], None),
    ("free-marks-not-cleared", P, [(r"\t\tt->scratch\[i\] = 0;\n", 1, "")], None),
    ("free-words-short", P, [(r"for \(i = w->free_lo; i <= w->free_hi; i\+\+\)", 1, "for (i = w->free_lo; i < w->free_hi; i++)")], None),
    ("remap-super-no-bbm", MG, [(r"(SZ_16M, )VMSA_R_BBM\);\n}\n\n/\* MB mb's table", 1, r"\g<1>0);\n}\n\n/* MB mb's table")], None),
    ("remap-super-exec-ignored", SPL, [(r"\tif \(!\(g->attrs & VMSA_XN\)\)\n\t\tw->exec_changed = true;\n(\tif \(!vmsa_mt_cacheable)", 1, r"\1")], None),
    # -- new executable translations: predictor and I-cache -----------------
    ("map-exec-ignored", MAP, [(r"\tif \(w != NULL && !\(q->tm.attrs & VMSA_XN\)\)\n\t\tw->exec_changed = true;\n", 1, "")], None),
    ("protect-to-exec-ignored", RUN, [(r"(\t\ttm = &o->tm;\n\t\tif \(!\(tm->attrs & VMSA_XN\)\)\n)\t\t\tw->exec_changed = true;\n", 1, r"\1\t\t\t;\n")], None),
    ("remap-exec-ignored", RUN, [(r"(\t\treturn;         /\* nothing to write, in the whole run \*/\n\tif \()!\(g->attrs & VMSA_XN\)\)", 1, r"\1o->kind != OP_REMAP && !(g->attrs & VMSA_XN))")], None),
    # -- the lock-free readers' sequence count ------------------------------
    ("reader-retry-odd-only", G, [(r"return \*\(const volatile uint32_t \*\)&t->seq != s;", 1,
                                   "return (void)s, (*(const volatile uint32_t *)&t->seq & 1u) != 0;")], None),
    # -- the map walker's filters: merges skipped, the pool check ------------
    ("map-fold-tail-ignored", MAP, [(r"end_may_fold\(w, va, va - 1\) \|\|\n\t\s*end_may_fold\(w, \(uint32_t\)end, \(uint32_t\)end\);", 1, "end_may_fold(w, va, va - 1);")], None),
    ("map-fold-filter-64k-as-1m", MAP, [(r"\(x & \(SZ_64K - 1\)\) \? SZ_64K : SZ_1M;", 1, "SZ_1M;")], None),
    ("map-fold-group-end-ignored", MAP, [(r"l2\[vmsa_fmt_l2_index\(lo \+ \(s - 1\), fine\)\] != 0;", 1, "l2[vmsa_fmt_l2_index(lo + s, fine)] != 0;")], None),
    ("map-fold-super-end-ignored", MAP, [(r"l1\[top_index\(lo\) \+ 15\] != 0", 1, "l1[top_index(lo) + 16] != 0")], None),
    ("map-pool-v7-unbounded", "src/engine/plan.c", [(r"\t\tif \(u >= n\)\n\t\t\treturn false;\n", 1, "\t\tif (u >= VMSA_POOL_MAX_UNITS)\n\t\t\treturn false;\n")], None),
    ("map-pool-v7-past-end", "src/engine/plan.c", [(r"\t\t\tx &= \(1u << \(n - u\)\) - 1;\n", 1, "\t\t\t;\n")], None),
    ("map-pool-v7-trusts-count", "src/engine/plan.c", [(r"c->pool_free = vmsa_bits_set\(x\);", 1, "c->pool_free = c->t->pool_units - c->t->used_units; c->pool_scan = UINT32_MAX / 64;")], None),
    ("remap-nc-new-pa-not-cleaned", OP, [(r"\t\tvmsa_op_uncache_remapped\(&w, o\);\n", 1, "\t\t;\n")], None),
    ("remap-nc-clean-first-only", RUN, [(r"\t\tcur = end;\n\t\}\n\tuncache_range", 1, "\t\tcur = o->end;\n\t}\n\tuncache_range")], None),
    ("remap-nc-super-not-flagged", SPL, [(r"\t\tw->nc_remapped = true;\n", 1, "\t\t;\n")], None),
    ("protect-fold-filter-outside", OP, [(r"n = va != g \? va - SZ_4K : last \+ 1;", 1, "n = last + 1;")], None),
    ("protect-fold-filter-no-stride", OP, [(r"== w \+ \(n - va\)\)", 1, "== w)")], None),
    # -- an array's regions sharing a MB: who plans its table -----------
    ("map-table-attrs-unchecked", MAP, [(r"if \(l1w != vmsa_tmpl_table\(q->tm.table, fine, tpa32\)\)", 1, "if (false)")], None),
    # -- an array's neighbours with one attribute word share a template --
    ("array-tmpl-kept-for-other-attrs", EH, [(r"if \(c->last_i < c->n && r->attrs == c->r\[c->last_i\]\.attrs\)", 1, "if (c->last_i < c->n)")], None),
    ("array-tmpl-kept-unchecked-range", EH, [(r"\t\treturn vmsa_req_range\(c, r, &c->last, again\);", 1, "\t\treturn vmsa_req_range(c, r, &c->last, true);")], None),
    # -- folding by moving bits (vmsa_fmt_fold) --
    ("fold-small-xn-lost", F7, [(r"\t\t       MOVE\(w, L2_SMALL_XN, L2_LARGE_XN\);", 1, "\t\t       0;")], None),
    ("fold-section-ns-lost", F7, [(r"\t\t       MOVE\(l1w, L1_TABLE_NS, L1_SECT_NS\) \|\n", 1, "")], None),
    ("fold-section-apx-lost", F7, [(r"\t\t       MOVE\(w, L2_LARGE_APX, L1_SECT_APX\) \|\n", 1, "")], None),
    ("fold-super-no-bit18", F7, [(r"return \(w & ~L1_SECT_ADDR_MASK\) \| L1_SECT_SUPER;", 1, "return w & ~L1_SECT_ADDR_MASK;")], None),
    ("fold-v5-section-domain-lost", F5, [(r"\t\t       L1_SECT_DOMAIN\(L1_TABLE_DOMAIN_OF\(l1w\)\) \|\n", 1, "")], None),
    # -- the region index: its short-array sort --
    ("regidx-insertion-ties", RX, [(r"r\[o\[j - 1\]\]\.va\.v > va", 1, "r[o[j - 1]].va.v >= va")], None),
    ("regidx-insertion-short", RX, [(r"for \(j = i; j > 0 &&", 1, "for (j = i; j > 1 &&")], None),
    # -- one request inside one MB: commit checks, no dry run --
    ("one-pass-commit-unchecked", MAP, [(r"bool check = w == NULL \|\| c->check;", 1, "bool check = w == NULL;")], None),
    ("one-pass-section-unchecked", MAP, [(r"if \(w == NULL \|\| c->check\) \{", 1, "if (w == NULL) {")], None),
    ("one-pass-pool-unchecked", MAP, [(r"\t\t\tif \(c->nomem_at != SIZE_MAX\)\n\t\t\t\treturn VMSA_ERR_NOMEM;\n", 1, "")], None),
    ("one-pass-two-mb", MAP, [(r"r->size <= TOP_SIZE - \(r->va.v & \(TOP_SIZE - 1\)\)", 1, "r->size <= 2 * TOP_SIZE - (r->va.v & (TOP_SIZE - 1))")], None),
    ("one-pass-v5", MAP, [(r"&&\n\t       !fmt_v5\(t->fmt\);", 1, ";")], None),
    ("one-pass-run-by-run", MAP, [(r"\t\t\tif \(vmsa_any_set\(&l2\[first\], vmsa_fmt_l2_index\(\n\t\t\t                 seg_last, fine\) \+ 1 - first\)\)", 1, "\t\t\tif (vmsa_any_set(&l2[first], 1))")], None),
    ("array-mb-memo-no-tattrs", "src/engine/plan.c", [(r"return c->take_tattrs != q->tm.tattrs \? VMSA_ERR_CONFLICT :\n\s*VMSA_OK;", 1, "return VMSA_OK;")], None),
    ("array-mb-bit-says-none", "src/engine/plan.c", [(r"!vmsa_bit_get\(c->newtab, mb\)", 1, "true")], None),
    ("array-mb-scan-no-tattrs", MAP, [(r"if \(earlier && fj != SIZE_MAX\) \{", 1, "if (false) {")], None),
    ("dry-run-plan-uncounted", MAP, [(r"if \(w == NULL && c->trial\)\n\t\treturn VMSA_OK;", 1, "if (w == NULL)\n\t\treturn VMSA_OK;")], None),
    ("array-mb-bits-not-cleared", MAP, [(r"\t\tvmsa_fill32\(t->scratch, TOP_ENTRIES / 32, 0\);\n", 1, "\t\t;\n")], None),
    # -- the writers' template cache: a changed slot used, a failure kept --
    ("tmpl-protect-kept-on-failure", OP, [(r"if \(err == VMSA_OK && !hit\)", 1, "if (!hit)")], None),
    ("tmpl-protect-never-kept", OP, [(r"\t\tvmsa_tmpl_keep\(t, o->key, &o->tm\);\n", 1, "\t\t;\n")], None),
    ("tmpl-slot-unchecked", TC, [(r"return x == s\[S_CHECK\];", 1, "return true;")], None),
    ("tmpl-slot-check-skips-word", TC, [(r"\tx \^= tm->tattrs = s\[S_TATTRS\];", 1, "\ttm->tattrs = s[S_TATTRS];")], None),
    # -- the table struct's seal: a moved field or a zeroed struct used --
    ("seal-unchecked", VH, [(r"t->seal == vmsa_table_seal\(t\) &&\n\s*", 1, "")], None),
    ("seal-skips-fmt", VH, [(r"return h \* VMSA_SEAL_K \+ t->fmt;", 1, "return h;")], None),
    ("seal-skips-pool-units", VH, [(r"\th = h \* VMSA_SEAL_K \+ t->pool_units;\n", 1, "")], None),
    ("check-fields-skipped", V, [(r"\terr = vmsa_table_fields_ok\(t\);", 1, "\terr = VMSA_OK;")], None),
    # -- long descriptors: the attribute bits of a block or page --
    ("lpae-af-not-set", FL, [(r"LPAE_LEAF_ATTRINDX\(mt_index\[mt\]\) \| LPAE_LEAF_AF;", 1, "LPAE_LEAF_ATTRINDX(mt_index[mt]);")], None),
    ("lpae-sh-outer-for-shared", FL, [(r"w \|= LPAE_LEAF_SH\(LPAE_SH_INNER\);", 1, "w |= LPAE_LEAF_SH(LPAE_SH_OUTER);")], None),
    ("lpae-sh-device-non", FL, [(r"\t\tw \|= LPAE_LEAF_SH\(LPAE_SH_OUTER\);\n", 1, "\t\t;\n")], None),
    ("lpae-attrindx-wb-as-wbwa", FL, [(r"\[VMSA_MT_WRITEBACK\] = 3", 1, "[VMSA_MT_WRITEBACK] = 7")], None),
    ("lpae-ro-as-user", FL, [(r"\t\tw \|= LPAE_LEAF_AP2;", 1, "\t\tw |= LPAE_LEAF_AP1;")], None),
    ("lpae-xn-not-set", FL, [(r"\t\tw \|= LPAE_LEAF_XN;", 1, "\t\t;")], None),
    ("lpae-pxn-as-xn", FL, [(r"\t\tw \|= LPAE_LEAF_PXN;", 1, "\t\tw |= LPAE_LEAF_XN;")], None),
    ("lpae-device-ns-accepted", FL, [(r"if \(mt == VMSA_MT_DEVICE_NS \|\| ", 1, "if (")], None),
    ("lpae-user-ro-accepted", FL, [(r"\(a & VMSA_USER_RO\) \|\|\n\s*", 1, "")], None),
    ("lpae-oa-past-40-bits", FL, [(r"\tif \(pa >= LPAE_PA_LIMIT\)\n\t\treturn VMSA_ERR_RANGE;\n", 1, "")], None),
    ("lpae-decode-af-ignored", FL, [(r"!\(w & LPAE_LEAF_AF\) \|\| ", 1, "")], None),
    ("lpae-translate-offset-lost", FL, [(r"x->pa = \(w & leaf_addr_mask\(level\)\) \| off;", 1, "x->pa = w & leaf_addr_mask(level);")], None),
    ("lpae-translate-level-index-off", FL, [(r"uint64_t w = t\[vmsa_lpae_index\(level, va\)\];", 1, "uint64_t w = t[vmsa_lpae_index(level == 3 ? 2 : level, va)];")], None),
    ("lpae-hyp-ap1-not-set", FL, [(r"if \(\(a & VMSA_USER\) \|\| hyp\)", 1, "if (a & VMSA_USER)")], None),
    ("lpae-hyp-ng-accepted", FL, [(r"\(VMSA_USER \| VMSA_NG \| VMSA_PXN \| VMSA_NS\)\)\)\n\t\treturn VMSA_ERR_UNSUPPORTED;", 1, "(VMSA_USER | VMSA_PXN | VMSA_NS)))\n\t\treturn VMSA_ERR_UNSUPPORTED;")], None),
    ("lpae-dump-merge-ignores-pa", DL, [(r" &&\n\t    \(uint64_t\)c->va \+ c->size == va && c->pa \+ c->size == pa\)", 1, " &&\n\t    (uint64_t)c->va + c->size == va)")], None),
    ("lpae-decode-sbz-ignored", FL, [(r"\(w & \(LPAE_LEAF_RES \| sbz\)\) \|\|", 1, "(w & LPAE_LEAF_RES) ||")], None),
    # -- long descriptors in the engine (src/engine/lpae: fmt_lpae_eng.h, geom.h) --
    ("lpae-fold-keeps-page-type", LE, [(r"return \(w & ~\(LPAE_L3_PAGE_ADDR_MASK \| LPAE_TYPE_MASK\)\) \|\n\t       LPAE_TYPE_BLOCK;", 1, "return w & ~LPAE_L3_PAGE_ADDR_MASK;")], None),
    ("lpae-unmap-run-takes-tables", LE, [(r"for \(i = 0; i < n && \(p\[i\] & LPAE_TYPE_MASK\) == want; i\+\+\)", 1, "for (i = 0; i < n && ((p[i] & LPAE_TYPE_MASK) == want || (level == 1 && (p[i] & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE)); i++)")], None),
    ("lpae-unmap-run-past-end", LE, [(r"uint64_t max = limit >> \(level == 1 \? 21 : 12\);", 1, "uint64_t max = limit >> (level == 1 ? 20 : 12);")], None),
    ("lpae-unmap-run-exec-ignored", LE, [(r"(\t\tif \(!\(p\[i\] & LPAE_LEAF_XN\)\)\n)\t\t\t\*exec = true;\n", 1, r"\1\t\t\t;\n")], None),
    ("lpae-leaf-xn-as-pxn", LE, [(r"return \(w & LPAE_LEAF_XN\) != 0;", 1, "return (w & LPAE_LEAF_PXN) != 0;")], None),
    ("lpae-fold-upper-attrs-lost", LE, [(r"return \(w & ~\(LPAE_L3_PAGE_ADDR_MASK \| LPAE_TYPE_MASK\)\) \|", 1, "return (w & 0xfffull & ~LPAE_TYPE_MASK) |")], None),
    ("lpae-pool-window-one-past", LE, [(r"return off < \(uint64_t\)t->pool_units \* 0x1000u;", 1, "return off <= (uint64_t)t->pool_units * 0x1000u;")], None),
    ("lpae-table-extra-bits-accepted", LE, [(r"if \(\(w & LPAE_TYPE_MASK\) != LPAE_TYPE_TABLE \|\| \(w & ~LE_TABLE_BITS\)\)", 1, "if ((w & LPAE_TYPE_MASK) != LPAE_TYPE_TABLE)")], None),
    ("lpae-reserved-page-accepted", LE, [(r"\tif \(\(w & LPAE_TYPE_MASK\) == LPAE_TYPE_PAGE\)\n\t\treturn VMSA_KIND_SMALL;", 1, "\tif (w & LPAE_TYPE_VALID)\n\t\treturn VMSA_KIND_SMALL;")], None),
    ("lpae-level1-one-table", LE, [(r"\*\(volatile uint64_t \*\)&w\[i\] = \(top_pa \+ i \* 0x1000u\) \|", 1, "*(volatile uint64_t *)&w[i] = (top_pa) |")], None),
    ("lpae-level1-va-for-pa", E, [(r"\tvmsa_le_level1\(l1, l1_pa\.p\);", 1, "\tvmsa_le_level1(l1, (uintptr_t)l1);")], None),
    ("lpae-sync-level1-gone", E, [(r"\tvmsa_sync\(t, \(dw_t \*\)\(void \*\)\(\(uint8_t \*\)l1 \+ VMSA_LPAE_L1_OFFSET\), 4\);\n", 1, "")], None),
    ("lpae-fold-n-half", GE, [(r"#define FOLD_N 512u", 1, "#define FOLD_N 256u")], None),
    ("lpae-sync-words-as-32-bit", M, [(r"vmsa_arch_sync_table\(p, \(size_t\)n \* sizeof \*p\);", 1, "vmsa_arch_sync_table(p, (size_t)n * 4u);")], None),
]

# Target mutants: the arch layer, which the host tests never compile. Each
# builds the board's firmware in the copy and runs `how` on it: "mmu-on",
# the static check of the enable sequence (scripts/check-mmu-on.py on
# test.elf), or "qemu:CONFIG", the test firmware booted in that
# configuration (killed by a "not ok" line, a missing plan, or a hang).
A7 = "src/arch/armv7/arch.c"
M7 = "src/arch/armv7/mmu.c"
A5 = "src/arch/armv5/arch.c"
L7 = "src/arch/armv7/lpae.c"
H7 = "src/arch/armv7/hyp.c"
TARGET_MUTANTS = [
    # name, file, substitutions, board, how
    ("mmu-on-v7-tlbiall-gone", M7, [(r'\t__asm__ volatile\("mcr p15, 0, %0, c8, c7, 0".*/\* TLBIALL \*/\n', 1, "")],
     "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-clean-dsb-gone", A7, [(r'(/\* DCCMVAU \*/\n.*\n)\t__asm__ volatile\("dsb" : : : "memory"\);\n', 1, r"\1")],
     "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-clean-gone", M7, [(r"\tif \(clean\) \{", 1, "\tif (clean && false) {")],
     "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-tlbi-dsb-gone", M7, [(r'"dsb\\n\\tisb"', 1, '"isb"')], "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-tlbi-isb-gone", M7, [(r'"dsb\\n\\tisb"', 1, '"dsb"')], "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-sctlr-isb-gone", M7, [(r'"mcr p15, 0, %0, c1, c0, 0\\n\\tisb"', 1, '"mcr p15, 0, %0, c1, c0, 0"')],
     "vexpress-a9", "mmu-on"),
    ("mmu-on-v7-sctlr-before-tlbiall", M7, [(r"(?s)(\t/\* 6: the local forms.*?\t__asm__ volatile\(\"dsb\\n\\tisb\".*?\n)(\t/\* 7 \*/\n.*?: : \"r\"\(sctlr\) : \"memory\"\);\n)", 1, r"\2\1")],
     "vexpress-a9", "mmu-on"),
    ("mmu-on-v5-tlbi-gone", A5, [(r'\t__asm__ volatile\("mcr p15, 0, %0, c8, c7, 0".*/\* TLB \*/\n', 1, "")],
     "versatilepb", "mmu-on"),
    ("mmu-on-v5-clean-drain-gone", A5, [(r'(c7, c10, 1" : : "r"\(a\) : "memory"\);\n)\tdrain_wb\(\);\n', 1, r"\1")],
     "versatilepb", "mmu-on"),
    ("mmu-on-v5-clean-gone", A5, [(r"\tvmsa_arch_sync_table\(t->l1, VMSA_L1_BYTES\);\n.*\n.*\n", 1, "")],
     "versatilepb", "mmu-on"),
    ("mmu-on-v5-tlbi-drain-gone", A5, [(r"(/\* I-cache \*/\n)\tdrain_wb\(\);\n", 1, r"\1")],
     "versatilepb", "mmu-on"),
    ("mmu-on-v5-sctlr-before-tlbi", A5, [(r"(?s)(\t__asm__ volatile\(\"mcr p15, 0, %0, c8, c7, 0\"[^\n]*/\* TLB \*/\n.*?/\* I-cache \*/\n\tdrain_wb\(\);\n)(.*?: : \"r\"\(sctlr\) : \"memory\"\);\n)", 1, r"\2\1")],
     "versatilepb", "mmu-on"),
    ("lpae-switch-tlbiall-gone", L7, [(r'\t__asm__ volatile\("mcr p15, 0, %0, c8, c7, 0".*/\* TLBIALL \*/\n', 1, "")],
     "vexpress-a15", "mmu-on"),
    ("lpae-switch-ttbr0-after-sctlr", L7, [(r'(\t__asm__ volatile\("mcrr p15, 0, %0, %1, c2".*\n)((?:.*\n)*?)(\t__asm__ volatile\("mcr p15, 0, %0, c1, c0, 0\\n\\tisb"\n.*\n)', 1, r"\2\3\1")],
     "vexpress-a15", "mmu-on"),
    ("hyp-on-tlbiallh-gone", H7, [(r'\t__asm__ volatile\("mcr p15, 4, %0, c8, c7, 0".*/\* TLBIALLH \*/\n', 1, "")],
     "vexpress-a15", "mmu-on"),
    ("hyp-on-hsctlr-isb-gone", H7, [(r'"mcr p15, 4, %0, c1, c0, 0\\n\\tisb"', 1, '"mcr p15, 4, %0, c1, c0, 0"')],
     "vexpress-a15", "mmu-on"),
    ("hyp-on-httbr-after-hsctlr", H7, [(r'(\t__asm__ volatile\("mcrr p15, 4, %0, %1, c2".*\n)((?:.*\n)*?)(\t__asm__ volatile\("mcr p15, 4, %0, c1, c0, 0\\n\\tisb".*\n.*\n)', 1, r"\2\3\1")],
     "vexpress-a15", "mmu-on"),
    ("lock-v7-no-irq-mask", A7, [(r'"mrs %0, cpsr\\n\\tcpsid if"', 1, '"mrs %0, cpsr"')],
     "vexpress-a9", "qemu:default"),
    ("lock-v7-fiq-mask-only", A7, [(r'"mrs %0, cpsr\\n\\tcpsid if"', 1, r'"mrs %0, cpsr\\n\\tcpsid f"')],
     "vexpress-a15", "qemu:default"),
]

DESCR = {
    "tlbi-va-gone": "no TLBIMVAA for a change",
    "tlbi-all-gone": "no TLBIALL past the threshold",
    "tlbi-per-granule": "one TLBI at the range's base (not per page)",
    "tlbi-va-local": "TLBIMVAA instead of TLBIMVAAIS under VMSA_TF_SMP",
    "tlbi-all-local": "TLBIALL instead of TLBIALLIS under VMSA_TF_SMP",
    "tlbi-sync-dsb-gone": "no DSB completes the invalidations before a make or the predictor",
    "bbm-break-gone": "break-before-make without the break (no fault entries)",
    "bbm-break-sync-gone": "the break not cleaned before the TLBI",
    "bbm-tlbi-gone": "break-before-make without TLB invalidation",
    "bbm-dsb-gone": "the new entries written before the TLBI completes",
    "bbm-tlbi-before-break": "TLBI before the break is written",
    "bbm-tlbi-after-make": "TLBI after the new entries are written",
    "make-sync-gone": "the new entries not cleaned",
    "inplace-tlbi-gone": "in-place change (permissions, unmap) not invalidated",
    "inplace-tlbi-before-write": "in-place change invalidated before the write",
    "dcache-v5-gone": "ARMv5: no D-cache clean+invalidate of the old mapping",
    "dcache-v7-gone": "ARMv7: no D-cache clean+invalidate when uncaching",
    "dcache-v7-before-make": "ARMv7: clean+invalidate by MVA while the VA is unmapped",
    "dcache-v5-before-break": "ARMv5: clean+invalidate before the break",
    "bp-gone": "no BPIALL after executable changes",
    "bp-local": "BPIALL instead of BPIALLIS under VMSA_TF_SMP",
    "icache-gone": "no I-cache invalidation after executable changes",
    "icache-local": "ICIALLU instead of ICIALLUIS under VMSA_TF_SMP",
    "finish-dsb-gone": "no DSB at the end of a call",
    "finish-isb-gone": "no ISB at the end of a call",
    "finish-isb-before-dsb": "ISB before the final DSB",
    "finish-bp-after-dsb": "BPIALL and ICIALLU after the final DSB",
    "sync-body-gone": "no table write is cleaned for the walker",
    "sync-init-gone": "vmsa_init does not clean the L1 table",
    "sync-new-table-gone": "a new second-level table is not cleaned",
    "sync-coarse-to-fine-gone": "ARMv5 fine table not cleaned before use",
    "sync-pages-l1-gone": "mapping walker: new L1 table entry not cleaned",
    "sync-pages-gone": "mapping walker: page entries not cleaned",
    "sync-super-gone": "mapping walker: supersection entries not cleaned",
    "sync-section-gone": "mapping walker: section entries not cleaned",
    "sync-split-section-gone": "split of a section: new table not cleaned",
    "split-no-bbm": "a cut replaces its granule in place",
    "protect-table-no-bbm": "protect of a whole table: L1 table entry changed in place",
    "to-fine-no-bbm": "ARMv5 coarse -> fine table swapped in place",
    "fold-tiny-no-bbm": "4 tiny pages folded in place",
    "fold-small-no-bbm": "16 small pages folded in place",
    "fold-section-no-bbm": "a table folded into a section in place",
    "fold-super-no-bbm": "16 sections folded into a supersection in place",
    "bbm-ignores-ng": "nG flips in place",
    "bbm-ignores-shared": "S flips in place",
    "bbm-ignores-ns": "NS flips in place",
    "bbm-ignores-type": "memory type changes in place",
    "uncache-ignored": "uncaching protect/remap: no D-cache clean+invalidate",
    "unmap-v5-clean-before-tlbi": "ARMv5 unmap: lines cleaned before the TLBI completes",
    "split-super-remap-exec-ignored": "supersection above 4GB remapped whole: executable change not noted",
    "unmap-tlbi-first-granule": "unmap run invalidates its first granule only",
    "unmap-run-exec-ignored": "unmap run: executable granules after the first do not invalidate the I-cache",
    "mmu-on-v7-tlbiall-gone": "MMU enable (ARMv7): no TLBIALL before SCTLR.M",
    "mmu-on-v7-clean-dsb-gone": "MMU enable (ARMv7): no DSB after the clean of the tables (vmsa_arch_sync_table)",
    "mmu-on-v7-clean-gone": "MMU enable (ARMv7): the tables not cleaned",
    "mmu-on-v7-tlbi-dsb-gone": "MMU enable (ARMv7): no DSB completes the TLBIALL",
    "mmu-on-v7-tlbi-isb-gone": "MMU enable (ARMv7): no ISB before the SCTLR write",
    "mmu-on-v7-sctlr-isb-gone": "MMU enable (ARMv7): no ISB after the SCTLR write",
    "mmu-on-v7-sctlr-before-tlbiall": "MMU enable (ARMv7): SCTLR written before TLBIALL, DSB, ISB",
    "mmu-on-v5-tlbi-gone": "MMU enable (ARMv5): no TLB invalidate",
    "mmu-on-v5-clean-drain-gone": "MMU enable (ARMv5): no drain after the clean of the tables",
    "mmu-on-v5-clean-gone": "MMU enable (ARMv5): the tables not cleaned",
    "mmu-on-v5-tlbi-drain-gone": "MMU enable (ARMv5): no drain after the TLB invalidate",
    "mmu-on-v5-sctlr-before-tlbi": "MMU enable (ARMv5): SCTLR written before the TLB invalidate",
    "lock-v7-no-irq-mask": "ARMv7 lock: IRQ and FIQ left unmasked while held",
    "lock-v7-fiq-mask-only": "ARMv7 lock: only FIQ masked while held",
    "run-bbm-first-only": "a run of more than one granule that needs break-before-make changed in place",
    "run-tlbi-first-granule": "protect/remap run: TLBI (and D-cache clean) of its first granule only",
    "run-words-first-granule": "protect/remap run: only its first granule rewritten",
    "run-word-unchecked": "protect/remap run: the granules after the first taken without comparing their words",
    "run-no-step": "protect/remap run: each word compared with the first one's successor, not with its own output address step",
    "run-past-end": "protect/remap run: goes on past the end of the range",
    "run-remap-across-4gb": "remap run: new words step across a 4GB boundary of output addresses",
    "run-make-sync-first-granule": "a replacement's new words cleaned for its first granule only",
    "run-break-first-granule": "break-before-make: only the first granule of the run broken",
    "run-unmap-release-skipped": "unmap: tables left empty never released",
    "unmap-pages-exec-lost": "ARMv7 unmap of small pages: an executable one among them not noticed (no I-cache and predictor invalidation)",
    "unmap-pages-past-limit": "ARMv7 unmap: a run of small pages reaching past the end of the range",
    "free-fine-first-unit": "ARMv5: a fine table the call frees gives back only its first 1KB unit",
    "free-marks-not-cleared": "the marks of the units a call frees left in the table's scratch after it",
    "free-words-short": "the units a call frees: the last bitmap word marked not given back",
    "remap-super-no-bbm": "remap past 4GB: a 16MB group rewritten as a supersection in place",
    "remap-super-exec-ignored": "remap past 4GB into a supersection: executable change not noted",
    "map-exec-ignored": "a new executable mapping: no predictor or I-cache invalidation",
    "protect-to-exec-ignored": "protect execute-never -> executable: no predictor or I-cache invalidation",
    "remap-exec-ignored": "remap of executable memory: no predictor or I-cache invalidation",
    "reader-retry-odd-only": "a lock-free reader retries only while a writer is inside (odd count), not after one ran during its read",
    "map-fold-tail-ignored": "map: the merge skipped when only the range's end could fold",
    "map-fold-group-end-ignored": "map: the fold filter reads past the group's last entry",
    "map-fold-super-end-ignored": "map: the fold filter reads past a 16MB group's last section",
    "map-pool-v7-unbounded": "ARMv7 map: free units counted past the pool's bitmap words",
    "map-pool-v7-past-end": "ARMv7 map: bits past the pool's last unit counted as free units",
    "map-pool-v7-trusts-count": "ARMv7 map: the pool's free units taken from used_units, not from the bitmap",
    "map-fold-filter-64k-as-1m": "map's fold filter: a boundary inside a 64KB group judged by the ends of its MB",
    "protect-fold-filter-outside": "protect/remap: the fold filter reads the entry past the range, outside its 64KB group",
    "protect-fold-filter-no-stride": "protect/remap: the fold filter compares the neighbour's word without the output address step",
    "remap-nc-new-pa-not-cleaned": "ARMv7 remap of a non-cacheable entry: the new PA's data cache lines not cleaned and invalidated",
    "remap-nc-clean-first-only": "ARMv7 remap: the new PAs' lines cleaned for the first granule of the range only",
    "remap-nc-super-not-flagged": "ARMv7 remap of a non-cacheable supersection past 4GB: its new PA's lines not cleaned",
    "map-table-attrs-unchecked": "map into an existing page table: its table attributes (domain, NS, PXN) not compared with the request's",
    "array-mb-memo-no-tattrs": "array map: a region sharing the MB of the table the region before it planned, its table attributes not compared",
    "array-mb-bit-says-none": "array map: every MB without a table planned again by each region with pages there",
    "array-tmpl-kept-for-other-attrs": "array map: a region validated and written with the template of the region before, whatever its attributes",
    "array-tmpl-kept-unchecked-range": "array dry run: a region that keeps the template of the region before gets its range unchecked",
    "hyp-on-tlbiallh-gone": "Hyp MMU on without TLBIALLH (Hyp TLB entries of earlier tables survive)",
    "hyp-on-hsctlr-isb-gone": "Hyp MMU on: no ISB after the HSCTLR write",
    "hyp-on-httbr-after-hsctlr": "Hyp MMU on: HTTBR written after HSCTLR turned the MMU on",
    "lpae-switch-tlbiall-gone": "switch to or from long descriptors: the MMU back on without TLBIALL (TLB entries of the other format survive)",
    "lpae-switch-ttbr0-after-sctlr": "switch to or from long descriptors: TTBR0 written after the MMU is on",
    "fold-small-xn-lost": "16 small pages folded into a large page that lost their XN",
    "lpae-af-not-set": "long descriptors: blocks and pages written without the access flag (every first access faults)",
    "lpae-sh-outer-for-shared": "long descriptors: VMSA_SHARED Normal memory written Outer instead of Inner Shareable",
    "lpae-sh-device-non": "long descriptors: Device memory written with SH 00 instead of the Outer Shareable it is",
    "lpae-attrindx-wb-as-wbwa": "long descriptors: write-back memory given the write-allocate MAIR index",
    "lpae-ro-as-user": "long descriptors: read-only written as AP[1] (user access) instead of AP[2]",
    "lpae-xn-not-set": "long descriptors: execute-never lost (XN, bit 54, never written)",
    "lpae-pxn-as-xn": "long descriptors: PXN written as XN",
    "lpae-device-ns-accepted": "long descriptors: non-shareable Device accepted (the format cannot say it)",
    "lpae-user-ro-accepted": "long descriptors: privileged RW, user RO accepted (AP[2:1] cannot say it)",
    "lpae-oa-past-40-bits": "long descriptors: an output address at or past 2^40 encoded (its top bits lost)",
    "lpae-decode-af-ignored": "long descriptors: a word without the access flag decoded as mapped",
    "lpae-translate-offset-lost": "long descriptors, one-pass translation: the offset into the block or page dropped",
    "lpae-translate-level-index-off": "long descriptors, one-pass translation: level 3 indexed with the level 2 bits",
    "lpae-hyp-ap1-not-set": "long descriptors, Hyp regime: AP[1] (should be one) left clear",
    "lpae-hyp-ng-accepted": "long descriptors, Hyp regime: nG accepted (the regime has no ASIDs)",
    "lpae-dump-merge-ignores-pa": "long-descriptor dump: pages merged into one run across a gap in their output addresses",
    "lpae-decode-sbz-ignored": "long descriptors: a block with bits set below its address decoded as mapped",
    "fold-section-ns-lost": "a page table of large pages folded into a section without the table's NS",
    "fold-section-apx-lost": "large pages folded into a section without their AP[2] (read-only)",
    "fold-super-no-bit18": "16 sections folded into a section word instead of a supersection",
    "fold-v5-section-domain-lost": "ARMv5: large pages folded into a section without their table's domain",
    "regidx-insertion-ties": "region index, short arrays: regions at the same VA ordered against their array order",
    "regidx-insertion-short": "region index, short arrays: an index never moved to the front",
    "one-pass-commit-unchecked": "one request inside one MB: commit writes without making prepare's checks (no dry run ran)",
    "one-pass-section-unchecked": "one section without a dry run: commit writes it over an entry in use",
    "one-pass-pool-unchecked": "one request inside one MB: a new table taken without asking the pool first",
    "one-pass-two-mb": "a request over two MBs written without a dry run (its second segment can fail after the first is written)",
    "one-pass-v5": "ARMv5 written without a dry run (its upgrade to a fine table writes before the pages' checks)",
    "one-pass-run-by-run": "one request inside one MB: only the first entry of the segment checked free",
    "array-mb-scan-no-tattrs": "array map: a region sharing a MB with an earlier one found by the scan, its table attributes not compared",
    "array-mb-bits-not-cleared": "array map: the marks of the MBs given a new table left in the table's scratch after the dry run",
    "tmpl-protect-kept-on-failure": "protect keeps its template in the table's cache when the call failed",
    "tmpl-protect-never-kept": "protect never keeps its template in the table's cache",
    "tmpl-slot-unchecked": "a template cache slot used on its key alone, without its check word",
    "tmpl-slot-check-skips-word": "a template cache slot's check leaves one word (the table attributes) out",
    "seal-unchecked": "a table struct accepted without comparing its seal",
    "seal-skips-fmt": "the seal leaves the format out (a struct whose format changed accepted)",
    "seal-skips-pool-units": "the seal leaves the pool size out",
    "check-fields-skipped": "vmsa_table_check trusts the seal and checks no field one by one",
    "dry-run-plan-uncounted": "the dry run stops at the checks for vmsa_plan too (its counts left out)",
    "free-pending-one-word-skipped": "a call's end frees nothing when the tables it released are marked in one bitmap word",
    "store-run-as-one-word": "a run of several granules stored as its first word alone",
    "lpae-fold-keeps-page-type": "long descriptors: 512 pages folded into a level-2 word that keeps the page type (0b11: a table descriptor to the block's PA)",
    "lpae-unmap-run-takes-tables": "long descriptors: an unmap's run of 2MB blocks takes the level-2 table descriptors between them (their tables never released)",
    "lpae-unmap-run-past-end": "long descriptors: an unmap's run of 2MB blocks bounded as if they were 1MB (it unmaps blocks past the range)",
    "lpae-unmap-run-exec-ignored": "long descriptors: an unmap's run, executable granules after the first do not invalidate the predictor and I-cache",
    "lpae-leaf-xn-as-pxn": "long descriptors: a granule's execute-never read from PXN (PL0-executable code taken for execute-never)",
    "lpae-fold-upper-attrs-lost": "long descriptors: 512 pages folded into a block without their upper attributes (XN, PXN)",
    "lpae-pool-window-one-past": "long descriptors: the pool's window takes a table one past the pool's end as the engine's",
    "lpae-table-extra-bits-accepted": "long descriptors: a level-2 table descriptor with other bits (PXNTable, XNTable, APTable, NSTable, ignored ones) taken as the engine's",
    "lpae-reserved-page-accepted": "long descriptors: a level-3 word of type 0b01 (reserved, faults) taken as a page",
    "lpae-level1-one-table": "long descriptors: vmsa_init's level 1 points its four descriptors at the first level-2 table",
    "lpae-level1-va-for-pa": "long descriptors: vmsa_init's level 1 written with the top table's VA for its PA",
    "lpae-sync-level1-gone": "long descriptors: vmsa_init does not clean the level-1 table",
    "lpae-fold-n-half": "long descriptors: a block cut into 256 pages, and 256 matching pages folded into a block (FOLD_N 256)",
    "lpae-sync-words-as-32-bit": "table writes cleaned as 32-bit words (long descriptors: half of each run left invisible to the walker)",
}


def apply(text, subs):
    for pat, occ, repl in subs:
        ms = list(re.finditer(pat, text))
        if len(ms) < occ:
            return None
        m = ms[occ - 1]
        text = text[:m.start()] + m.expand(repl) + text[m.end():]
    return text


def run(cmd, cwd, log):
    with open(log, "a") as f:
        return subprocess.call(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT)


def run_target(tree, board, how, log):
    """Build BOARD's firmware in the copy and run `how` on it: the killer
    (a check's first failure), "" if nothing failed, None if the build
    fails."""
    if run(["make", "--no-print-directory", "-s", "O=build", "BOARD=" + board,
            "qemu-image"], tree, log) != 0:
        return None
    elf = os.path.join(tree, "build", "qemu", board, "test.elf")
    if how == "mmu-on":
        r = subprocess.run([os.path.join(tree, "scripts", "check-mmu-on.py"), elf],
                           cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode(errors="replace")
        with open(log, "a") as f:
            f.write(out)
        if r.returncode == 0:
            return ""
        why = re.findall(r"^# (.*)$", out, re.M)
        return "check-mmu-on: " + (why[0] if why else "exit %d" % r.returncode)
    cfg = how.split(":", 1)[1]
    configs = subprocess.check_output(
        ["make", "--no-print-directory", "-s", "O=build", "BOARD=" + board,
         "qemu-configs"], cwd=tree).decode().splitlines()
    args = [c.split(None, 1)[1] for c in configs if c.split(None, 1)[0] == cfg][0]
    rundir = os.path.join(tree, "build", "qemu", board, "run-mutant")
    os.makedirs(rundir, exist_ok=True)
    cmd = [os.path.join(tree, "scripts", "qemu-run"), "--err", "qemu.err"] + \
        args.split() + ["-serial", "stdio", "-kernel", elf]
    try:
        r = subprocess.run(cmd, cwd=rundir, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
    except subprocess.TimeoutExpired:
        return "QEMU %s (%s): timed out" % (board, cfg)
    out = r.stdout.decode(errors="replace").replace("\r", "")
    with open(log, "a") as f:
        f.write(out)
    bad = re.findall(r"^not ok \d+ - (.*)$", out, re.M)
    if bad:
        return "QEMU %s (%s): not ok - %s" % (board, cfg, bad[0][:100])
    if not re.search(r"^1\.\.\d+$", out, re.M):
        return "QEMU %s (%s): no plan (exit %d)" % (board, cfg, r.returncode)
    return "" if r.returncode == 0 else "QEMU %s (%s): exit %d" % (board, cfg, r.returncode)


def main():
    args = sys.argv[1:]
    keep = "-k" in args
    md = "--md" in args
    args = [a for a in args if a not in ("-k", "--md")]
    out = os.path.join(os.environ.get("O", "build"), "mutants")
    if "-o" in args:
        i = args.index("-o")
        out = args[i + 1]
        del args[i:i + 2]
    only = set(args)
    top = subprocess.check_output(["git", "rev-parse", "--show-toplevel"]).decode().strip()
    out = os.path.abspath(out)
    tree = os.path.join(out, "tree")
    if os.path.exists(tree):
        shutil.rmtree(tree)
    files = subprocess.check_output(["git", "ls-files", "-co", "--exclude-standard"], cwd=top).decode().split("\n")
    for f in files:
        if not f or f.startswith("build/"):
            continue
        src = os.path.join(top, f)
        if not os.path.isfile(src):
            continue
        dst = os.path.join(tree, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
    log = os.path.join(out, "log.txt")
    # Keep the objects between builds: one engine file changes at a time.
    keep_mk = os.path.join(out, "keep.mk")
    with open(keep_mk, "w") as f:
        f.write(".SECONDARY:\n")
    open(log, "w").close()
    suites = ["test_strict", "test_strict_runs", "test_live", "test_engine", "test_engine_change",
              "test_property", "test_hardening", "test_coverage",
              "test_remap_super", "test_mapfold", "test_hostile", "test_lock",
              "test_tcache", "test_regidx", "test_fmt", "test_fmt_lpae",
              "test_lpae_engine", "test_strict_lpae", "test_lpae_words",
              "test_strict_lpae_rand", "test_lpae_campaign"]
    rows, bad = [], 0
    orig = {}

    def host(name):
        """Build the host tests and run them: the killer, "" or None."""
        if run(["make", "--no-print-directory", "-f", "Makefile", "-f", keep_mk,
                "host-tests", "O=build",
                # A removed call leaves unused variables: no -Werror here.
                "HOST_CFLAGS=-std=c11 -O2 -g -w"], tree, log) != 0:
            return None
        for s in suites:
            exe = os.path.join(tree, "build", "host", s)
            r = subprocess.run([exe], cwd=tree, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=600)
            if r.returncode != 0:
                failed = re.findall(r"\[  FAILED  \] (test_\w+)", r.stdout.decode(errors="replace"))
                return "%s: %s" % (s, failed[0] if failed else "exit %d" % r.returncode)
        return ""

    jobs = [(n, path, subs, host, equiv) for n, path, subs, equiv in MUTANTS]
    jobs += [(n, path, subs, lambda n, b=b, h=h: run_target(tree, b, h, log), None)
             for n, path, subs, b, h in TARGET_MUTANTS]
    for name, path, subs, test, equiv in jobs:
        if only and name not in only:
            continue
        p = os.path.join(tree, path)
        if path not in orig:
            orig[path] = open(p).read()
        mutated = apply(orig[path], subs)
        if mutated is None or mutated == orig[path]:
            rows.append((name, "DOES NOT APPLY", ""))
            print("%-36s DOES NOT APPLY" % name, flush=True)
            bad += 1
            continue
        open(p, "w").write(mutated)
        killer = test(name)
        open(p, "w").write(orig[path])
        if killer is None:
            rows.append((name, "BUILD FAILS", ""))
            print("%-36s BUILD FAILS" % name, flush=True)
            bad += 1
            continue
        if killer:
            status = "killed" if not equiv else "killed (marked equivalent)"
        elif equiv:
            status = "equivalent: " + equiv
        else:
            status = "SURVIVED"
            bad += 1
        rows.append((name, status, killer))
        print("%-36s %-10s %s" % (name, status.split(":")[0], killer), flush=True)
    if md:
        print()
        print("| mutant | what it does | killed by |")
        print("|---|---|---|")
        for (name, status, killer), m in zip(rows, [m for m in MUTANTS + TARGET_MUTANTS
                                                    if not only or m[0] in only]):
            print("| `%s` | %s | %s |" % (name, DESCR.get(name, ""),
                                          ("`%s`" % killer) if killer else status))
    print()
    print("%d mutants, %d killed, %d equivalent, %d survived or not applied" % (
        len(rows), sum(1 for r in rows if r[1].startswith("killed")),
        sum(1 for r in rows if r[1].startswith("equivalent")), bad))
    return 1 if bad and not keep else 0


if __name__ == "__main__":
    sys.exit(main())
