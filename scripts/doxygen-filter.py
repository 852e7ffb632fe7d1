#!/usr/bin/env python3
"""doxygen-filter.py FILE - Doxygen INPUT_FILTER for vmsa's headers, which
are commented in plain C style: prints FILE with its comments turned into
Doxygen comments, so the reference (make docs) carries the header text
without the headers changing style.

  - the first comment of the file becomes the \\file description;
  - a comment alone before a declaration becomes /** ... */;
  - a comment after code on the same line becomes /**< ... */ (members);
  - section banners (/* ---- ... ---- */) stay plain comments;
  - text inside converted comments is wrapped in \\verbatim when it holds
    tables or code (lines indented by two or more spaces after " *"), so
    Doxygen neither reflows nor parses them.
Used only by docs/Doxyfile. Warnings may point a line or two off where
\\verbatim markers were added.
"""
import re
import sys


def main(path):
    src = open(path, encoding="utf-8").read()
    out, first = [], True
    i = 0
    pat = re.compile(r"/\*(?!\*)(.*?)\*/", re.S)
    while True:
        m = pat.search(src, i)
        if not m:
            out.append(src[i:])
            break
        out.append(src[i:m.start()])
        body = m.group(1)
        line_start = src.rfind("\n", 0, m.start()) + 1
        before = src[line_start:m.start()]
        banner = body.lstrip(" \n*").startswith("---")
        if banner:
            out.append(m.group(0))
        elif first:
            out.append("/** \\file" + body + "*/")
        elif before.strip():
            out.append("/**<" + body + "*/")
        else:
            out.append("/**" + verbatim(body) + "*/")
        first = False
        i = m.end()
    sys.stdout.write("".join(out))


def verbatim(body):
    """Wrap runs of indented lines (tables, examples) in \\verbatim."""
    lines = body.split("\n")
    res, inside = [], False
    for ln in lines:
        pre = re.match(r"^(\s*\*)(.*)$", ln)
        text = pre.group(2) if pre else ln
        indented = bool(pre) and text.startswith("  ") and text.strip()
        if indented and not inside:
            res.append(" * \\verbatim")
            inside = True
        elif inside and not indented and text.strip():
            res.append(" * \\endverbatim")
            inside = False
        res.append(ln)
    if inside:
        res.append(" * \\endverbatim")
    return "\n".join(res)


if __name__ == "__main__":
    main(sys.argv[1])
