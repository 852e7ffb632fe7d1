#!/usr/bin/python3
"""dtb2board.py - write a vmsa board folder (board.c and board.mk, the
shape of boards/virt/) from a flattened devicetree (DTB), read by
scripts/fdt_tree.py.

    scripts/dtb2board.py BOARD.dtb --name NAME [-o DIR] [--qemu ARGS]

Owns: turning the devicetree into board data: the RAM region(s) from the
memory nodes less the reserved memory, Device regions from the `reg` of
every enabled node, the UART, the GIC, the CPU count and PSCI. Does not own: checking the regions
(the build does that: make board-check), ARMv5 or ARMv6 boards (written by
hand, docs/porting.md), or anything a devicetree does not say (the QEMU
command line comes from --qemu).

The rules (docs/porting.md, "A board from its devicetree", says the same):
- RAM: the memory nodes' banks below 4GB, less every reserved-memory
  child with a static `reg` and every /memreserve/ entry (rounded out to
  4KB). `no-map` ranges are left unmapped; other reserved ranges stay
  mapped as RAM in a region of their own, named after the node, so the
  firmware image never lands on them. The largest free piece, from its
  first 1MB boundary, becomes `ram` (RAM_BASE, RAM_SIZE: the image is
  linked at its start; the boot stub maps the image itself); other
  pieces are ram-2, ram-3...
  Normal write-back write-allocate, read-write, execute-never.
- ram-high: the same RAM (at most 256MB) again at VA 0xC0000000, the alias
  the shared QEMU tests read through (--no-ram-high leaves it out).
- Devices: each `reg` entry of a node whose status is "okay"/"ok" or
  absent (and whose parents are too), translated to a CPU address through
  its parents' `ranges` (a parent without `ranges`, such as an I2C or SPI
  bus, or a PCI bus, has no CPU addresses: its children are skipped),
  rounded out to 4KB pages. Pages that overlap are merged into one run
  (regions may not overlap); runs that touch are merged when they come
  from nodes of one name (the banks of one flash, a row of virtio-mmio
  transports) and otherwise kept apart, so that the dumps name them.
  Nothing is mapped that no `reg` covers, to the page. When the runs
  exceed --max-regions, gaps are closed smallest first (touching runs
  first), never a gap of 1MB or more; each bridged gap is named in
  board.c. Entries above 4GB or inside RAM are skipped with a note; page
  0 is never mapped (a run from 0 starts at 4KB), so NULL faults.
- --secure (a firmware that runs in the Secure world): a node's
  `secure-status`, where it has one, decides instead of `status`, and
  /secure-chosen comes before /chosen.
- Names: the node's name without its unit address, cut to 15 characters;
  a run of several nodes is named after its first node ("+N" more);
  repeats get -2, -3.
"""
import argparse
import os
import re
import sys

from fdt_tree import (NAME_MAX, Refused, find, load, ncells, nodes, regs,
                      to_cpu)

PAGE = 0x1000
FOUR_GB = 1 << 32
RAM_HIGH_VA = 0xC0000000
RAM_HIGH_MAX = 0x10000000      # the test windows start at 0xD0000000
BRIDGE_MAX = 0x100000

# ARMv7-A cores: compatible -> (-mcpu, format). PXN comes with LPAE.
CPUS = {
    'arm,cortex-a5': ('cortex-a5', 'VMSA_FMT_V7'),
    'arm,cortex-a7': ('cortex-a7', 'VMSA_FMT_V7|VMSA_FMT_PXN'),
    'arm,cortex-a8': ('cortex-a8', 'VMSA_FMT_V7'),
    'arm,cortex-a9': ('cortex-a9', 'VMSA_FMT_V7'),
    'arm,cortex-a12': ('cortex-a12', 'VMSA_FMT_V7|VMSA_FMT_PXN'),
    'arm,cortex-a15': ('cortex-a15', 'VMSA_FMT_V7|VMSA_FMT_PXN'),
    'arm,cortex-a17': ('cortex-a17', 'VMSA_FMT_V7|VMSA_FMT_PXN'),
}
# UART compatibles -> src/uart/<driver>.c
UARTS = [
    ('pl011', ('arm,pl011',)),
    ('imx', ('fsl,imx21-uart', 'fsl,imx6q-uart', 'fsl,imx6ul-uart',
             'fsl,imx6sx-uart', 'fsl,imx7d-uart', 'fsl,imx51-uart',
             'fsl,imx53-uart')),
    ('cadence', ('cdns,uart-r1p8', 'cdns,uart-r1p12', 'xlnx,xuartps',
                 'xlnx,zynqmp-uart')),
]
# GIC v1/v2 compatibles (reg: distributor, CPU interface, ...).
GICS = ('arm,cortex-a15-gic', 'arm,cortex-a9-gic', 'arm,cortex-a7-gic',
        'arm,gic-400', 'arm,pl390', 'arm,arm11mp-gic', 'arm,arm1176jzf-devchip-gic',
        'arm,eb11mp-gic', 'qcom,msm-qgic2')
PSCI_CPU_ON = 0x84000003


def down(a):
    return a & ~(PAGE - 1)


def up(a):
    return (a + PAGE - 1) & ~(PAGE - 1)


def subtract(pieces, lo, hi):
    out = []
    for a, b in pieces:
        if hi <= a or lo >= b:
            out.append((a, b))
            continue
        if a < lo:
            out.append((a, lo))
        if hi < b:
            out.append((hi, b))
    return out


class Board:
    def __init__(self, root, rsv, name, notes, secure=False):
        self.root, self.rsv, self.name, self.notes = root, rsv, name, notes
        self.secure = secure
        self.names = set()

    def on(self, n):
        """Whether node n is enabled for this firmware: `status`, or with
        --secure its `secure-status` where it has one."""
        if self.secure and 'secure-status' in n.props:
            return n.str('secure-status') in ('okay', 'ok')
        return n.enabled()

    def unique(self, base):
        n, i = base[:NAME_MAX], 2
        while n in self.names:
            sfx = '-%d' % i
            n, i = base[:NAME_MAX - len(sfx)] + sfx, i + 1
        self.names.add(n)
        return n

    # ---- memory ------------------------------------------------------------
    def memory(self):
        banks = []
        for n in nodes(self.root):
            if n.str('device_type') == 'memory' and self.on(n) and n.parent is self.root:
                for a, s in regs(n):
                    if s == 0:
                        continue
                    if a >= FOUR_GB:
                        self.notes.append('%s: bank 0x%x (+0x%x) above 4GB skipped'
                                          % (n.path, a, s))
                        continue
                    end = min(a + s, FOUR_GB)
                    if end < a + s:
                        self.notes.append('%s: bank cut at 4GB' % n.path)
                    banks.append((up(a), down(end)))
        banks = [b for b in banks if b[0] < b[1]]
        if not banks:
            raise Refused('no memory node (device_type = "memory" with a reg '
                          'below 4GB): a board needs RAM; is this the '
                          'bootloader-completed DTB? (QEMU: -M <machine>,dumpdtb=FILE)')
        self.banks = sorted(banks)
        # Reserved ranges: (lo, hi, name, no-map)
        res = []
        for i, (a, s) in enumerate(self.rsv):
            if s:
                res.append((down(a), up(a + s), 'memreserve', False, '/memreserve/ %d' % i))
        rm = find(self.root, '/reserved-memory')
        for c in (rm.children if rm else []):
            if not self.on(c):
                continue
            nomap = 'no-map' in c.props
            rr = regs(c)
            if not rr:
                self.notes.append('%s: no static reg (allocated by the OS): '
                                  'nothing to do' % c.path)
            for a, s in rr:
                res.append((down(a), up(a + s), c.short(), nomap, c.path))
        self.reserved = res
        pieces = list(self.banks)
        for lo, hi, _, _, _ in res:
            pieces = subtract(pieces, lo, hi)
        pieces = sorted(pieces, key=lambda p: (-(p[1] - p[0]), p[0]))
        if not pieces:
            raise Refused('the reserved memory covers all of RAM')
        # RAM_BASE on a 1MB boundary, so that the image's RAM and the
        # ram-high alias (VA 0xC0000000) can use sections: a piece below
        # it becomes a region of its own.
        lo, hi = pieces[0]
        mb = (lo + 0xFFFFF) & ~0xFFFFF
        if lo < mb < hi:
            pieces.append((lo, mb))
            lo = mb
        self.ram = (lo, hi)
        self.ram_more = sorted(pieces[1:])
        if self.ram[1] - self.ram[0] < 0x08000000:
            self.notes.append('ram is 0x%x bytes: the shared QEMU tests need '
                              '128MB' % (self.ram[1] - self.ram[0]))
        kept = []
        for lo, hi, name, nomap, path in res:
            for a, b in self.banks:
                lo2, hi2 = max(lo, a), min(hi, b)
                if lo2 < hi2:
                    kept.append((lo2, hi2, name, nomap, path))
        self.reserved = sorted(kept)

    def in_ram(self, a, b):
        return any(a < hi and lo < b for lo, hi in self.banks)

    # ---- devices -----------------------------------------------------------
    def devices(self, max_runs):
        skip = {'cpus', 'memory', 'reserved-memory', 'chosen', 'secure-chosen', 'aliases'}
        found = []

        def walk(n):
            if not self.on(n):
                if 'reg' in n.props:
                    self.notes.append('%s: status "%s": not mapped' % (n.path, n.str('status')))
                return
            if n.parent is self.root and (n.name.split('@')[0] in skip or
                                          n.str('device_type') == 'memory'):
                return
            if n.parent is not None and 'reg' in n.props:
                for a, s in regs(n):
                    pa = to_cpu(n, a)
                    if pa is None or s == 0:
                        continue
                    lo, hi = down(pa), up(pa + s)
                    if hi > FOUR_GB:
                        self.notes.append('%s: reg 0x%x (+0x%x) past 4GB skipped'
                                          % (n.path, pa, s))
                    elif self.in_ram(lo, hi):
                        self.notes.append('%s: reg 0x%x (+0x%x) inside RAM skipped'
                                          % (n.path, pa, s))
                    else:
                        found.append((lo, hi, n))
            if n.str('device_type') == 'pci':
                return
            for c in n.children:
                walk(c)
        walk(self.root)
        found.sort(key=lambda f: (f[0], f[1]))
        runs = []       # [lo, hi, [nodes], [bridged gaps]]
        for lo, hi, n in found:
            if runs and (lo < runs[-1][1] or (lo == runs[-1][1] and
                                             n.short() == runs[-1][2][-1].short())):
                r = runs[-1]
                r[1] = max(r[1], hi)
                if n not in r[2]:
                    r[2].append(n)
            else:
                runs.append([lo, hi, [n], []])
        while len(runs) > max_runs:
            gaps = [(runs[i + 1][0] - runs[i][1], i) for i in range(len(runs) - 1)]
            g, i = min(gaps)
            if g >= BRIDGE_MAX:
                raise Refused('%d device runs, more than --max-regions %d, and '
                              'no gap under 1MB left to bridge: raise '
                              '--max-regions or trim the DTB' % (len(runs), max_runs))
            a, b = runs[i], runs.pop(i + 1)
            a[3] += [(a[1], b[0])] + b[3]
            a[1], a[2] = b[1], a[2] + [n for n in b[2] if n not in a[2]]
        # Page 0 stays unmapped, so that a NULL pointer faults (the boot
        # stub would cut it out anyway; the board says so itself).
        if runs and runs[0][0] == 0:
            runs[0][0] = PAGE
            if runs[0][1] <= PAGE:
                runs.pop(0)
        self.runs = runs

    # ---- UART, GIC, CPUs ---------------------------------------------------
    def uart(self):
        def driver(n):
            for d, compat in UARTS:
                if n.compatible(compat):
                    return d
            return None
        ch = (self.secure and find(self.root, '/secure-chosen')) or find(self.root, '/chosen')
        sp = ch.str('stdout-path') if ch else None
        if sp:
            p = sp.split(':')[0]
            if not p.startswith('/'):
                al = find(self.root, '/aliases')
                p = al.str(p) if al and al.str(p) else ''
            n = find(self.root, p) if p else None
            if n is not None and driver(n) and self.on(n):
                return n, driver(n), '%s stdout-path "%s"' % (ch.path, sp)
            self.notes.append('%s stdout-path "%s": no UART with a driver '
                              'there; taking the first one' % (ch.path, sp))
        for n in nodes(self.root):
            if self.on(n) and 'reg' in n.props and driver(n):
                return n, driver(n), 'first %s UART' % driver(n)
        raise Refused('no enabled UART that vmsa has a driver for (%s)' %
                      ', '.join('%s: %s' % (d, c[0]) for d, c in UARTS))

    def reg_cpu(self, n, i):
        r = regs(n)
        return to_cpu(n, r[i][0]) if i < len(r) else None

    def gic(self):
        for n in nodes(self.root):
            if self.on(n) and 'interrupt-controller' in n.props and n.compatible(GICS):
                d, c = self.reg_cpu(n, 0), self.reg_cpu(n, 1)
                if d is not None and c is not None:
                    return n, d, c
        for n in nodes(self.root):
            if self.on(n) and 'interrupt-controller' in n.props and \
               any('gic' in c for c in n.strs('compatible')):
                self.notes.append('%s (%s): not a GICv1/v2; the IRQ test skips'
                                  % (n.path, n.str('compatible')))
        return None, 0, 0

    def cpus(self, cpu_override):
        cn = find(self.root, '/cpus')
        cpus = [c for c in (cn.children if cn else [])
                if c.str('device_type') == 'cpu' and self.on(c)]
        if cpu_override:
            key = 'arm,' + cpu_override
            if key not in CPUS:
                raise Refused('--cpu %s: not one of %s' % (cpu_override, ', '.join(
                    k[4:] for k in CPUS)))
        else:
            if not cpus:
                raise Refused('no /cpus/cpu node: pass --cpu (e.g. --cpu cortex-a9)')
            key = next((c for c in cpus[0].strs('compatible') if c in CPUS), None)
            if key is None:
                raise Refused('cpu compatible "%s" is not an ARMv7-A core this '
                              'command knows (%s); ARMv5/ARMv6 boards are written '
                              'by hand (docs/porting.md), or pass --cpu'
                              % (cpus[0].str('compatible'), ', '.join(k[4:] for k in CPUS)))
        self.mcpu, self.fmt = CPUS[key]
        self.ncpus = max(1, len(cpus))
        self.release, self.release_why = 'BOOT_SMP_NONE', 'one CPU'
        if self.ncpus > 1:
            methods = {c.str('enable-method') for c in cpus[1:]}
            psci = next((n for n in nodes(self.root) if n.compatible(
                ('arm,psci', 'arm,psci-0.2', 'arm,psci-1.0')) and self.on(n)), None)
            if methods != {'psci'}:
                self.release_why = ('enable-method %s: boot knows PSCI only; '
                                    'CPU 0 runs alone' % '/'.join(sorted(
                                        m or 'none' for m in methods)))
            elif psci is None or psci.str('method') not in ('hvc', 'smc'):
                self.release_why = 'enable-method psci but no /psci node with a method'
            elif not psci.compatible(('arm,psci-0.2', 'arm,psci-1.0')) and \
                    ncells(psci, 'cpu_on', 0) != PSCI_CPU_ON:
                self.release_why = 'PSCI 0.1 with cpu_on 0x%x, not 0x%x' % (
                    ncells(psci, 'cpu_on', 0), PSCI_CPU_ON)
            else:
                m = psci.str('method')
                self.release = 'BOOT_SMP_PSCI_' + m.upper()
                self.release_why = 'PSCI CPU_ON through %s (%s method)' % (
                    m.upper(), psci.path)
            if self.release == 'BOOT_SMP_NONE':
                self.notes.append(self.release_why)
        if self.ncpus > 4:
            self.notes.append('%d CPUs: the firmware runs at most 4' % self.ncpus)


def hexa(v):
    return '0x%08X' % v


def region(name, va, pa, size, attrs, why):
    return (name, va, pa, size, attrs, why)


def plan(b, ram_high):
    """The region list: (name, va expr, pa expr, size expr, attrs, comment)."""
    out = []
    ram_attrs = 'VMSA_MT_WRITEALLOC | VMSA_RW'
    b.unique('ram')
    out.append(region('ram', 'VMSA_BOARD_RAM_BASE', 'VMSA_BOARD_RAM_BASE',
                      'VMSA_BOARD_RAM_SIZE', ram_attrs,
                      'the largest free piece of RAM: RAM_BASE, RAM_SIZE'))
    lo, hi = b.ram
    taken = [(lo, hi)] + [(a, c) for a, c in b.ram_more] + \
        [(r[0], r[1]) for r in b.reserved if not r[3]] + [(r[0], r[1]) for r in b.runs]
    if ram_high:
        size = min(hi - lo, RAM_HIGH_MAX)
        if any(a < RAM_HIGH_VA + size and RAM_HIGH_VA < c for a, c in taken):
            b.notes.append('VA 0x%08x-0x%08x is taken: no ram-high alias (the '
                           'shared QEMU tests need it)' % (RAM_HIGH_VA, RAM_HIGH_VA + size))
        else:
            b.unique('ram-high')
            out.append(region('ram-high', hexa(RAM_HIGH_VA), 'VMSA_BOARD_RAM_BASE',
                              'VMSA_BOARD_RAM_SIZE' if size == hi - lo else hexa(size),
                              'VMSA_DATA', 'alias of ram read by the shared QEMU tests'))
    for a, c in b.ram_more:
        out.append(region(b.unique('ram-2'), hexa(a), hexa(a), hexa(c - a), ram_attrs,
                          'more free RAM'))
    # Reserved ranges that stay mapped, less the no-map ones and less
    # what an earlier one already maps (reserved ranges may overlap).
    done = [(r[0], r[1]) for r in b.reserved if r[3]]
    for a, c, name, nomap, path in b.reserved:
        if nomap:
            continue
        pieces = [(a, c)]
        for lo2, hi2 in done:
            pieces = subtract(pieces, lo2, hi2)
        done.append((a, c))
        for pa, pc in pieces:
            out.append(region(b.unique(name), hexa(pa), hexa(pa), hexa(pc - pa), ram_attrs,
                              '%s: reserved, mapped (no no-map); the image avoids it' % path))
    for a, c, ns, gaps in b.runs:
        base = ns[0].short()
        if len(ns) > 1 and any(n.short() != base for n in ns):
            sfx = '+%d' % (len(ns) - 1)
            base = base[:NAME_MAX - len(sfx)] + sfx
        why = ', '.join(n.path for n in ns[:3]) + (' and %d more' % (len(ns) - 3) if len(ns) > 3 else '')
        for g in gaps:
            why += '; gap 0x%08x-0x%08x bridged' % g
        out.append(region(b.unique(base), hexa(a), hexa(a), hexa(c - a), 'VMSA_DEVICE', why))
    def value(e):
        return {'VMSA_BOARD_RAM_BASE': lo, 'VMSA_BOARD_RAM_SIZE': hi - lo}.get(e) or int(e, 16)
    for name, va, _, size, _, _ in out:
        v, n = value(va), value(size)
        for wlo, whi, who in ((0xD0000000, 0xD7000000, 'the test mappings'),
                              (0xE0000000, 0xE8100000, 'the SMP stress windows')):
            if v < whi and wlo < v + n and not (who.startswith('the SMP') and b.ncpus == 1):
                b.notes.append('%s at VA 0x%08x-0x%08x overlaps 0x%08x-0x%08x (%s of '
                               'the shared QEMU tests)' % (name, v, v + n, wlo, whi, who))
    return out


def wrap_comment(text, indent):
    words, lines, cur = text.split(), [], ''
    for w in words:
        if cur and len(indent) + len(cur) + 1 + len(w) > 76:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + ' ' + w).strip()
    if cur:
        lines.append(cur)
    return ''.join('%s%s\n' % (indent, l) for l in lines)


def c_comment(text, indent):
    body = wrap_comment(text, indent + '   ').splitlines()
    body[0] = indent + '/* ' + body[0][len(indent) + 3:]
    return '\n'.join(body) + ' */\n'


def make_args(b, out):
    if os.path.normpath(out) == os.path.join('boards', b.name):
        return 'BOARD=%s' % b.name
    return 'BOARD=%s BOARD_DIR=%s' % (b.name, out)


def board_c(b, regions, src, uart, gic, out):
    un, udrv, uwhy = uart
    model = b.root.str('model') or '(no model)'
    head = ('%s/board.c - written by scripts/dtb2board.py from %s (model "%s"): '
            'the memory map as vmsa regions, the %s UART, the GIC and the CPUs. '
            'Review it, then build: make board-check %s. Regenerate rather than '
            'edit, or edit and drop this line.' % (out, src, model, udrv, make_args(b, out)))
    s = '/*\n' + wrap_comment(head, ' * ')
    s += ' *\n' + wrap_comment('Rules: RAM from the memory nodes less reserved-memory '
                               '(no-map left unmapped); every enabled node\'s reg as '
                               'Device, rounded to 4KB, overlapping pages merged, touching '
                               'ones when of one node name (scripts/dtb2board.py).', ' * ')
    if b.notes:
        s += ' *\n * Notes:\n'
        for n in b.notes:
            s += wrap_comment('- ' + n, ' *   ')
    s += ' */\n#include <boot.h>\n\nstatic const struct vmsa_region regions[] = {\n'
    for name, va, pa, size, attrs, why in regions:
        s += c_comment(why, '\t')
        s += ('\t{ .name = "%s", .va = VMSA_VA_C(%s),\n\t  .pa = VMSA_PA_C(%s), '
              '.size = %s,\n\t  .attrs = %s },\n' % (name, va, pa, size, attrs))
    s += '};\n\nconst struct board board = {\n'
    s += '\t.name = "%s",\n\t.regions = regions,\n' % b.name
    s += '\t.n_regions = sizeof regions / sizeof regions[0],\n'
    s += '\t.fmt = VMSA_BOARD_FMT,\n'
    s += '\t.uart_base = %s,%s/* %s: %s */\n' % (hexa(b.reg_cpu(un, 0)), ' ' * 6, un.path, uwhy)
    s += '\t.ram_base = VMSA_BOARD_RAM_BASE,\n\t.ram_size = VMSA_BOARD_RAM_SIZE,\n'
    s += '\t.cpus = %d,%s/* /cpus: %d enabled */\n' % (min(b.ncpus, 4), ' ' * 20, b.ncpus)
    s += '\t.smp_release = %s, /* %s */\n' % (b.release, b.release_why)
    gn, gd, gc = gic
    if gn is not None:
        s += '\t.gic_dist = %s,%s/* %s: distributor */\n' % (hexa(gd), ' ' * 7, gn.path)
        s += '\t.gic_cpu = %s,%s/* CPU interface */\n' % (hexa(gc), ' ' * 8)
    else:
        s += '\t/* No GICv1/v2 in the DTB: .gic_dist and .gic_cpu stay 0. */\n'
    return s + '};\n'


def board_mk(b, src, uart, qemu, out):
    lo, hi = b.ram
    s = '# %s/board.mk - written by scripts/dtb2board.py from %s\n' % (out, src)
    s += '# (%s, %d CPU(s), %s UART). Read by tests/qemu/qemu.mk.\n' % (
        b.mcpu, b.ncpus, uart[1])
    s += 'BOARD_CPUFLAGS := -mcpu=%s -marm -mfloat-abi=soft\n' % b.mcpu
    s += 'BOARD_VARIANT  := armv7-a\n'
    s += 'RAM_BASE       := %s\n' % hexa(lo)
    s += 'RAM_SIZE       := %s\n' % hexa(hi - lo)
    s += 'UART           := %s\n' % uart[1]
    s += 'VMSA_FMT       := %s\n' % b.fmt
    s += 'QEMU_CONFIGS   := default\n'
    if qemu:
        s += 'QEMU_ARGS_default := %s\n' % qemu
    else:
        s += ('# The DTB does not say how QEMU runs this board: fill in its machine\n'
              '# arguments (-M, -cpu, -m, -smp) if QEMU models it; make stops until then.\n'
              'QEMU_ARGS_default :=\n')
    return s


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Write a vmsa board folder (board.c, board.mk) from a DTB.')
    ap.add_argument('dtb', help='the flattened devicetree (QEMU: -M <machine>,dumpdtb=FILE)')
    ap.add_argument('--name', required=True, help='board name (boards/NAME)')
    ap.add_argument('-o', '--out', help='folder to write (default boards/NAME)')
    ap.add_argument('--qemu', help='QEMU machine arguments of the one configuration')
    ap.add_argument('--cpu', help='core, when the DTB has none or another (cortex-a9...)')
    ap.add_argument('--max-regions', type=int, default=24,
                    help='most device regions before small gaps are bridged (24)')
    ap.add_argument('--secure', action='store_true',
                    help='firmware runs in the Secure world: honour secure-status '
                    'and /secure-chosen')
    ap.add_argument('--no-ram-high', action='store_true',
                    help='leave out the ram-high alias at 0xC0000000')
    ap.add_argument('--force', action='store_true', help='overwrite an existing board.c')
    a = ap.parse_args(argv)
    if not re.fullmatch(r'[a-z0-9][a-z0-9_.-]*', a.name):
        ap.error('--name %s: lower-case letters, digits, "-", "_" and "." only' % a.name)
    out = a.out or os.path.join('boards', a.name)
    try:
        if os.path.exists(os.path.join(out, 'board.c')) and not a.force:
            raise Refused('%s/board.c exists: pass --force to overwrite it' % out)
        root, rsv = load(a.dtb)
        notes = []
        b = Board(root, rsv, a.name, notes, a.secure)
        b.cpus(a.cpu)
        b.memory()
        b.devices(a.max_regions)
        uart = b.uart()
        gic = b.gic()
        regions = plan(b, not a.no_ram_high)
    except Refused as e:
        print('dtb2board: %s: %s' % (a.dtb, e), file=sys.stderr)
        return 1
    src = os.path.basename(a.dtb)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'board.c'), 'w') as f:
        f.write(board_c(b, regions, src, uart, gic, out))
    with open(os.path.join(out, 'board.mk'), 'w') as f:
        f.write(board_mk(b, src, uart, a.qemu, out))
    print('dtb2board: wrote %s/board.c (%d regions) and %s/board.mk; review them, then: '
          'make board-check %s' % (out, len(regions), out, make_args(b, out)))
    for n in notes:
        print('dtb2board: note: %s' % n)
    if not a.qemu:
        print('dtb2board: set QEMU_ARGS_default in %s/board.mk (or pass --qemu)' % out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
