#!/usr/bin/env python3
"""vmsa-decode.py - decode a raw ARM translation table image on the host
into the summary lines vmsa_dump prints (see vmsa_format_run in
src/report/dump.c for the line format; long descriptors: --fmt lpae):

  0x<VA start>-0x<VA end, exclusive> -> 0x<PA> <[n]x><granule> <kind>
  <priv>/<user> <X|NX|PXN> <memtype>[ S][ nG][ NS] D<domain>

Input: the 16KB L1 table and the memory holding its second-level tables,
as raw little-endian bytes (QEMU `pmemsave`, gdb `dump memory`, or the
test firmware's semihosting files), with their physical base addresses.

  scripts/vmsa-decode.py --fmt v7 --l1 l1.bin --l2 pool.bin \\
      --l2-base 0x6001c000

  scripts/vmsa-decode.py --fmt lpae --l1 lpae-l1.bin --l2 tables.bin \\
      --l2-base 0x80101000

Formats: v7 (ARMv7 short descriptors, TEX/C/B direct, ARM ARM DDI 0406C
B3.5.1 and table B3-10), v7-remap (SCTLR.TRE=1 with Linux's PRRR/NMRR,
B3.8.3), v7-pxn / v7-remap-pxn (CPUs with PXN: L1 type 0b11 is a section
with PXN), v5 (ARM926EJ-S: coarse and fine tables, tiny pages; DDI 0100I
B4.3), lpae and lpae-hyp (long descriptors, PL1 and Hyp regimes: the
4-entry level 1 table in --l1, the level 2 and 3 tables in the --l2
images; scripts/vmsa_decode_lpae.py, whose lines src/report/dump_lpae.c
prints).

Written from the ARM ARM, not from src/fmt/*.c: it is an independent second
reading of the same tables, with vmsa's names for what it finds (the
canonical attributes of vmsa.h). An L1 entry pointing at a second-level
table outside every --l2 image is skipped, as vmsa_walk skips tables it
does not own. Not covered: TTBR1/TTBCR.N, subpage AP differences
(subpage 0's AP is reported, as vmsa writes all four alike).
"""
import argparse
import struct
import sys

KIND_SIZE = {"tiny": 0x400, "small": 0x1000, "large": 0x10000,
             "section": 0x100000, "supersection": 0x1000000}
SIZE_NAME = {0x400: "1K", 0x1000: "4K", 0x10000: "64K", 0x100000: "1M",
             0x1000000: "16M"}

# Memory type names as vmsa_mt_name prints them.
SO, DEV, DEV_NS, WT, WB, WBWA, NC, BUF = ("SO", "DEV", "DEV-NS", "WT", "WB",
                                          "WBWA", "NC", "BUF")
DEVICE_TYPES = (SO, DEV, DEV_NS)


class Unsupported(Exception):
    """A descriptor vmsa would not decode (reserved encodings)."""


class Fmt:
    def __init__(self, name):
        self.v5 = name == "v5"
        self.remap = "remap" in name
        self.pxn = "pxn" in name


def mem_type(fmt, tex, c, b, s):
    if fmt.v5:
        return (SO, BUF, WT, WB)[c << 1 | b]
    if fmt.remap:
        # B3.8.3: TEX[0]:C:B index PRRR/NMRR; with Linux's values
        # (vmsa.h): 0 SO, 1 Normal NC, 2 WT, 3 WB, 4 Device (S selects
        # shareable with PRRR.DS1=1), 7 WBWA, 5/6 SO.
        idx = (tex & 1) << 2 | c << 1 | b
        if idx == 4:
            return DEV if s else DEV_NS
        return {1: BUF, 2: WT, 3: WB, 7: WBWA}.get(idx, SO)
    # Table B3-10, the encodings vmsa uses; the rest it calls reserved.
    v = tex << 2 | c << 1 | b
    t = {0x0: SO, 0x1: DEV, 0x2: WT, 0x3: WB, 0x4: NC, 0x7: WBWA,
         0x8: DEV_NS}.get(v)
    if t is None:
        raise Unsupported("TEX/C/B 0x%x" % v)
    return t


def access(fmt, ap):
    """AP[2]:AP[1:0] (ARMv7, B3.7.1 table B3-8 with AFE=0) or AP[1:0]
    (ARMv5 with S=R=0): (privileged, user)."""
    table = {1: ("RW", "--"), 2: ("RW", "RO"), 3: ("RW", "RW"),
             5: ("RO", "--"), 6: ("RO", "RO"), 7: ("RO", "RO")}
    if fmt.v5 and ap > 3:
        raise Unsupported("AP")
    if ap not in table:
        raise Unsupported("AP %d" % ap)  # no access at all: vmsa never
    return table[ap]                      # encodes it


def attrs(fmt, tex, c, b, ap, s, ng, xn, pxn, ns, domain):
    mt = mem_type(fmt, tex, c, b, s)
    priv, user = access(fmt, ap)
    if xn:
        x = "NX"
    elif pxn:
        x = "PXN"
    else:
        x = "X"
    a = [priv + "/" + user, x, mt]
    if s and mt not in DEVICE_TYPES:
        a.append("S")
    if ng:
        a.append("nG")
    if ns:
        a.append("NS")
    a.append("D%d" % domain)
    return " ".join(a)


def bit(w, n):
    return (w >> n) & 1


class Tables:
    def __init__(self, fmt, l1, l2s):
        self.fmt = fmt
        self.l1 = struct.unpack("<4096I", l1[:0x4000])
        self.l2s = l2s  # list of (base, bytes)
        self.missing = {}  # table PA outside every --l2 image -> first VA

    def l2_word(self, table_pa, index):
        addr = table_pa + 4 * index
        for base, data in self.l2s:
            if base <= addr and addr + 4 <= base + len(data):
                return struct.unpack_from("<I", data, addr - base)[0]
        return None

    def owns(self, table_pa, size):
        return any(base <= table_pa and table_pa + size <= base + len(data)
                   for base, data in self.l2s)

    def lookup(self, va):
        """The granule holding va: (kind, base va, size, pa of base,
        attribute text) or (None, skip-to va)."""
        f = self.fmt
        w = self.l1[va >> 20]
        sect_base = va & ~0xfffff
        t = w & 3
        try:
            if f.v5:
                return self._lookup_v5(va, w, t, sect_base)
            if t == 0:
                return None, sect_base + 0x100000
            if t == 1:
                return self._lookup_l2(va, w & 0xfffffc00, False, bit(w, 2),
                                       bit(w, 3), (w >> 5) & 15, sect_base)
            if t == 3 and not f.pxn:
                return None, sect_base + 0x100000  # reserved without PXN
            pxn = t == 3 and bit(w, 0)
            tex, c, b = (w >> 12) & 7, bit(w, 3), bit(w, 2)
            ap = bit(w, 15) << 2 | (w >> 10) & 3
            if bit(w, 18):  # supersection, domain 0 (B3.5.1)
                base = va & ~0xffffff
                pa = (w & 0xff000000) | ((w >> 20) & 15) << 32 | \
                     ((w >> 5) & 15) << 36
                return ("supersection", base, 0x1000000, pa,
                        attrs(f, tex, c, b, ap, bit(w, 16), bit(w, 17),
                              bit(w, 4), pxn, bit(w, 19), 0))
            return ("section", sect_base, 0x100000, w & 0xfff00000,
                    attrs(f, tex, c, b, ap, bit(w, 16), bit(w, 17),
                          bit(w, 4), pxn, bit(w, 19), (w >> 5) & 15))
        except Unsupported:
            return None, sect_base + 0x100000

    def _lookup_l2(self, va, table_pa, fine, tpxn, tns, domain, sect_base):
        f = self.fmt
        if not self.owns(table_pa, 0x1000 if fine else 0x400):
            self.missing.setdefault(table_pa, sect_base)
            return None, sect_base + 0x100000
        if fine:
            idx, step = (va >> 10) & 0x3ff, 0x400
        else:
            idx, step = (va >> 12) & 0xff, 0x1000
        w = self.l2_word(table_pa, idx)
        page_base = va & ~(step - 1)
        t = w & 3
        try:
            if f.v5:
                if t == 0 or (t == 3 and not fine):
                    return None, page_base + step
                ap = (w >> 4) & 3
                a = attrs(f, 0, bit(w, 3), bit(w, 2), ap, 0, 0, 0, 0, 0,
                          domain)
                if t == 1:
                    return ("large", va & ~0xffff, 0x10000,
                            w & 0xffff0000, a)
                if t == 2:
                    return ("small", va & ~0xfff, 0x1000, w & 0xfffff000, a)
                return ("tiny", va & ~0x3ff, 0x400, w & 0xfffffc00, a)
            if t == 0:
                return None, page_base + step
            ap = bit(w, 9) << 2 | (w >> 4) & 3
            if t == 1:  # large page
                return ("large", va & ~0xffff, 0x10000, w & 0xffff0000,
                        attrs(f, (w >> 12) & 7, bit(w, 3), bit(w, 2), ap,
                              bit(w, 10), bit(w, 11), bit(w, 15), tpxn,
                              tns, domain))
            return ("small", va & ~0xfff, 0x1000, w & 0xfffff000,
                    attrs(f, (w >> 6) & 7, bit(w, 3), bit(w, 2), ap,
                          bit(w, 10), bit(w, 11), bit(w, 0), tpxn, tns,
                          domain))
        except Unsupported:
            return None, page_base + step

    def _lookup_v5(self, va, w, t, sect_base):
        f = self.fmt
        if t == 0:
            return None, sect_base + 0x100000
        if t == 1:
            return self._lookup_l2(va, w & 0xfffffc00, False, 0, 0,
                                   (w >> 5) & 15, sect_base)
        if t == 3:
            return self._lookup_l2(va, w & 0xfffff000, True, 0, 0,
                                   (w >> 5) & 15, sect_base)
        return ("section", sect_base, 0x100000, w & 0xfff00000,
                attrs(f, 0, bit(w, 3), bit(w, 2), (w >> 10) & 3, 0, 0, 0, 0,
                      0, (w >> 5) & 15))

    def runs(self):
        """Maximal runs: consecutive granules of one kind, one attribute
        set, contiguous in VA and PA (vmsa.h, struct vmsa_run)."""
        run = None
        va = 0
        while va < 1 << 32:
            g = self.lookup(va)
            if g[0] is None:
                if run:
                    yield run
                    run = None
                va = g[1]
                continue
            kind, base, size, pa, a = g
            pa += va - base
            length = base + size - va
            if run and run["kind"] == kind and run["attrs"] == a and \
                    run["va"] + run["size"] == va and \
                    run["pa"] + run["size"] == pa:
                run["size"] += length
                run["count"] += 1
            else:
                if run:
                    yield run
                run = dict(va=va, size=length, pa=pa, kind=kind, attrs=a,
                           count=1)
            va = base + size
        if run:
            yield run


def format_run(r):
    gran = SIZE_NAME[KIND_SIZE[r["kind"]]]
    size = ("%dx%s" % (r["count"], gran)) if r["count"] > 1 else gran
    return "0x%08x-0x%08x -> 0x%08x %s %s %s" % (
        r["va"], r["va"] + r["size"], r["pa"], size,
        r["kind"], r["attrs"])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--fmt", required=True,
                   choices=["v7", "v7-remap", "v7-pxn", "v7-remap-pxn", "v5",
                            "lpae", "lpae-hyp"])
    p.add_argument("--l1", required=True,
                   help="raw L1 table (16KB; long descriptors: 32 bytes)")
    p.add_argument("--l2", action="append", default=[],
                   help="raw memory holding second-level tables "
                        "(repeatable)")
    p.add_argument("--l2-base", action="append", default=[],
                   type=lambda s: int(s, 0),
                   help="physical address of each --l2 image, in order")
    a = p.parse_args(argv)
    if len(a.l2) != len(a.l2_base):
        p.error("give one --l2-base per --l2")
    with open(a.l1, "rb") as fh:
        l1 = fh.read()
    if a.fmt.startswith("lpae"):
        return main_lpae(a, p, l1)
    if len(l1) < 0x4000:
        p.error("%s: %d bytes, an L1 table is 16384" % (a.l1, len(l1)))
    l2s = []
    for path, base in zip(a.l2, a.l2_base):
        with open(path, "rb") as fh:
            l2s.append((base, fh.read()))
    t = Tables(Fmt(a.fmt), l1, l2s)
    for r in t.runs():
        print(format_run(r))
    if t.missing:
        warn_missing(t, l2s)
    return 0


def main_lpae(a, p, l1):
    import vmsa_decode_lpae
    if len(l1) < 32:
        p.error("%s: %d bytes, a level 1 table is 32" % (a.l1, len(l1)))
    images = []
    for path, base in zip(a.l2, a.l2_base):
        with open(path, "rb") as fh:
            images.append((base, fh.read()))
    t = vmsa_decode_lpae.LpaeTables(l1, images, a.fmt == "lpae-hyp")
    for line in t.lines():
        print(line)
    return 0


def warn_missing(t, l2s):
    """Tables the L1 points to outside every --l2 image were skipped: say
    so on stderr (a wrong --l2-base looks exactly like this), with the
    range of table addresses the L1 table asks for."""
    pas = sorted(t.missing)
    have = ", ".join("0x%08x-0x%08x" % (b, b + len(d)) for b, d in l2s) or "none"
    sys.stderr.write(
        "vmsa-decode: warning: %d second-level table(s) outside every --l2 "
        "image were skipped (their MBs are not shown): the L1 table points "
        "to tables at 0x%08x-0x%08x (first at VA 0x%08x); --l2 images: %s. "
        "Is --l2-base right? It is the physical address of the pool "
        "(vmsa_init's pool_pa).\n" % (
            len(pas), pas[0], pas[-1] + 0x400, t.missing[pas[0]], have))


if __name__ == "__main__":
    sys.exit(main())
