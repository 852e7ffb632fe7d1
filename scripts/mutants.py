#!/usr/bin/env python3
"""Mutation proof of the engine's maintenance (make mutants).

Each mutant removes or reorders one maintenance step (a DSB, ISB, TLBI,
clean, invalidate, a break of break-before-make, a broadcast form) in a copy
of the tree under $O/mutants, builds the host tests there and runs them:
test_strict first (the adversarial model), then the other host suites. A
mutant is killed when a test fails; the report names the suite and test.

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

T = "src/table.c"

# name, file, [(regex, occurrence (1-based), replacement)], equivalent-reason
MUTANTS = [
    # -- tlbi_range: TLB invalidation and its DSB --------------------------
    ("tlbi-va-gone", T, [(r"\t\t\tvmsa_arch_tlbi_va\(va \+ i \* pg, is_smp\(t\)\);\n", 1, "\t\t\t;\n")], None),
    ("tlbi-all-gone", T, [(r"\t\tvmsa_arch_tlbi_all\(is_smp\(t\)\);\n", 1, "\t\t;\n")], None),
    ("tlbi-dsb-gone", T, [(r"(vmsa_arch_tlbi_va\(va \+ i \* pg, is_smp\(t\)\);\n\t\}\n)\tvmsa_arch_dsb\(\);\n", 1, r"\1")], None),
    ("tlbi-per-granule", T, [(r"uint64_t n = \(\(uint64_t\)count \* gsz\) >> \(fmt_v5\(t->fmt\) \? 10 : 12\);", 1, "uint64_t n = count;"),
                             (r"va \+ i \* pg", 1, "va + i * gsz")], None),
    ("tlbi-va-local", T, [(r"vmsa_arch_tlbi_va\(va \+ i \* pg, is_smp\(t\)\)", 1, "vmsa_arch_tlbi_va(va + i * pg, false)")], None),
    ("tlbi-all-local", T, [(r"vmsa_arch_tlbi_all\(is_smp\(t\)\)", 1, "vmsa_arch_tlbi_all(false)")], None),
    # -- finish: predictor, I-cache, DSB, ISB -----------------------------
    ("bp-gone", T, [(r"\t\tvmsa_arch_bp_inval\(is_smp\(t\)\);\n", 1, "")], None),
    ("bp-local", T, [(r"vmsa_arch_bp_inval\(is_smp\(t\)\)", 1, "vmsa_arch_bp_inval(false)")], None),
    ("icache-gone", T, [(r"\t\tvmsa_arch_icache_inval\(is_smp\(t\)\);\n", 1, "")], None),
    ("icache-local", T, [(r"vmsa_arch_icache_inval\(is_smp\(t\)\)", 1, "vmsa_arch_icache_inval(false)")], None),
    ("finish-dsb-gone", T, [(r"(\t\}\n)\tvmsa_arch_dsb\(\);\n(\tvmsa_arch_isb\(\);)", 1, r"\1\2")], None),
    ("finish-isb-gone", T, [(r"(\tvmsa_arch_dsb\(\);\n)\tvmsa_arch_isb\(\);\n", 1, r"\1")], None),
    ("finish-isb-before-dsb", T, [(r"\tvmsa_arch_dsb\(\);\n\tvmsa_arch_isb\(\);\n", 1,
                                   "\tvmsa_arch_isb();\n\tvmsa_arch_dsb();\n")], None),
    ("finish-bp-after-dsb", T, [(r"(\tif \(exec_changed\) \{\n(?:.*\n){2}\t\}\n)(\tvmsa_arch_dsb\(\);\n)", 1, r"\2\1")], None),
    # -- sync: making table writes visible to the walker -------------------
    ("sync-body-gone", T, [(r"\tvmsa_arch_sync_table\(p, \(size_t\)n \* 4u\);\n", 1, "")], None),
    ("sync-init-gone", T, [(r"\tsync\(t, l1, VMSA_L1_ENTRIES\);\n", 1, "")], None),
    ("sync-new-table-gone", T, [(r"(\tfill\(p, n, 0\);\n)\tsync\(t, p, n\);\n", 1, r"\1")], None),
    ("sync-coarse-to-fine-gone", T, [(r"\tsync\(t, fine, 1024\);\n", 1, "")], None),
    ("sync-pages-l1-gone", T, [(r"(\t\tt->l1\[mb\] = table_word\(q->tm.table, fine, tpa\);\n)\t\tsync\(t, &t->l1\[mb\], 1\);\n", 1, r"\1")], None),
    ("sync-pages-gone", T, [(r"\tsync\(t, &l2\[first\].*\n", 1, "")], None),
    ("sync-super-gone", T, [(r"\t\t\tsync\(t, p, r.n \* 16\);\n", 1, "")], None),
    ("sync-section-gone", T, [(r"\t\t\tsync\(t, p, r.n\);\n", 1, "")], None),
    ("sync-fast-l1-gone", T, [(r"(\t\t\tt->l1\[mb\] = table_word\(q->tm.table, false, tpa\);\n)\t\t\tsync\(t, &t->l1\[mb\], 1\);\n", 1, r"\1")], None),
    ("sync-fast-page-gone", T, [(r"(\t\t\*p = q->tm.small \| \(uint32_t\)q->pa;\n)\t\tsync\(t, p, 1\);\n", 1, r"\1")], None),
    ("sync-split-section-gone", T, [(r"\t\tsync\(t, l2, 16 \* reps\);\n", 1, "")], None),
    # -- l1_replace: break-before-make of L1 entries ------------------------
    ("l1-break-gone", T, [(r"\t\tfill\(&t->l1\[idx\], n, 0\);\n", 1, "")], None),
    ("l1-break-sync-gone", T, [(r"\t\tsync\(t, &t->l1\[idx\], n\);\n", 1, "")], None),
    ("l1-tlbi-gone", T, [(r"\t\ttlbi_range\(t, va, gsz, ngran\);\n", 1, "")], None),
    ("l1-tlbi-after-make", T, [(r"\t\ttlbi_range\(t, va, gsz, ngran\);\n(\t\}\n\tfor \(k = 0; k < n; k\+\+\)\n\t\tt->l1\[idx \+ k\] = words\[k\];\n\tsync\(t, &t->l1\[idx\], n\);\n)", 1,
                                r"\1\tif (is_live(t))\n\t\ttlbi_range(t, va, gsz, ngran);\n")], None),
    ("l1-make-sync-gone", T, [(r"(\t\tt->l1\[idx \+ k\] = words\[k\];\n)\tsync\(t, &t->l1\[idx\], n\);\n", 1, r"\1")], None),
    # -- split_granule: large page -> small pages, small -> tiny ------------
    ("split-large-break-gone", T, [(r"\t\t\tfill\(p, g->nrep, 0\);\n", 1, "")], None),
    ("split-large-break-sync-gone", T, [(r"\t\t\tsync\(t, p, g->nrep\);\n", 1, "")], None),
    ("split-large-tlbi-gone", T, [(r"\t\t\ttlbi_range\(t, g->va, SZ_64K, 1\);\n", 1, "")], None),
    ("split-large-make-sync-gone", T, [(r"\t\tsync\(t, p, g->nrep\);\n\t\tbreak;\n", 1, "\t\tbreak;\n")], None),
    ("split-small-break-gone", T, [(r"\t\t\tfill\(p, 4, 0\);\n", 1, "")], None),
    ("split-small-break-sync-gone", T, [(r"\t\t\tsync\(t, p, 4\);\n", 1, "")], None),
    ("split-small-tlbi-gone", T, [(r"\t\t\ttlbi_range\(t, g->va, SZ_4K, 1\);\n", 1, "")], None),
    ("split-small-make-sync-gone", T, [(r"\t\tsync\(t, p, 4\);\n\t\tbreak;\n", 1, "\t\tbreak;\n")], None),
    # -- rewrite_pass: unmap / protect / remap of each granule --------------
    ("rewrite-break-gone", T, [(r"\t\t\tfill\(g.entry, g.nrep, 0\);\n", 1, "")], None),
    ("rewrite-break-sync-gone", T, [(r"\t\t\tsync\(t, g.entry, g.nrep\);\n", 1, "")], None),
    ("rewrite-break-tlbi-gone", T, [(r"(\t\t\tsync\(t, g.entry, g.nrep\);\n)\t\t\ttlbi_range\(t, g.va, g.size, 1\);\n", 1, r"\1")], None),
    ("rewrite-tlbi-before-break", T, [(r"(\t\t\tfill\(g.entry, g.nrep, 0\);\n\t\t\tsync\(t, g.entry, g.nrep\);\n)(\t\t\ttlbi_range\(t, g.va, g.size, 1\);\n)", 1, r"\2\1")], None),
    ("rewrite-make-sync-gone", T, [(r"(\t\tfill\(g.entry, g.nrep, word\);\n)\t\tsync\(t, g.entry, g.nrep\);\n", 1, r"\1")], None),
    ("rewrite-inplace-tlbi-gone", T, [(r"(\t\tif \(is_live\(t\) && !bbm && o->kind != OP_UNMAP\)\n)\t\t\ttlbi_range\(t, g.va, g.size, 1\);\n", 1, r"\1\t\t\t;\n")], None),
    ("rewrite-inplace-tlbi-before-write", T, [(r"(\t\tfill\(g.entry, g.nrep, word\);\n\t\tsync\(t, g.entry, g.nrep\);\n)((?:.*\n){0,4}?)(\t\tif \(is_live\(t\) && !bbm && o->kind != OP_UNMAP\)\n\t\t\ttlbi_range\(t, g.va, g.size, 1\);\n)", 1, r"\3\1\2")], None),
    ("split-super-remap-exec-ignored", T, [(r"(\t\t\t/\* The translation changes here, not in rewrite_pass. \*/\n\t\t\tif \(!\(g->attrs & VMSA_XN\)\)\n)\t\t\t\tw->exec_changed = true;\n", 1, r"\1\t\t\t\t;\n")], None),
    # -- unmap_run: unmap (ARMv7) of a run of granules in one table ------
    ("unmap-sync-gone", T, [(r"(\tfill\(e, n, 0\);\n)\tsync\(t, e, n\);\n", 1, r"\1")], None),
    ("unmap-tlbi-gone", T, [(r"\ttlbi_range\(t, g->va, \(uint32_t\)\(end - g->va\), 1\);\n", 1, "")], None),
    ("unmap-tlbi-before-write", T, [(r"(\tfill\(e, n, 0\);\n\tsync\(t, e, n\);\n)(\ttlbi_range\(t, g->va, \(uint32_t\)\(end - g->va\), 1\);\n)", 1, r"\2\1")], None),
    ("unmap-tlbi-first-granule", T, [(r"tlbi_range\(t, g->va, \(uint32_t\)\(end - g->va\), 1\)", 1, "tlbi_range(t, g->va, g->size, 1)")], None),
    ("unmap-run-exec-ignored", T, [(r"(\t\tif \(!\(h.attrs & VMSA_XN\)\)\n)\t\t\tw->exec_changed = true;\n", 1, r"\1\t\t\t;\n")], None),
    ("bbm-ignores-ng", T, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_SHARED | VMSA_NS)")], None),
    ("bbm-ignores-shared", T, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_NS | VMSA_NG)")], None),
    ("bbm-ignores-ns", T, [(r"\(VMSA_SHARED \| VMSA_NS \| VMSA_NG\)", 1, "(VMSA_SHARED | VMSA_NG)")], None),
    ("bbm-ignores-type", T, [(r"bbm = VMSA_MT\(g.attrs\) != VMSA_MT\(tm.attrs\) \|\|", 1, "bbm =")], None),
    ("dcache-v5-gone", T, [(r"\t\t\tif \(uncache && fmt_v5\(t->fmt\)\)\n\t\t\t\tvmsa_arch_dcache_clean_inval\(g.va, g.size,\n\t\t\t\t                             is_smp\(t\)\);\n", 1, "")], None),
    ("dcache-v7-gone", T, [(r"\t\tif \(uncache && !fmt_v5\(t->fmt\)\)\n\t\t\tvmsa_arch_dcache_clean_inval\(g.va, g.size, is_smp\(t\)\);\n", 1, "")], None),
    ("dcache-v7-before-make", T, [(r"(\t\tfill\(g.entry, g.nrep, word\);\n\t\tsync\(t, g.entry, g.nrep\);\n)(\t\t/\*.*\n\t\t \*.*\n)(\t\tif \(uncache && !fmt_v5\(t->fmt\)\)\n\t\t\tvmsa_arch_dcache_clean_inval\(g.va, g.size, is_smp\(t\)\);\n)", 1, r"\3\1")], None),
    ("dcache-v5-before-break", T, [(r"(\t\tif \(is_live\(t\) && \(bbm \|\| o->kind == OP_UNMAP\)\) \{\n)", 1,
                                    "\t\tif (uncache && fmt_v5(t->fmt))\n\t\t\tvmsa_arch_dcache_clean_inval(g.va, g.size, false);\n\\1"),
                                   (r"\t\t\tif \(uncache && fmt_v5\(t->fmt\)\)\n\t\t\t\tvmsa_arch_dcache_clean_inval\(g.va, g.size,\n\t\t\t\t                             is_smp\(t\)\);\n", 1, "")], None),
    # -- l2_fold: small pages -> large page, tiny -> small ------------------
    ("fold-break-gone", T, [(r"(l2_fold\(.*\n(?:.*\n){5})\t\tfill\(p, n, 0\);\n", 1, r"\1")], None),
    ("fold-break-sync-gone", T, [(r"(l2_fold\(.*\n(?:.*\n){5}\t\tfill\(p, n, 0\);\n)\t\tsync\(t, p, n\);\n", 1, r"\1")], None),
    ("fold-tlbi-gone", T, [(r"\t\ttlbi_range\(t, va, gsz, ngran\);\n", 2, "")], None),
    ("fold-make-sync-gone", T, [(r"(\tfill\(p, n, word\);\n)\tsync\(t, p, n\);\n", 1, r"\1")], None),
]


DESCR = {
    "tlbi-va-gone": "tlbi_range issues no TLBIMVAA",
    "tlbi-all-gone": "tlbi_range issues no TLBIALL past the threshold",
    "tlbi-dsb-gone": "no DSB after the TLB invalidations",
    "tlbi-per-granule": "one TLBI per granule at its base (not per page)",
    "tlbi-va-local": "TLBIMVAA instead of TLBIMVAAIS under VMSA_TF_SMP",
    "tlbi-all-local": "TLBIALL instead of TLBIALLIS under VMSA_TF_SMP",
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
    "sync-pages-l1-gone": "region writer: new L1 table entry not cleaned",
    "sync-pages-gone": "region writer: page entries not cleaned",
    "sync-super-gone": "region writer: supersection entries not cleaned",
    "sync-section-gone": "region writer: section entries not cleaned",
    "sync-fast-l1-gone": "one-page map: new L1 table entry not cleaned",
    "sync-fast-page-gone": "one-page map: page entry not cleaned",
    "sync-split-section-gone": "split of a section: new table not cleaned",
    "l1-break-gone": "L1 replace without the break (no fault entries)",
    "l1-break-sync-gone": "L1 break not cleaned before the TLBI",
    "l1-tlbi-gone": "L1 replace without TLB invalidation",
    "l1-tlbi-after-make": "L1 replace invalidates after writing the new entries",
    "l1-make-sync-gone": "new L1 entries not cleaned",
    "split-large-break-gone": "large page split without the break",
    "split-large-break-sync-gone": "large page break not cleaned",
    "split-large-tlbi-gone": "large page split without TLBI",
    "split-large-make-sync-gone": "small pages of a split not cleaned",
    "split-small-break-gone": "ARMv5 small page split without the break",
    "split-small-break-sync-gone": "ARMv5 small page break not cleaned",
    "split-small-tlbi-gone": "ARMv5 small page split without TLBI",
    "split-small-make-sync-gone": "ARMv5 tiny pages of a split not cleaned",
    "rewrite-break-gone": "unmap/protect/remap without the break",
    "rewrite-break-sync-gone": "the break not cleaned before the TLBI",
    "rewrite-break-tlbi-gone": "the break not invalidated",
    "rewrite-tlbi-before-break": "TLBI before the break is written",
    "rewrite-make-sync-gone": "the new entry not cleaned",
    "rewrite-inplace-tlbi-gone": "in-place change (permissions) not invalidated",
    "rewrite-inplace-tlbi-before-write": "in-place change invalidated before the write",
    "split-super-remap-exec-ignored": "supersection above 4GB remapped whole: executable change not noted",
    "unmap-sync-gone": "unmap run: fault entries not cleaned",
    "unmap-tlbi-gone": "unmap run without TLB invalidation",
    "unmap-tlbi-before-write": "unmap run invalidated before the fault entries are written",
    "unmap-tlbi-first-granule": "unmap run invalidates its first granule only",
    "unmap-run-exec-ignored": "unmap run: executable granules after the first do not invalidate the I-cache",
    "bbm-ignores-ng": "nG flips in place",
    "bbm-ignores-shared": "S flips in place",
    "bbm-ignores-ns": "NS flips in place",
    "bbm-ignores-type": "memory type changes in place",
    "dcache-v5-gone": "ARMv5: no D-cache clean+invalidate of the old mapping",
    "dcache-v7-gone": "ARMv7: no D-cache clean+invalidate when uncaching",
    "dcache-v7-before-make": "ARMv7: clean+invalidate by MVA while the VA is unmapped",
    "dcache-v5-before-break": "ARMv5: clean+invalidate before the break",
    "fold-break-gone": "folding pages without the break",
    "fold-break-sync-gone": "folding break not cleaned",
    "fold-tlbi-gone": "folding without TLBI",
    "fold-make-sync-gone": "folded entry not cleaned",
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
    # Keep the objects between builds: only src/table.c changes.
    keep_mk = os.path.join(out, "keep.mk")
    with open(keep_mk, "w") as f:
        f.write(".SECONDARY:\n")
    open(log, "w").close()
    suites = ["test_strict", "test_live", "test_engine", "test_property",
              "test_hardening", "test_coverage"]
    rows, bad = [], 0
    orig = {}
    for name, path, subs, equiv in MUTANTS:
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
        killer = ""
        if run(["make", "--no-print-directory", "-f", "Makefile", "-f", keep_mk,
                "host-tests", "O=build",
                # A removed call leaves unused variables: no -Werror here.
                "HOST_CFLAGS=-std=c11 -O2 -g -w"], tree, log) != 0:
            rows.append((name, "BUILD FAILS", ""))
            print("%-36s BUILD FAILS" % name, flush=True)
            bad += 1
            open(p, "w").write(orig[path])
            continue
        else:
            for s in suites:
                exe = os.path.join(tree, "build", "host", s)
                r = subprocess.run([exe], cwd=tree, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=600)
                if r.returncode != 0:
                    failed = re.findall(r"\[  FAILED  \] (test_\w+)", r.stdout.decode(errors="replace"))
                    killer = "%s: %s" % (s, failed[0] if failed else "exit %d" % r.returncode)
                    break
        open(p, "w").write(orig[path])
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
        for (name, status, killer), m in zip(rows, [m for m in MUTANTS if not only or m[0] in only]):
            print("| `%s` | %s | %s |" % (name, DESCR.get(name, ""),
                                          ("`%s`" % killer) if killer else status))
    print()
    print("%d mutants, %d killed, %d equivalent, %d survived or not applied" % (
        len(rows), sum(1 for r in rows if r[1].startswith("killed")),
        sum(1 for r in rows if r[1].startswith("equivalent")), bad))
    return 1 if bad and not keep else 0


if __name__ == "__main__":
    sys.exit(main())
