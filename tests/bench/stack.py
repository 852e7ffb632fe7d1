#!/usr/bin/env python3
"""tests/bench/stack.py OUTDIR CIDIR HEADER... - the stack each public call
of the library uses, from GCC's own figures for the armv7-a -O2 ARM build
(bench.mk compiles it again with -fstack-usage -fcallgraph-info=su into
CIDIR): each function's frame, and the worst path through the call graph
summed over every .ci file. Prints group 8 of make bench and writes
OUTDIR/stack.csv. The public calls are the functions the HEADERs declare.

What the sum cannot see is said beside it: calls through a pointer (the
W^X hook, vmsa_walk's callback), functions outside the library (libgcc,
memset) and recursion; none is counted. Targets are printed, never
asserted.
"""
import glob
import os
import re
import sys

TARGETS = {"vmsa_map": 512, "vmsa_map_regions": 1536}

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
FRAME = re.compile(r'\\n(\d+) bytes \(([^)]*)\)')


def read_graph(cidir):
    """frames[(file, fn)] = (bytes, qualifier); calls[(file, fn)] = names."""
    frames, calls = {}, {}
    for ci in sorted(glob.glob(os.path.join(cidir, "**", "*.ci"),
                               recursive=True)):
        with open(ci) as f:
            text = f.read()
        for name, label in NODE.findall(text):
            m = FRAME.search(label)
            if m:
                frames[(ci, name)] = (int(m.group(1)), m.group(2))
                calls.setdefault((ci, name), [])
        for src, dst in EDGE.findall(text):
            calls.setdefault((ci, src), []).append(dst)
    return frames, calls


def main():
    out, cidir, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    frames, calls = read_graph(cidir)
    by_name = {}
    for key in frames:
        by_name.setdefault(key[1], []).append(key)

    def resolve(ci, name):
        """A callee: the function of that name in the caller's file (a
        static one), else the library's global one, else None."""
        if (ci, name) in frames:
            return (ci, name)
        keys = by_name.get(name, [])
        return keys[0] if len(keys) == 1 else None

    memo = {}

    def worst(key, stack):
        """(bytes, path, unseen) of the deepest chain from key."""
        if key in memo:
            return memo[key]
        own, qual = frames[key]
        unseen = set()
        if qual != "static":
            unseen.add("%s frame %s" % (key[1], qual))
        best, best_path = 0, []
        for callee in calls.get(key, []):
            if callee == "__indirect_call":
                unseen.add("calls through a pointer")
                continue
            ck = resolve(key[0], callee)
            if ck is None:
                unseen.add(callee)
                continue
            if ck in stack:
                unseen.add("recursion at " + callee)
                continue
            b, p, u = worst(ck, stack | {ck})
            unseen |= u
            if b > best:
                best, best_path = b, p
        memo[key] = (own + best, [key[1]] + best_path, unseen)
        return memo[key]

    public = set()
    for h in headers:
        with open(h) as f:
            public |= set(re.findall(r'\b(vmsa_\w+)\s*\(', f.read()))
    rows = []
    for name in sorted(public):
        keys = [k for k in by_name.get(name, [])]
        if len(keys) != 1:
            continue        # a macro or an inline function of the header
        b, path, unseen = worst(keys[0], {keys[0]})
        rows.append((name, frames[keys[0]][0], b, path, unseen))

    print("\n8. Stack use in bytes (armv7-a -O2 ARM; GCC -fstack-usage, "
          "-fcallgraph-info=su):")
    print("   the call's own frame and its worst path through the call "
          "graph; after ';'")
    print("   what the sum cannot see (not counted)")
    print("  %-24s %6s %6s  %-8s %-7s %s" % ("call", "frame", "worst",
                                           "target", "", "worst path"))
    with open(os.path.join(out, "stack.csv"), "w") as csv:
        csv.write("group,call,frame_bytes,worst_bytes,target,verdict,"
                  "worst_path,not_counted\n")
        for name, own, b, path, unseen in sorted(rows, key=lambda r: -r[2]):
            tgt, verdict = "-", "-"
            if name in TARGETS:
                tgt = "<=%d" % TARGETS[name]
                verdict = "met" if b <= TARGETS[name] else "MISSED"
            via = " > ".join(path[1:]) or "-"
            extra = ", ".join(sorted(unseen))
            print("  %-24s %6d %6d  %-8s %-7s %s%s" % (
                name, own, b, tgt, verdict, via,
                "; " + extra if extra else ""))
            csv.write('stack,%s,%d,%d,%s,%s,"%s","%s"\n' % (
                name, own, b, "" if tgt == "-" else tgt,
                "" if verdict == "-" else verdict, " > ".join(path), extra))
    print("  BENCH   wrote %s" % os.path.join(out, "stack.csv"))


if __name__ == "__main__":
    main()
