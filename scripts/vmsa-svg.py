#!/usr/bin/env python3
"""vmsa-svg.py - draw a memory map as SVG from vmsa_dump's lines.

Reads the summary dump that the firmware prints (vmsa_dump; `make run`'s
serial output), that gdb's `vmsa dump` prints, or that the offline check
prints (scripts/vmsa-check --dump, make board-map), from a file or stdin:

    make run | scripts/vmsa-svg.py -o map.svg
    scripts/vmsa-svg.py -o map.svg dump.txt

The line format is documented at the top of src/report/dump.c. When the
text has a line "== vmsa_dump" only the lines after it up to the next
blank line are read (the demo's raw dump and the mmap example's indented
lines are then left out); otherwise every line that parses is a run, and
"---[ name ]---" headers name the regions.

The picture: virtual addresses on the left, physical on the right, low
addresses at the top. Each run is a box coloured by memory type, with one
tick per granule, its size and kind, access and the W, X and U badges;
runs both writable and executable at one level are outlined in red. A
band joins each VA run to its PA range, so aliases (two VA runs of the
same PA) meet on one PA box. Heights grow with log2 of the size, and
unmapped gaps are collapsed to a break mark with their size: a 4GB space
with 4KB pages stays readable.

Python 3 standard library only. Not covered: drawing the raw dump, or
anything that is not a run line (the boot log, policy findings).
"""
import argparse
import math
import re
import sys
from xml.sax.saxutils import escape

RUN = re.compile(
    r"^\s*0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+) -> 0x([0-9a-fA-F]+) "
    r"(?:(\d+x)?(\d+[KMG]) "
    r"(tiny|small|large|section|supersection|page|block) "
    r"(RW|RO|--)/(RW|RO|--) (X|NX|PXN) (SO|DEV-NS|DEV|WT|WBWA|WB|NC|BUF)"
    r"((?: S| nG| NS)*) ([DA]\d+)|(table outside the pool))\s*$")
# (Long descriptors, VMSA_FMT_LPAE: "page" and "block" granules, and the
# MAIR index " A<n>" where the short formats print the domain " D<n>".)
HEADER = re.compile(r"^\s*---\[ (.*) \]---\s*$")
BOARD = re.compile(r"(?:^|vmsa boot: )board ([^\s:,]+)[:,]")
PLAN = re.compile(r"^plan: (\d+) second-level tables?.*?; (\d+) translation "
                  r"entries, (\d+) descriptors")
SPAN = 1 << 32

# Memory type: (fill, stroke, what it is).
TYPES = {
    "WBWA": ("#b9dfb0", "#3f8a34", "Normal, write-back write-allocate"),
    "WB": ("#d7ecb4", "#6f9a2e", "Normal, write-back"),
    "WT": ("#b5e0dc", "#2f8a82", "Normal, write-through"),
    "NC": ("#dcc8e6", "#7c4d99", "Normal, non-cacheable"),
    "BUF": ("#e8cde0", "#94507f", "ARMv5 uncached, buffered"),
    "DEV": ("#fbd3a6", "#c46a10", "Device (shareable)"),
    "DEV-NS": ("#fbe8a6", "#a88410", "Device, non-shareable"),
    "SO": ("#f5b3b3", "#b83232", "Strongly-ordered"),
    "FAULT": ("#e4e4e4", "#777777", "table outside the pool"),
}
SANS = "DejaVu Sans, Verdana, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
UNIT = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

# Geometry (px).
X_NAME = 172          # region bracket
X_VA_ADDR = 266       # right edge of VA address labels
X_VA = 274            # VA box
W_VA = 330
X_PA = X_VA + W_VA + 190
W_PA = 150
X_PA_ADDR = X_PA + W_PA + 8
WIDTH = X_PA_ADDR + 120
GAP_H = 30
TOP = 92


def size_text(n):
    """Bytes as the dump writes sizes (4K, 64K, 1M, 16M, 128M, 1G); where
    the largest unit does not divide them, one decimal and a ~ (~223.9M,
    ~544M)."""
    for unit, s in ((1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")):
        if n >= unit:
            if n % unit == 0:
                return "%d%s" % (n // unit, s)
            t = "%.1f" % (n / unit)
            return "~%s%s" % (t[:-2] if t.endswith(".0") else t, s)
    return "%dB" % n


def parse(text):
    """(runs, title, plan) from dump text. A run is a dict: va, end, pa,
    count, granule, kind, priv, user, x, mt, flags, region."""
    lines = [l.rstrip("\r\n") for l in text.splitlines()]
    if "== vmsa_dump" in lines:
        i = lines.index("== vmsa_dump") + 1
        body = []
        while i < len(lines) and lines[i].strip() and \
                not lines[i].startswith("=="):
            body.append(lines[i])
            i += 1
    else:
        body = lines
    title = plan = None
    for l in lines:
        m = BOARD.search(l)
        if m and title is None:
            title = m.group(1)
        m = PLAN.match(l)
        if m and plan is None:
            plan = tuple(int(g) for g in m.groups())
    runs, region = [], None
    for l in body:
        m = HEADER.match(l)
        if m:
            region = m.group(1)
            continue
        m = RUN.match(l)
        if not m:
            continue
        va, end, pa = (int(m.group(i), 16) for i in (1, 2, 3))
        if m.group(13):
            runs.append(dict(va=va, end=end, pa=pa, count=1,
                             granule=end - va, kind="fault", priv="--",
                             user="--", x="NX", mt="FAULT", flags="",
                             region=region))
            continue
        count = int(m.group(4)[:-1]) if m.group(4) else 1
        g = m.group(5)
        granule = int(g[:-1]) * UNIT[g[-1]]
        runs.append(dict(va=va, end=end, pa=pa, count=count,
                         granule=granule, kind=m.group(6), priv=m.group(7),
                         user=m.group(8), x=m.group(9), mt=m.group(10),
                         flags=m.group(11).strip(), domain=m.group(12),
                         region=region))
    runs.sort(key=lambda r: r["va"])
    return runs, title, plan


def height(size):
    """A box's height: grows with log2 of its size (4KB: 24px)."""
    return round(24 + 7.5 * max(0.0, math.log2(max(size, 1024) / 4096.0)))


def layout(intervals, top, span=SPAN):
    """Rows for sorted, non-overlapping [lo, hi) intervals over 0..4GB
    (and past it for PAs): ('box', lo, hi, y, h) and ('gap', lo, hi, y, h).
    Returns (rows, y after the last)."""
    rows, y, cur = [], top, 0
    for lo, hi in intervals:
        if lo > cur:
            rows.append(("gap", cur, lo, y, GAP_H))
            y += GAP_H
        h = height(hi - lo)
        rows.append(("box", lo, hi, y, h))
        y += h
        cur = hi
    if cur < span:
        rows.append(("gap", cur, span, y, GAP_H))
        y += GAP_H
    return rows, y


def y_of(rows, addr, end=False):
    """The y of an address inside a box row (linear within the box)."""
    for kind, lo, hi, y, h in rows:
        if kind == "box" and (lo <= addr < hi or (end and addr == hi)):
            return y + h * (addr - lo) / (hi - lo)
    return None


class Svg:
    def __init__(self):
        self.out = []

    def add(self, s):
        self.out.append(s)

    def text(self, x, y, s, size=12, anchor="start", weight="normal",
             fill="#222", family=SANS, extra=""):
        self.add('<text x="%.1f" y="%.1f" font-family="%s" font-size="%s" '
                 'text-anchor="%s" font-weight="%s" fill="%s"%s>%s</text>'
                 % (x, y, family, size, anchor, weight, fill, extra,
                    escape(s)))

    def rect(self, x, y, w, h, fill, stroke="none", sw=1, extra=""):
        self.add('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
                 'fill="%s" stroke="%s" stroke-width="%s"%s/>'
                 % (x, y, w, h, fill, stroke, sw, extra))

    def line(self, x1, y1, x2, y2, stroke="#888", sw=1, extra=""):
        self.add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" '
                 'stroke="%s" stroke-width="%s"%s/>'
                 % (x1, y1, x2, y2, stroke, sw, extra))


def gap(svg, x, w, y, h, lo, hi):
    """An unmapped stretch: a torn band with its size, not to scale."""
    mid = y + h / 2
    pts = []
    steps = 12
    for i in range(steps + 1):
        pts.append("%.1f,%.1f" % (x + w * i / steps,
                                  mid - 4 + (8 if i % 2 else 0)))
    svg.add('<polyline points="%s" fill="none" stroke="#b0b0b0" '
            'stroke-width="1.2"/>' % " ".join(pts))
    label = "%s unmapped" % size_text(hi - lo)
    tw = 6.2 * len(label) + 10
    svg.rect(x + (w - tw) / 2, mid - 8, tw, 16, "#ffffff")
    svg.text(x + w / 2, mid + 3.5, label, size=10.5, anchor="middle",
             fill="#777")


def badge(svg, x, y, letter, on, colour):
    if on:
        svg.rect(x, y, 15, 15, colour, extra=' rx="3"')
        svg.text(x + 7.5, y + 11.5, letter, size=10.5, anchor="middle",
                 weight="bold", fill="#fff")
    else:
        svg.rect(x, y, 15, 15, "none", "#c8c8c8", 1, ' rx="3"')
        svg.text(x + 7.5, y + 11.5, letter, size=10.5, anchor="middle",
                 fill="#c8c8c8")


def writable(r, level):
    return (r["priv"] if level == 0 else r["user"]) == "RW"


def run_box(svg, r, y, h):
    fill, stroke, _ = TYPES[r["mt"]]
    wx = (r["priv"] == "RW" and r["x"] == "X") or \
        (r["user"] == "RW" and r["x"] in ("X", "PXN"))
    svg.add('<g><title>%s</title>' % escape(
        "0x%08x-0x%08x -> 0x%08x %s" % (r["va"], r["end"], r["pa"],
                                        describe(r))))
    svg.rect(X_VA, y, W_VA, h, fill, stroke, 1)
    # One tick per granule where they are at least 3px apart.
    if r["count"] > 1 and h / r["count"] >= 3:
        for i in range(1, r["count"]):
            ty = y + h * i / r["count"]
            svg.line(X_VA + 1, ty, X_VA + W_VA - 1, ty, stroke, 0.6,
                     ' stroke-opacity="0.45"')
    if wx:
        svg.rect(X_VA + 1.5, y + 1.5, W_VA - 3, h - 3, "none", "#d01c1c",
                 2.5, ' stroke-dasharray="6 3"')
    size = size_text(r["granule"])
    what = ("%d \u00d7 %s %s" % (r["count"], size, r["kind"])
            if r["count"] > 1 else "%s %s" % (size, r["kind"]))
    if r["kind"] == "fault":
        what = "table outside the pool"
    attrs = "%s/%s  %s  %s%s" % (r["priv"], r["user"], r["x"], r["mt"],
                                 (" " + r["flags"]) if r["flags"] else "")
    if r["kind"] != "fault":
        attrs += "  " + r["domain"]
    halo = (' stroke="%s" stroke-width="4" stroke-linejoin="round" '
            'style="paint-order:stroke"' % fill)
    if h >= 38:
        svg.text(X_VA + 8, y + h / 2 - 2.5, what, size=12, weight="bold",
                 extra=halo)
        svg.text(X_VA + 8, y + h / 2 + 11.5, attrs, size=10.5,
                 family=MONO, fill="#333", extra=halo)
    else:
        svg.text(X_VA + 8, y + h / 2 + 4, what, size=11.5, weight="bold",
                 extra=halo)
        svg.text(X_VA + 8 + 7.2 * len(what) + 10, y + h / 2 + 4, attrs,
                 size=10, family=MONO, fill="#333", extra=halo)
    if r["kind"] != "fault":
        bx, by = X_VA + W_VA - 58, y + h / 2 - 7.5
        badge(svg, bx, by, "W", r["priv"] == "RW", "#2f6db5")
        badge(svg, bx + 18, by, "X" if r["x"] == "X" else "x",
              r["x"] != "NX", "#d01c1c" if r["x"] == "X" else "#e07b1a")
        badge(svg, bx + 36, by, "U", r["user"] != "--", "#7b4fa0")
    svg.add("</g>")


def describe(r):
    if r["kind"] == "fault":
        return "table outside the pool"
    return "%s%s %s %s/%s %s %s%s %s" % (
        "%dx" % r["count"] if r["count"] > 1 else "",
        size_text(r["granule"]), r["kind"], r["priv"], r["user"], r["x"],
        r["mt"], (" " + r["flags"]) if r["flags"] else "", r["domain"])


def merged(intervals):
    out = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [tuple(i) for i in out]


def render(runs, title=None, plan=None):
    """The SVG document (a string) for parsed runs."""
    svg = Svg()
    # VA side: each run its own box; contiguous runs touch.
    va_rows, va_bottom = layout([(r["va"], r["end"]) for r in runs], TOP)
    # PA side: cut at every run's ends, so each PA box is one piece that
    # the same runs map; a box several runs reach is an alias.
    pa_iv = [(r["pa"], r["pa"] + r["end"] - r["va"]) for r in runs]
    cuts = sorted({a for iv in pa_iv for a in iv})
    pieces = []
    for lo, hi in zip(cuts, cuts[1:]):
        users = [i for i, (a, b) in enumerate(pa_iv) if a <= lo and hi <= b]
        if users:
            pieces.append((lo, hi, users))
    span_end = max([SPAN] + [hi for lo, hi, _ in pieces])  # PAs may pass 4GB
    pa_rows, pa_bottom = layout([(lo, hi) for lo, hi, _ in pieces], TOP,
                                span_end)
    bottom = max(va_bottom, pa_bottom)

    # Bands first, under the boxes.
    svg.add('<g id="bands">')
    for i, r in enumerate(runs):
        y0 = [row for row in va_rows if row[0] == "box" and
              row[1] == r["va"]][0]
        ya, yb = y0[3], y0[3] + y0[4]
        pa0, pa1 = pa_iv[i]
        pya, pyb = y_of(pa_rows, pa0), y_of(pa_rows, pa1, end=True)
        if pya is None or pyb is None:
            continue
        x0, x1 = X_VA + W_VA, X_PA
        cx = (x0 + x1) / 2
        fill, stroke, _ = TYPES[r["mt"]]
        svg.add('<path d="M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f '
                'L%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f Z" fill="%s" '
                'fill-opacity="0.55" stroke="%s" stroke-opacity="0.5" '
                'stroke-width="0.8"/>'
                % (x0, ya, cx, ya, cx, pya, x1, pya, x1, pyb, cx, pyb, cx,
                   yb, x0, yb, fill, stroke))
    svg.add("</g>")

    # VA column.
    svg.text(X_VA + W_VA / 2, TOP - 14, "virtual (VA)", size=13,
             anchor="middle", weight="bold", fill="#444")
    by_va = {r["va"]: r for r in runs}
    for kind, lo, hi, y, h in va_rows:
        if kind == "gap":
            gap(svg, X_VA, W_VA, y, h, lo, hi)
            continue
        run_box(svg, by_va[lo], y, h)
    addr_labels(svg, va_rows, X_VA_ADDR, "end")

    # Region brackets: consecutive runs under one header, gaps between
    # them included.
    groups = []
    for r, row in zip(runs, [x for x in va_rows if x[0] == "box"]):
        name = r["region"]
        if groups and groups[-1][0] == name:
            groups[-1][2] = row[3] + row[4]
        else:
            groups.append([name, row[3], row[3] + row[4]])
    for name, ya, yb in groups:
        if name is None:
            continue
        svg.add('<path d="M%.1f,%.1f h-6 V%.1f h6" fill="none" '
                'stroke="#555" stroke-width="1.4"/>'
                % (X_NAME, ya + 2, yb - 2))
        svg.text(X_NAME - 11, (ya + yb) / 2 + 4.5, name, size=13,
                 anchor="end", weight="bold")

    # PA column.
    svg.text(X_PA + W_PA / 2, TOP - 14, "physical (PA)", size=13,
             anchor="middle", weight="bold", fill="#444")
    users = {lo: u for lo, hi, u in pieces}
    for kind, lo, hi, y, h in pa_rows:
        if kind == "gap":
            gap(svg, X_PA, W_PA, y, h, lo, hi)
            continue
        u = users[lo]
        types = sorted({runs[i]["mt"] for i in u})
        fill = TYPES[types[0]][0] if len(types) == 1 else "#eeeeee"
        svg.add("<g><title>PA 0x%x-0x%x (%s), mapped by %s</title>"
                % (lo, hi, size_text(hi - lo),
                   escape(", ".join("VA 0x%08x" % (runs[i]["va"] + lo -
                                                     pa_iv[i][0])
                                    for i in u))))
        svg.rect(X_PA, y, W_PA, h, fill, "#555", 1)
        label = size_text(hi - lo)
        if len(u) > 1:
            label += "  \u00d7%d aliases" % len(u)
        if len(types) > 1:
            svg.rect(X_PA + 1.5, y + 1.5, W_PA - 3, h - 3, "none",
                     "#d01c1c", 2.5, ' stroke-dasharray="6 3"')
            label += "  " + "/".join(types) + "!"
        svg.text(X_PA + W_PA / 2, y + h / 2 + 4, label, size=11,
                 anchor="middle", weight="bold" if len(u) > 1 else "normal")
        svg.add("</g>")
    addr_labels(svg, pa_rows, X_PA_ADDR, "start")

    # Title and legend.
    head = "%s: the memory map" % title if title else "memory map"
    svg.text(20, 30, head, size=19, weight="bold")
    sub = "%d runs of vmsa_dump" % len(runs)
    if plan:
        sub += "; %d second-level table%s, %d translation entries, " \
               "%d descriptors" % (plan[0], "" if plan[0] == 1 else "s",
                                   plan[1], plan[2])
    sub += ". Heights grow with log2(size); unmapped gaps are collapsed."
    svg.text(20, 52, sub, size=12, fill="#555")
    y = bottom + 34
    svg.text(20, y, "memory type", size=12, weight="bold", fill="#444")
    present = [t for t in TYPES if any(r["mt"] == t for r in runs)]
    x = 120
    for t in present:
        fill, stroke, name = TYPES[t]
        svg.rect(x, y - 12, 16, 16, fill, stroke)
        label = "%s %s" % ("" if t == "FAULT" else t, name)
        svg.text(x + 22, y + 1, label.strip(), size=11.5)
        x += 40 + 6.4 * len(label)
        if x > WIDTH - 200:
            x, y = 120, y + 24
    y += 30
    svg.text(20, y, "badges", size=12, weight="bold", fill="#444")
    items = [("W", "#2f6db5", "privileged write"),
             ("X", "#d01c1c", "executable"),
             ("x", "#e07b1a", "executable at PL0 only (PXN)"),
             ("U", "#7b4fa0", "user (PL0) access")]
    x = 120
    for letter, colour, what in items:
        badge(svg, x, y - 12, letter, True, colour)
        svg.text(x + 21, y + 1, what, size=11.5)
        x += 36 + 6.6 * len(what)
    y += 24
    svg.rect(120, y - 12, 26, 16, "none", "#d01c1c", 2.5,
             ' stroke-dasharray="6 3"')
    svg.text(153, y + 1, "writable and executable at one level (W^X), or "
             "one PA mapped with different types", size=11.5)
    y += 24
    svg.line(120, y - 4, 146, y - 4, "#3f8a34", 0.6)
    svg.line(120, y + 1, 146, y + 1, "#3f8a34", 0.6)
    svg.text(153, y + 1, "one line per granule inside a run; bands join "
             "each VA run to its PA range (aliases meet)", size=11.5)
    height_px = y + 22
    # Room on the left for the longest region name (13px bold).
    names = [len(r["region"]) for r in runs if r["region"]]
    dx = max(0, 24 + round(8.2 * max(names + [0])) - (X_NAME - 11))
    width = WIDTH + dx
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="%d" '
            'height="%d" viewBox="0 0 %d %d">\n'
            '<rect width="100%%" height="100%%" fill="#ffffff"/>\n'
            '<g transform="translate(%d,0)">\n'
            % (width, height_px, width, height_px, dx))
    return head + "\n".join(svg.out) + "\n</g>\n</svg>\n"


def addr_labels(svg, rows, x, anchor):
    """An address at each row's top: a box's start (dark), a gap's start,
    the end of the box above it (grey)."""
    for kind, lo, hi, y, h in rows:
        svg.text(x, y + 10, "0x%08x" % lo, size=10.5, anchor=anchor,
                 family=MONO, fill="#333" if kind == "box" else "#999")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Draw vmsa_dump's lines as an SVG memory map.")
    ap.add_argument("input", nargs="?", default="-",
                    help="dump text (default: stdin)")
    ap.add_argument("-o", "--output", default="-",
                    help="SVG file (default: stdout)")
    ap.add_argument("--title", help="the board's name (default: from the "
                    "text's 'board NAME' line)")
    a = ap.parse_args(argv)
    text = sys.stdin.read() if a.input == "-" else open(a.input).read()
    runs, title, plan = parse(text)
    if not runs:
        sys.stderr.write("vmsa-svg: no vmsa_dump line in %s\n"
                         % ("stdin" if a.input == "-" else a.input))
        return 1
    doc = render(runs, a.title or title, plan)
    if a.output == "-":
        sys.stdout.write(doc)
    else:
        with open(a.output, "w") as f:
            f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
