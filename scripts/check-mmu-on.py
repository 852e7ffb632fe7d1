#!/usr/bin/env python3
"""check-mmu-on.py ELF - the order of the MMU enable sequence, read from the
machine code of a linked firmware (QEMU starts with an empty TLB and models
no cache, so no boot shows a missing step).

Every path through vmsa_arch_mmu_enable (following branches and calls into
the callees it reaches: mmu_program, vmsa_arch_sync_table, ...) must run:

  the registers    TTBCR, TTBR0, DACR (ARMv7; ARMv5: TTB, DACR), and
                   PRRR with NMRR where the path writes them (TEX remap)
  the clean        of the tables: DCCMVAU/DCCMVAC (ARMv7), the MVA clean
                   c7,c10,1 (ARMv5); on at least one path (its loop may be
                   skipped on a path the code never takes at run time)
  DSB              completes the clean (ARMv5: drain write buffer c7,c10,4)
  TLBIALL          c8,c7,0 (or TLBIALLIS): nothing from reset or an earlier
                   table may survive
  DSB, ISB         complete it and make the new registers visible (ARMv5:
                   drain; ARMv5 has no ISB: the ARM926EJ-S TRM 3.4 asks for
                   the code after the enable to be flat mapped instead)
  SCTLR write      c1,c0,0, then at once ISB (ARMv7)

in that order: a register written after the clean, a clean after the
TLBIALL, a TLBIALL before the DSB of the clean, the SCTLR written before
the TLBIALL or its DSB and ISB, each fails. On ARMv7 the same is checked for
vmsa_arch_mmu_enable_secondary, which does not clean (the primary did), and,
when the image links it, for vmsa_arch_v7_mmu_on (src/arch/armv7/lpae.c:
the MMU back on after a switch to or from long descriptors, TTBR0 written
as the 64-bit register with MCRR, MAIR0/MAIR1 in PRRR/NMRR's encodings; it
does not clean either: vmsa_arch_mmu_disable before it cleaned the whole
data cache by set/way, which scripts/check-mmu-off.sh checks); and, when
the image links it, for vmsa_arch_hyp_mmu_on (src/arch/armv7/hyp.c: the
Hyp mode MMU on), with the Hyp regime's registers in place of the PL1
ones: HTCR, HTTBR (MCRR p15, 4), HMAIR0 and HMAIR1, TLBIALLH (or
TLBIALLHIS; the PL1 TLBIALL does not count there, it does not reach the
Hyp entries), HSCTLR; it does not clean either (vmsa_arch_hyp_mmu_disable
before it cleaned the whole data cache by set/way).
The architecture is read from the ELF's attributes (readelf -A).

Prints one TAP line per function; exits 1 if any fails, naming the step
that is missing or out of order and where.
"""
import os
import re
import subprocess
import sys

CROSS = os.environ.get("CROSS_COMPILE", "arm-none-eabi-")
CONDS = {"eq", "ne", "cs", "cc", "hs", "lo", "mi", "pl", "vs", "vc",
         "hi", "ls", "ge", "lt", "gt", "le"}
REGS_V7 = ("TTBCR", "TTBR0", "DACR")
REGS_V5 = ("TTBR0", "DACR")
# The Hyp regime's registers play the PL1 ones' parts in the walk (HTCR
# as TTBCR, HTTBR as TTBR0, HMAIR0/1 as PRRR/NMRR, TLBIALLH as TLBIALL,
# HSCTLR as SCTLR); messages name them by their own names (HYP_NAMES).
REGS_HYP = ("TTBCR", "TTBR0", "PRRR", "NMRR")
HYP_NAMES = {"TTBCR": "HTCR", "TTBR0": "HTTBR", "PRRR": "HMAIR0",
             "NMRR": "HMAIR1", "TLBIALL": "TLBIALLH", "SCTLR": "HSCTLR"}

# CP15 writes and reads that are steps: (CRn, CRm, opc2) -> event.
MCR = {
    ("cr2", "cr0", "2"): "TTBCR",
    ("cr2", "cr0", "0"): "TTBR0",       # TTB on ARMv5
    ("cr3", "cr0", "0"): "DACR",
    ("cr10", "cr2", "0"): "PRRR",
    ("cr10", "cr2", "1"): "NMRR",
    ("cr7", "cr11", "1"): "CLEAN",      # DCCMVAU
    ("cr7", "cr10", "1"): "CLEAN",      # DCCMVAC; ARMv5 clean by MVA
    ("cr7", "cr14", "1"): "CLEAN",      # DCCIMVAC; ARMv5 clean+inval by MVA
    ("cr7", "cr10", "4"): "DSB",        # drain write buffer (CP15DSB)
    ("cr7", "cr5", "4"): "ISB",         # CP15ISB (ARMv6 prefetch flush)
    ("cr8", "cr7", "0"): "TLBIALL",
    ("cr8", "cr3", "0"): "TLBIALL",     # TLBIALLIS
    ("cr1", "cr0", "0"): "SCTLR",
}
# The same with opc1 = 4, the Hyp mode registers (only these count in a
# Hyp walk, besides the barriers and the cleans).
MCR_HYP = {
    ("cr2", "cr0", "2"): "TTBCR",       # HTCR
    ("cr10", "cr2", "0"): "PRRR",       # HMAIR0
    ("cr10", "cr2", "1"): "NMRR",       # HMAIR1
    ("cr8", "cr7", "0"): "TLBIALL",     # TLBIALLH
    ("cr8", "cr3", "0"): "TLBIALL",     # TLBIALLHIS
    ("cr1", "cr0", "0"): "SCTLR",       # HSCTLR
}


def sh(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          check=False).stdout.decode(errors="replace")


class Image:
    """The disassembly of the functions a walk reaches, loaded by name."""

    def __init__(self, elf):
        self.elf = elf
        self.funcs = {}          # name -> {addr: (mnemonic, operands)}
        self.order = {}          # name -> sorted addresses

    def load(self, name):
        if name in self.funcs:
            return self.funcs[name]
        insns = {}
        out = sh(CROSS + "objdump", "-d", "--no-show-raw-insn",
                 "--disassemble=" + name, self.elf)
        inside = False
        for line in out.splitlines():
            m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
            if m:
                inside = m.group(1) == name
                continue
            m = re.match(r"^\s*([0-9a-f]+):\t(\S+)\s*(.*)$", line)
            if inside and m:
                ops = m.group(3).split("@")[0].split(";")[0].strip()
                insns[int(m.group(1), 16)] = (m.group(2), ops)
        self.funcs[name] = insns
        self.order[name] = sorted(insns)
        return insns

    def next_addr(self, name, addr):
        o = self.order[name]
        i = o.index(addr)
        return o[i + 1] if i + 1 < len(o) else None


def split_cond(mn):
    """(base, conditional?) of a mnemonic, e.g. bne.n -> (b, True)."""
    mn = mn.split(".")[0]
    for base in ("blx", "bl", "bx", "b"):
        if mn == base:
            return base, False
        if mn.startswith(base) and len(mn) == len(base) + 2 and mn[len(base):] in CONDS:
            return base, True
    if len(mn) > 2 and mn[-2:] in CONDS and mn[:-2] in ("mcr", "pop", "ldm", "ldmia", "ldmfd"):
        return mn[:-2], True
    return mn, False


def event(mn, ops, hyp=False):
    base, _ = split_cond(mn)
    if base == "dsb":
        return "DSB"
    if base == "isb":
        return "ISB"
    if base == "mcr":
        f = [x.strip() for x in ops.replace("{", "").replace("}", "").split(",")]
        if len(f) == 6 and f[0] in ("15", "p15") and f[1] == "4" and hyp:
            return MCR_HYP.get((f[3], f[4], f[5]))
        if len(f) == 6 and f[0] in ("15", "p15") and f[1] == "0":
            ev = MCR.get((f[3], f[4], f[5]))
            return ev if not hyp or ev in ("CLEAN", "DSB", "ISB") else None
    if base == "mcrr":
        f = [x.strip() for x in ops.split(",")]
        if len(f) == 5 and f[0] in ("15", "p15") and f[1] == ("4" if hyp else "0") and f[4] == "cr2":
            return "TTBR0"      # the 64-bit TTBR0 (LPAE), or HTTBR
    if base == "mrc" and "APSR_nzcv, cr7, cr10, {3}" in ops:
        return "CLEAN"          # ARM926 test and clean
    return None


def is_return(base, ops):
    if base == "bx" and ops == "lr":
        return True
    if base in ("pop", "ldm", "ldmia", "ldmfd") and re.search(r"\bpc\}", ops):
        return True
    return base == "mov" and ops.replace(" ", "") == "pc,lr"


def target(ops):
    m = re.search(r"([0-9a-f]+) <([^>+]+)(\+0x[0-9a-f]+)?>", ops)
    if not m:
        return None
    return int(m.group(1), 16), m.group(2), m.group(3)


class Walk:
    """Every path from the entry of `func` to its return, over states of
    the sequence (what has been done so far); each (place, state) once."""

    def __init__(self, img, v7, must_clean, hyp=False):
        self.img, self.v7, self.must_clean, self.hyp = img, v7, must_clean, hyp
        self.need = REGS_HYP if hyp else REGS_V7 if v7 else REGS_V5
        self.errors = []
        self.exits = []

    def err(self, where, msg):
        if self.hyp:
            msg = re.sub(r"\b(%s)\b" % "|".join(HYP_NAMES),
                         lambda m: HYP_NAMES[m.group(1)], msg)
        if msg not in [e[1] for e in self.errors]:
            self.errors.append((where, msg))

    # state: (regs frozenset, cleaned, dsb_after_clean, tlbi, dsb_after_tlbi,
    #         isb_after_dsb, sctlr, want_isb, isb_after_sctlr)
    def step(self, st, ev, where):
        regs, cl, dcl, tl, dtl, itl, sc, want, isc = st
        need = self.need
        if want and ev != "ISB":
            self.err(where, "no ISB right after the SCTLR write (the next instruction may run with the old translation regime)")
            want = False
        if ev in ("TTBCR", "TTBR0", "DACR", "PRRR", "NMRR"):
            if cl or tl or sc:
                self.err(where, "%s written after the %s" % (ev, "SCTLR write" if sc else "TLBIALL" if tl else "clean of the tables"))
            regs = regs | {ev}
        elif ev == "CLEAN":
            if tl or sc:
                self.err(where, "clean of the tables after the %s" % ("SCTLR write" if sc else "TLBIALL"))
            missing = [r for r in need if r not in regs]
            if missing:
                self.err(where, "clean of the tables before %s is written" % ", ".join(missing))
            cl, dcl = True, False
        elif ev == "DSB":
            if cl:
                dcl = True
            if tl:
                dtl = True
        elif ev == "ISB":
            if dtl:
                itl = True
            if want:
                want, isc = False, True
        elif ev == "TLBIALL":
            if sc:
                self.err(where, "TLBIALL after the SCTLR write (SCTLR written before TLBIALL)")
            if cl and not dcl:
                self.err(where, "TLBIALL before the DSB that completes the clean of the tables")
            missing = [r for r in need if r not in regs]
            if missing:
                self.err(where, "TLBIALL before %s is written" % ", ".join(missing))
            tl, dtl, itl = True, False, False
        elif ev == "SCTLR":
            if not tl:
                self.err(where, "SCTLR written with no TLBIALL before it")
            elif not dtl:
                self.err(where, "SCTLR written before a DSB completes the TLBIALL")
            elif self.v7 and not itl:
                self.err(where, "SCTLR written with no ISB between the TLBIALL's DSB and it")
            if cl and not dcl:
                self.err(where, "SCTLR written before a DSB completes the clean of the tables")
            if ("PRRR" in regs) != ("NMRR" in regs):
                self.err(where, "only one of PRRR and NMRR written before SCTLR")
            sc, want = True, self.v7
        return (regs, cl, dcl, tl, dtl, itl, sc, want, isc)

    def run(self, func):
        img = self.img
        if not img.load(func):
            self.err(func, "no %s in the image" % func)
            return
        start = (frozenset(), False, False, False, False, False, False, False, False)
        todo = [(func, img.order[func][0], (), start)]
        seen = set()
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            fn, addr, stack, st = item
            if addr is None:
                self.err(fn, "runs off the end of %s" % fn)
                continue
            mn, ops = img.funcs[fn][addr]
            where = "%s+0x%x" % (fn, addr - img.order[fn][0])
            base, cond = split_cond(mn)
            ev = event(mn, ops, self.hyp)
            nxt = img.next_addr(fn, addr)
            after = self.step(st, ev, where)
            # A conditional step may not run: both states go on.
            states = [after, st] if (ev and cond) else [after]
            for s in states:
                if is_return(base, ops):
                    if stack:
                        todo.append(stack[-1] + (stack[:-1], s))
                    else:
                        self.exits.append((where, s))
                    if cond:
                        todo.append((fn, nxt, stack, s))
                    continue
                if base in ("b", "bl", "blx") and target(ops):
                    ta, tname, toff = target(ops)
                    if tname == fn and ta in img.funcs[fn]:
                        if base == "b":
                            todo.append((fn, ta, stack, s))
                            if cond:
                                todo.append((fn, nxt, stack, s))
                            continue
                    if toff or len(stack) > 6:
                        self.err(where, "call or branch the check cannot follow: %s %s" % (mn, ops))
                        continue
                    if not img.load(tname):
                        self.err(where, "no %s in the image" % tname)
                        continue
                    entry = img.order[tname][0]
                    if base == "b":     # tail call: returns to our caller
                        todo.append((tname, entry, stack, s))
                    else:
                        todo.append((tname, entry, stack + ((fn, nxt),), s))
                    if cond:
                        todo.append((fn, nxt, stack, s))
                    continue
                if base in ("cbz", "cbnz"):
                    todo.append((fn, target(ops)[0], stack, s))
                    todo.append((fn, nxt, stack, s))
                    continue
                if base in ("blx", "bx") or (base == "b" and not target(ops)):
                    self.err(where, "indirect branch the check cannot follow: %s %s" % (mn, ops))
                    continue
                todo.append((fn, nxt, stack, s))

    def finish(self):
        need = self.need
        for where, st in self.exits:
            regs, cl, dcl, tl, dtl, itl, sc, want, isc = st
            missing = [r for r in need if r not in regs]
            if missing:
                self.err(where, "returns with %s never written" % ", ".join(missing))
            if not tl:
                self.err(where, "returns with no TLBIALL")
            if not sc:
                self.err(where, "returns with no SCTLR write")
            elif self.v7 and not isc:
                self.err(where, "no ISB right after the SCTLR write")
        if self.must_clean and not any(st[1] for _, st in self.exits):
            self.err("-", "no path cleans the tables before the TLBIALL and SCTLR write")
        if self.v7 and not self.hyp and not any("PRRR" in st[0] for _, st in self.exits):
            self.err("-", "no path writes PRRR and NMRR (the TEX-remap format needs them before SCTLR.TRE)")


def main():
    if len(sys.argv) != 2:
        print(__doc__.split("\n")[0], file=sys.stderr)
        return 2
    elf = sys.argv[1]
    attrs = sh(CROSS + "readelf", "-A", elf)
    m = re.search(r"Tag_CPU_arch: v(\d+)", attrs)
    if not m:
        print("not ok - MMU enable sequence in %s (no Tag_CPU_arch)" % elf)
        return 1
    v7 = int(m.group(1)) >= 7
    img = Image(elf)
    label = "%s/%s" % (os.path.basename(os.path.dirname(elf)), os.path.basename(elf))
    funcs = [("vmsa_arch_mmu_enable", True, False)]
    if v7:
        funcs.append(("vmsa_arch_mmu_enable_secondary", False, False))
        if img.load("vmsa_arch_v7_mmu_on"):
            funcs.append(("vmsa_arch_v7_mmu_on", False, False))
        if img.load("vmsa_arch_hyp_mmu_on"):
            funcs.append(("vmsa_arch_hyp_mmu_on", False, True))
    steps = ("TTBCR, TTBR0, DACR, PRRR/NMRR" if v7 else "TTB, DACR") + \
        ", clean, DSB, TLBIALL, DSB" + (", ISB, SCTLR, ISB" if v7 else ", SCTLR")
    rc = 0
    for fn, clean, hyp in funcs:
        w = Walk(img, v7, clean, hyp)
        w.run(fn)
        w.finish()
        s = steps if clean else steps.replace(", clean, DSB", "")
        if hyp:
            s = "HTCR, HTTBR, HMAIR0/HMAIR1, TLBIALLH, DSB, ISB, HSCTLR, ISB"
        name = "%s in %s: %s, in that order on every path" % (fn, label, s)
        if w.errors:
            rc = 1
            print("not ok - " + name)
            for where, msg in w.errors:
                print("# %s: %s" % (where, msg))
        else:
            print("ok - " + name)
    return rc


if __name__ == "__main__":
    sys.exit(main())
