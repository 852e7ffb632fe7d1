#!/usr/bin/env python3
"""scripts/prof/pcs2src.py ELF PCFILE REC [N]: the per-PC counts of record REC
(itrace's "PC rec pc count" lines) by innermost inlined function and by
source line (addr2line -i), top N each."""
import subprocess, sys, collections
elf, pcfile, rec = sys.argv[1], sys.argv[2], sys.argv[3]
top = int(sys.argv[4]) if len(sys.argv) > 4 else 25
cnt = {}
for l in open(pcfile):
    f = l.split()
    if f[0] == 'PC' and f[1] == rec:
        cnt[int(f[2], 16)] = int(f[3])
pcs = sorted(cnt)
out = subprocess.run(['arm-none-eabi-addr2line', '-e', elf, '-f', '-i', '-s', '-a'] +
                     [hex(p) for p in pcs], capture_output=True, text=True).stdout.split('\n')
info, cur = {}, None
i = 0
while i < len(out):
    l = out[i]
    if l.startswith('0x'):
        cur = int(l, 16); info[cur] = []; i += 1; continue
    if l and cur is not None and i + 1 < len(out):
        info[cur].append((l, out[i + 1].split(' ')[0])); i += 2; continue
    i += 1
byfn, byline, bychain = collections.Counter(), collections.Counter(), collections.Counter()
for p, c in cnt.items():
    ch = info.get(p) or [('?', '?')]
    byfn[ch[0][0]] += c
    byline[ch[0][1] + ' (' + ch[0][0] + ')'] += c
    bychain[' < '.join(x[0] for x in ch)] += c
print('record', rec, 'total', sum(cnt.values()))
print(' by innermost (inlined) function:')
for k, v in byfn.most_common(top): print('  %7d  %s' % (v, k))
print(' by inline chain (innermost < ... < symbol):')
for k, v in bychain.most_common(top): print('  %7d  %s' % (v, k))
print(' by source line:')
for k, v in byline.most_common(top): print('  %7d  %s' % (v, k))
