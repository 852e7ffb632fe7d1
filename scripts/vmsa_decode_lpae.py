"""vmsa_decode_lpae.py - the long-descriptor (LPAE) half of
scripts/vmsa-decode.py: read a 4-entry level 1 table and the memory holding
the level 2 and 3 tables, and print the summary lines vmsa's long-descriptor
dump prints (src/report/dump_lpae.c), and vmsa_dump of an engine table of
VMSA_FMT_LPAE over a range (LpaeTables.lines(lo, hi)); the gdb commands
(scripts/vmsa_gdb.py) walk the live tables with it:

  0x<VA>-0x<VA end> -> 0x<PA> [<n>x]<1G|2M|4K> <block|page> <priv>/<user>
  <X|NX|PXN> <memtype>[ S][ nG][ NS] A<AttrIndx>

Written from the ARM ARM (DDI 0406C B3.6.1 descriptors, B3.6.2 attributes,
B3.7.1 AP[2:1]), with vmsa's names and its MAIR0/MAIR1 (0xeeaa4400,
0xff000004): AttrIndx 0 SO, 1 BUF (Normal NC), 2 WT, 3 WB, 4 DEV, 7 WBWA;
5 and 6 are not vmsa's. A leaf vmsa would not write (access flag clear,
AttrIndx 5 or 6, SH 01 or Outer Shareable Normal memory, the contiguous
hint, non-zero bits in 51:40 or below a block's address, 0b01 at level 3)
is printed as "-> word 0x<16 hex> (no vmsa attributes)"; a table outside
every --l2 image as "-> 0x<PA> table outside the caller's memory". hyp:
the Hyp regime's tables (AP[1] should be one: no user access; nG, PXN, NS
never set).
"""
import struct

SIZES = {1: 1 << 30, 2: 1 << 21, 3: 1 << 12}
GRAN = {1: "1G", 2: "2M", 3: "4K"}
# Output address bits of a leaf at each level (39:30, 39:21, 39:12).
OA = {1: 0xffc0000000, 2: 0xffffe00000, 3: 0xfffffff000}
MT = {0: "SO", 1: "BUF", 2: "WT", 3: "WB", 4: "DEV", 7: "WBWA"}
DEVICE = ("SO", "DEV")


class NoAttrs(Exception):
    pass


def leaf_text(level, w, hyp):
    """'<priv>/<user> <X|NX|PXN> <mt>[ S][ nG][ NS] A<idx>' of a block or
    page, or NoAttrs."""
    idx = (w >> 2) & 7
    ns, ap1, ap2 = (w >> 5) & 1, (w >> 6) & 1, (w >> 7) & 1
    sh, af, ng = (w >> 8) & 3, (w >> 10) & 1, (w >> 11) & 1
    cont, pxn, xn = (w >> 52) & 1, (w >> 53) & 1, (w >> 54) & 1
    below = (1 << 40) - 1 - OA[level] - 0xfff  # SBZ bits of the address
    if idx not in MT or not af or cont or sh == 1:
        raise NoAttrs()
    if w & ((0xfff << 40) | below):
        raise NoAttrs()
    mt = MT[idx]
    if mt not in DEVICE and sh == 2:
        raise NoAttrs()
    if hyp:
        if not ap1 or ng or pxn or ns:
            raise NoAttrs()
        ap1 = 0
    priv = "RO" if ap2 else "RW"
    user = priv if ap1 else "--"
    x = "NX" if xn else "PXN" if pxn else "X"
    out = ["%s/%s" % (priv, user), x, mt]
    if sh == 3 and mt not in DEVICE:
        out.append("S")
    if ng:
        out.append("nG")
    if ns:
        out.append("NS")
    out.append("A%d" % idx)
    return " ".join(out)


class LpaeTables:
    def __init__(self, l1, images, hyp=False):
        self.l1 = struct.unpack("<4Q", l1[:32])
        self.images = images    # list of (base PA, bytes)
        self.hyp = hyp

    def table(self, pa):
        for base, data in self.images:
            if base <= pa and pa + 4096 <= base + len(data):
                return struct.unpack_from("<512Q", data, pa - base)
        return None

    def entries(self, t, level, va):
        """(level, va, word) of every leaf and odd entry, in VA order."""
        for i, w in enumerate(t):
            v = va + i * SIZES[level]
            if not w & 1:
                yield level, v, None            # fault: ends a run
            elif w & 3 == 3 and level < 3:
                sub = self.table(w & 0xfffffff000)
                if sub is None:
                    yield level, v, ("table", w & 0xfffffff000)
                else:
                    yield from self.entries(sub, level + 1, v)
            elif w & 3 == 1 and level == 3:
                yield level, v, ("word", w)     # reserved
            else:
                yield level, v, w

    def walk(self, va):
        """[(level, index, word)] read on the way to va's leaf, the last
        the word that maps it (or stopped the walk); None for a table
        outside every image."""
        out, t = [], self.l1
        for level in (1, 2, 3):
            i = (va >> {1: 30, 2: 21, 3: 12}[level]) & (3 if level == 1 else 511)
            w = t[i]
            out.append((level, i, w))
            if not w & 1 or w & 3 == 1 or level == 3:
                return out
            t = self.table(w & 0xfffffff000)
            if t is None:
                out.append((level + 1, None, None))
                return out
        return out

    def translate(self, va):
        """(pa, 'page'|'block', text) of va, or None (not mapped, or a
        word without vmsa attributes)."""
        level, _, w = self.walk(va)[-1]
        if w is None or not w & 1 or (level == 3 and w & 3 != 3):
            return None
        try:
            text = leaf_text(level, w, self.hyp)
        except NoAttrs:
            return None
        off = va & (SIZES[level] - 1)
        return (w & OA[level]) + off, "page" if level == 3 else "block", text

    def lines(self, lo=0, hi=1 << 32):
        """The dump's lines of [lo, hi), as vmsa_walk gives vmsa_dump the
        runs of one range: granules cut at its ends."""
        run = None
        for level, va, w in self.entries(self.l1, 1, 0):
            gsize = SIZES[level]
            if va >= hi:
                break
            if va + gsize <= lo:
                continue
            cut = max(va, lo)
            off = cut - va
            size = min(va + gsize, hi) - cut
            va = cut
            text = None
            if isinstance(w, int):
                try:
                    # PXN under NX prints as NX: keep it apart in the key.
                    text = leaf_text(level, w, self.hyp)
                    key = (text, (w >> 53) & 1)
                except NoAttrs:
                    w = ("word", w)
            if text is not None:
                pa = (w & OA[level]) + off
                if run and run["level"] == level and run["key"] == key \
                        and run["va"] + run["size"] == va \
                        and run["pa"] + run["size"] == pa:
                    run["size"] += size
                    run["count"] += 1
                    continue
                if run:
                    yield fmt_run(run)
                run = dict(level=level, va=va, pa=pa, size=size, count=1,
                           text=text, key=key)
                continue
            if run:
                yield fmt_run(run)
                run = None
            if w is None:
                continue
            if w[0] == "word":
                yield "0x%08x-0x%08x -> word 0x%016x (no vmsa attributes)" % (
                    va, va + size, w[1])
            else:
                yield "0x%08x-0x%08x -> 0x%08x table outside the caller's " \
                      "memory" % (va, va + size, w[1])
        if run:
            yield fmt_run(run)


def fmt_run(r):
    gran = GRAN[r["level"]]
    size = "%dx%s" % (r["count"], gran) if r["count"] > 1 else gran
    return "0x%08x-0x%08x -> 0x%08x %s %s %s" % (
        r["va"], r["va"] + r["size"], r["pa"], size,
        "page" if r["level"] == 3 else "block", r["text"])
