"""vmsa_gdb.py - gdb commands that read a live ARM translation table (short
or long descriptors) from the target and print what the firmware's vmsa_dump
prints (the summary line format is documented at the top of src/report/dump.c).

Load it in gdb-multiarch attached to the target (QEMU's gdbstub or a
probe):

    (gdb) source scripts/vmsa_gdb.py
    (gdb) vmsa dump                    every run of mapped VAs, one a line
    (gdb) vmsa dump board.regions board.n_regions
                                       the same under "---[ name ]---"
                                       headers from a struct vmsa_region
                                       array, as vmsa_dump(t, regions, n)
    (gdb) vmsa svg map.svg board.regions board.n_regions
                                       those lines drawn as an SVG memory
                                       map (scripts/vmsa-svg.py)
    (gdb) vmsa translate 0x10009000    one VA: PA, granule, attributes and
                                       the descriptor words that map it
    (gdb) vmsa info                    the registers read and the format
    (gdb) vmsa format auto|v7|v7-remap|v5     override the format
    (gdb) vmsa pxn auto|on|off                and the PXN decoding

What it reads: CPSR, SCR, SCTLR, TTBCR and TTBR0 through gdb's register
names for QEMU's system registers (the Secure bank, "<name>_S", when the
CPU is in Secure state), MIDR and ID_MMFR0 when the target exposes them.
The format is v5 for a CPU whose MIDR says pre-ARMv7, v7-remap when
SCTLR.TRE is set, v7 otherwise; PXN is decoded when ID_MMFR0 says the CPU
has it (VMSA field >= 4). The L1 table is at TTBR0[31:14]; the tables are
read in QEMU's physical-memory mode (Qqemu.PhyMemMode) when the stub
offers it, else through the current translation (tables must then be
mapped VA == PA).

The decoding is scripts/vmsa-decode.py's (imported, not copied): this file
adds only the target access, the range-limited walk with region headers
that vmsa_dump does, and the commands. Not covered: TTBR1 / TTBCR.N != 0,
Hyp mode tables, TEX remap with PRRR/NMRR other than
Linux's (vmsa.h VMSA_PRRR/VMSA_NMRR: a warning is printed). Long
descriptors (TTBCR.EAE = 1, T0SZ = 0) are read from TTBR0's level 1 table
down and decoded by scripts/vmsa_decode_lpae.py (MAIR0/MAIR1 as vmsa's).
"""
import importlib.util
import os
import struct

import gdb

_HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "vmsa_decode", os.path.join(_HERE, "vmsa-decode.py"))
vd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vd)
_spec = importlib.util.spec_from_file_location(
    "vmsa_decode_lpae", os.path.join(_HERE, "vmsa_decode_lpae.py"))
vl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vl)
_spec = importlib.util.spec_from_file_location(
    "vmsa_svg", os.path.join(_HERE, "vmsa-svg.py"))
vsvg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vsvg)

VMSA_PRRR = 0xff0a81a8
VMSA_NMRR = 0x40e040e0
VMSA_LPAE_MAIR0 = 0xeeaa4400
VMSA_LPAE_MAIR1 = 0xff000004
TTBCR_EAE = 1 << 31
MODE_MON = 0x16
SPAN = 1 << 32

settings = {"format": "auto", "pxn": "auto"}


class VmsaError(Exception):
    pass


# ---- target access ----------------------------------------------------------

def _frame():
    try:
        return gdb.selected_frame()
    except gdb.error:
        raise VmsaError("no target: connect first (target remote ...)")


def read_reg(names):
    """The first of `names` the target has, as an unsigned 32-bit value,
    and its name; (None, None) if it has none of them."""
    frame = _frame()
    for n in names:
        try:
            v = frame.read_register(n)
        except (ValueError, gdb.error):
            continue
        return int(v) & 0xffffffff, n
    return None, None


def secure_state():
    """True when the CPU runs in Secure state: Monitor mode, or SCR.NS = 0
    on a CPU with the Security Extensions (it then has SCR)."""
    cpsr, _ = read_reg(["cpsr"])
    if cpsr is not None and (cpsr & 0x1f) == MODE_MON:
        return True
    scr, _ = read_reg(["SCR_S", "SCR", "SCR_EL3"])
    return scr is not None and (scr & 1) == 0


def banked(names, secure):
    """Register names to try, Secure bank first when in Secure state."""
    out = []
    for n in names:
        if secure:
            out += [n + "_S", n]
        else:
            out += [n, n + "_NS"]
    return out


def registers():
    s = secure_state()
    regs = {"secure": s}
    for key, names in (("sctlr", ["SCTLR"]),
                       ("ttbcr", ["TTBCR"]),
                       ("ttbr0", ["TTBR0_EL1", "TTBR0"]),
                       ("prrr", ["PRRR", "MAIR0"]),
                       ("nmrr", ["NMRR", "MAIR1"])):
        regs[key], regs[key + "_name"] = read_reg(banked(names, s))
    regs["midr"], _ = read_reg(["MIDR", "MIDR_EL1"])
    regs["id_mmfr0"], _ = read_reg(["ID_MMFR0", "ID_MMFR0_EL1"])
    if regs["ttbr0"] is None or regs["sctlr"] is None:
        raise VmsaError("the target exposes no TTBR0/SCTLR registers "
                        "(QEMU's gdbstub does; `info registers system`)")
    return regs


def fmt_name(regs):
    """The decoder's format name: v7, v7-remap, v7-pxn, v7-remap-pxn, v5."""
    f = settings["format"]
    if f == "auto":
        midr = regs["midr"]
        if midr is not None and ((midr >> 16) & 0xf) != 0xf:
            f = "v5"            # MIDR architecture field: pre-CPUID scheme
        elif regs["sctlr"] & (1 << 28):
            f = "v7-remap"      # SCTLR.TRE
        else:
            f = "v7"
    if f == "v5":
        return f
    pxn = settings["pxn"]
    if pxn == "auto":
        mm = regs["id_mmfr0"]
        pxn = "on" if mm is not None and (mm & 0xf) >= 4 else "off"
    return f + ("-pxn" if pxn == "on" else "")


class PhysMode:
    """Read physical memory while inside (QEMU's Qqemu.PhyMemMode)."""

    def __enter__(self):
        self.on = False
        try:
            r = gdb.execute("maint packet Qqemu.PhyMemMode:1",
                            to_string=True)
            self.on = '"OK"' in r
        except gdb.error:
            pass
        return self

    def __exit__(self, *exc):
        if self.on:
            gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)
        gdb.invalidate_cached_frames()
        return False


def read_mem(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def load_tables(regs):
    """Read the L1 table at TTBR0 and every second-level table it points
    at; returns (vmsa-decode Tables, format name, L1 PA)."""
    ttbcr = regs["ttbcr"] or 0
    if ttbcr & TTBCR_EAE:
        return load_lpae(regs)
    if ttbcr & 7:
        raise VmsaError("TTBCR.N = %d: vmsa covers TTBR0 with N = 0 only"
                        % (ttbcr & 7))
    name = fmt_name(regs)
    fmt = vd.Fmt(name)
    l1_pa = regs["ttbr0"] & 0xffffc000
    with PhysMode() as pm:
        l1 = read_mem(l1_pa, 0x4000)
        words = struct.unpack("<4096I", l1)
        l2s, seen = [], set()
        for w in words:
            t = w & 3
            if t == 1 or (fmt.v5 and t == 3):
                fine = t == 3
                pa = w & (0xfffff000 if fine else 0xfffffc00)
                size = 0x1000 if fine else 0x400
                if (pa, size) in seen:
                    continue
                seen.add((pa, size))
                try:
                    l2s.append((pa, read_mem(pa, size)))
                except gdb.MemoryError:
                    pass        # unreadable: skipped as vmsa-decode does
        phys = pm.on
    return vd.Tables(fmt, l1, l2s), name, l1_pa, phys


def load_lpae(regs):
    """Long descriptors (TTBCR.EAE = 1): the level 1 table at TTBR0[39:5]
    (T0SZ 0) and every table below it, read by physical address; returns
    (vmsa_decode_lpae LpaeTables, "lpae", level 1 PA, physical)."""
    if regs["ttbcr"] & 7:
        raise VmsaError("TTBCR.T0SZ = %d: vmsa covers TTBR0 with T0SZ = 0 "
                        "only" % (regs["ttbcr"] & 7))
    l1_pa = regs["ttbr0"] & ~31 & 0xffffffff
    with PhysMode() as pm:
        l1 = read_mem(l1_pa, 32)
        images, todo, seen = [], [], set()

        def want(w):
            if w & 3 == 3 and (w & 0xfffffff000) not in seen:
                seen.add(w & 0xfffffff000)
                todo.append(w & 0xfffffff000)
        for w in struct.unpack("<4Q", l1):
            want(w)
        level2 = set(todo)
        while todo:
            pa = todo.pop(0)
            try:
                data = read_mem(pa, 4096)
            except gdb.MemoryError:
                continue        # unreadable: shown as outside the memory
            images.append((pa, data))
            if pa in level2:    # its table descriptors lead to level 3
                for w in struct.unpack("<512Q", data):
                    want(w)
        phys = pm.on
    return vl.LpaeTables(l1, images), "lpae", l1_pa, phys


# ---- the walk vmsa_dump does -----------------------------------------------

def walk(tables, lo, hi):
    """Runs of mapped VAs in [lo, hi), as vmsa_walk(t, lo, hi - lo):
    granules cut at the range ends, one run per kind, attribute set and
    contiguous PA."""
    run = None
    va = lo
    while va < hi:
        g = tables.lookup(va)
        if g[0] is None:
            if run:
                yield run
                run = None
            va = g[1]
            continue
        kind, base, size, pa, attrs = g
        end = min(base + size, hi)
        pa += va - base
        length = end - va
        if run and run["kind"] == kind and run["attrs"] == attrs and \
                run["va"] + run["size"] == va and \
                run["pa"] + run["size"] == pa:
            run["size"] += length
            run["count"] += 1
        else:
            if run:
                yield run
            run = dict(va=va, size=length, pa=pa, kind=kind, attrs=attrs,
                       count=1)
        va = end
    if run:
        yield run


def read_regions(expr, count_expr):
    """[(name, va, size)] from a struct vmsa_region array in the target."""
    arr = gdb.parse_and_eval(expr)
    n = int(gdb.parse_and_eval(count_expr))
    out = []
    for i in range(n):
        r = arr[i]
        p = r["name"]
        name = p.string() if int(p) != 0 else "(unnamed)"
        out.append((name, int(r["va"]["v"]) & 0xffffffff, int(r["size"])))
    return out


def dump_lines(tables, regions):
    """The lines vmsa_dump(t, regions, n) prints (without newlines)."""
    lpae = isinstance(tables, vl.LpaeTables)
    if not regions and lpae:
        yield from tables.lines()
        return
    if not regions:
        for r in walk(tables, 0, SPAN):
            yield vd.format_run(r)
        return
    cur = 0
    while cur < SPAN:
        hit, nxt = None, SPAN
        for name, lo, size in regions:
            hi = lo + size
            if lo <= cur < hi and hit is None:
                hit = name
            if cur < lo < nxt:
                nxt = lo
            if cur < hi < nxt:
                nxt = hi
        header = hit if hit is not None else "(outside the regions)"
        lines = tables.lines(cur, nxt) if lpae else \
            (vd.format_run(r) for r in walk(tables, cur, nxt))
        for line in lines:
            if header is not None:
                yield "---[ %s ]---" % header
                header = None
            yield line
        cur = nxt


# ---- commands ---------------------------------------------------------------

class Vmsa(gdb.Command):
    """vmsa: ARM translation tables of the target (short or long descriptors).
Subcommands: dump [REGIONS COUNT], svg FILE [REGIONS COUNT], translate VA,
info, format, pxn."""

    def __init__(self):
        super().__init__("vmsa", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class VmsaDump(gdb.Command):
    """vmsa dump [REGIONS COUNT]: the summary of the live tables, one line
per run, as the firmware's vmsa_dump prints it. With a struct vmsa_region
array and its length (e.g. `vmsa dump board.regions board.n_regions`),
under the same ---[ name ]--- headers."""

    def __init__(self):
        super().__init__("vmsa dump", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) not in (0, 2):
            raise gdb.GdbError("usage: vmsa dump [REGIONS COUNT]")
        try:
            regions = read_regions(*argv) if argv else None
            tables = load_tables(registers())[0]
        except VmsaError as e:
            raise gdb.GdbError(str(e))
        for line in dump_lines(tables, regions):
            gdb.write(line + "\n")


class VmsaSvg(gdb.Command):
    """vmsa svg FILE [REGIONS COUNT]: the lines of `vmsa dump [REGIONS
COUNT]` drawn as an SVG memory map into FILE (scripts/vmsa-svg.py)."""

    def __init__(self):
        super().__init__("vmsa svg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) not in (1, 3):
            raise gdb.GdbError("usage: vmsa svg FILE [REGIONS COUNT]")
        try:
            regions = read_regions(*argv[1:]) if len(argv) == 3 else None
            tables = load_tables(registers())[0]
        except VmsaError as e:
            raise gdb.GdbError(str(e))
        runs, _, _ = vsvg.parse("\n".join(dump_lines(tables, regions)))
        if not runs:
            raise gdb.GdbError("vmsa svg: nothing is mapped")
        title = None
        try:
            title = gdb.parse_and_eval("board.name").string()
        except gdb.error:
            pass
        with open(argv[0], "w") as f:
            f.write(vsvg.render(runs, title))
        gdb.write("vmsa svg: %d runs drawn into %s\n" % (len(runs), argv[0]))


class VmsaTranslate(gdb.Command):
    """vmsa translate VA: walk the live tables for one VA (an expression)
and print its PA, granule, attributes and descriptor words, or why it is
not mapped."""

    def __init__(self):
        super().__init__("vmsa translate", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: vmsa translate VA")
        va = int(gdb.parse_and_eval(arg)) & 0xffffffff
        try:
            tables = load_tables(registers())[0]
        except VmsaError as e:
            raise gdb.GdbError(str(e))
        if isinstance(tables, vl.LpaeTables):
            translate_lpae(tables, va)
            return
        l1w = tables.l1[va >> 20]
        words = "L1[0x%03x] 0x%08x" % (va >> 20, l1w)
        t = l1w & 3
        if t == 1 or (tables.fmt.v5 and t == 3):
            fine = t == 3
            base = l1w & (0xfffff000 if fine else 0xfffffc00)
            idx = (va >> 10) & 0x3ff if fine else (va >> 12) & 0xff
            l2w = tables.l2_word(base, idx)
            words += ", L2[0x%03x] %s" % (
                idx, "unread" if l2w is None else "0x%08x" % l2w)
        g = tables.lookup(va)
        if g[0] is None:
            gdb.write("0x%08x: not mapped (%s)\n" % (va, words))
            return
        kind, base, size, pa, attrs = g
        gdb.write("0x%08x -> 0x%08x %s %s (%s)\n"
                  % (va, pa + (va - base), kind, attrs, words))


def translate_lpae(tables, va):
    """vmsa translate on long descriptors: the words of each level."""
    words = ", ".join("L%d[unread]" % lvl if w is None else
                      "L%d[0x%03x] 0x%016x" % (lvl, i, w)
                      for lvl, i, w in tables.walk(va))
    t = tables.translate(va)
    if t is None:
        gdb.write("0x%08x: not mapped (%s)\n" % (va, words))
        return
    pa, kind, text = t
    gdb.write("0x%08x -> 0x%08x %s %s (%s)\n" % (va, pa, kind, text, words))


class VmsaInfo(gdb.Command):
    """vmsa info: the registers read, the format and where the tables are."""

    def __init__(self):
        super().__init__("vmsa info", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        try:
            regs = registers()
            tables, name, l1_pa, phys = load_tables(regs)
        except VmsaError as e:
            raise gdb.GdbError(str(e))
        gdb.write("state %s; SCTLR 0x%08x (%s) TTBCR 0x%08x (%s) "
                  "TTBR0 0x%08x (%s)\n"
                  % ("Secure" if regs["secure"] else "Non-secure",
                     regs["sctlr"], regs["sctlr_name"], regs["ttbcr"] or 0,
                     regs["ttbcr_name"], regs["ttbr0"], regs["ttbr0_name"]))
        if name == "lpae":
            gdb.write("format lpae (TTBCR.EAE = 1); level 1 at PA 0x%08x, "
                      "%d tables below it; memory read %s\n"
                      % (l1_pa, len(tables.images),
                         "physical" if phys else "through the MMU"))
            if (regs["prrr"], regs["nmrr"]) != (VMSA_LPAE_MAIR0,
                                                VMSA_LPAE_MAIR1):
                gdb.write("warning: MAIR0/MAIR1 are 0x%08x/0x%08x, not "
                          "vmsa's 0x%08x/0x%08x: memory types are decoded "
                          "as vmsa's\n" % (regs["prrr"] or 0,
                                           regs["nmrr"] or 0,
                                           VMSA_LPAE_MAIR0, VMSA_LPAE_MAIR1))
            return
        gdb.write("format %s (setting %s, pxn %s); L1 at PA 0x%08x, %d "
                  "second-level tables; memory read %s\n"
                  % (name, settings["format"], settings["pxn"], l1_pa,
                     len(tables.l2s),
                     "physical" if phys else "through the MMU"))
        if "remap" in name and (regs["prrr"], regs["nmrr"]) != \
                (VMSA_PRRR, VMSA_NMRR) and regs["prrr"] is not None:
            gdb.write("warning: PRRR/NMRR are 0x%08x/0x%08x, not Linux's "
                      "0x%08x/0x%08x: memory types are decoded as Linux's\n"
                      % (regs["prrr"], regs["nmrr"], VMSA_PRRR, VMSA_NMRR))


class VmsaSetting(gdb.Command):
    def __init__(self, key, choices):
        self.key, self.choices = key, choices
        self.__doc__ = "vmsa %s %s: decode as this (auto: from the " \
                       "target's registers)." % (key, "|".join(choices))
        super().__init__("vmsa " + key, gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        if not arg:
            gdb.write("vmsa %s: %s\n" % (self.key, settings[self.key]))
            return
        if arg not in self.choices:
            raise gdb.GdbError("vmsa %s: one of %s"
                               % (self.key, ", ".join(self.choices)))
        settings[self.key] = arg


Vmsa()
VmsaDump()
VmsaSvg()
VmsaTranslate()
VmsaInfo()
VmsaSetting("format", ["auto", "v7", "v7-remap", "v5"])
VmsaSetting("pxn", ["auto", "on", "off"])
