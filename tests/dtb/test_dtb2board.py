#!/usr/bin/env python3
"""test_dtb2board.py OUTDIR - host tests of scripts/dtb2board.py on
hand-written devicetree snippets, compiled with dtc: reserved-memory
(no-map carved out of RAM, the rest mapped apart from `ram`), disabled
devices and buses skipped, bus `ranges` followed, overlapping and touching
regs merged, gaps bridged only past --max-regions, names unique and short,
the UART, GIC, CPUs and PSCI, --secure (secure-status, /secure-chosen), and a refusal with a clear message for a DTB
without a memory node or with an unknown CPU.

Each check reads what the converter wrote (board.c's region array and
board.mk) and asserts on the addresses. Prints "ok - ..." / "not ok - ..."
and "N passed, N failed"; exits 1 if a check failed. Owns none of the
QEMU checks (tests/dtb/dtb_test.sh boots a generated board).
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONV = os.path.join(TOP, 'scripts', 'dtb2board.py')
OUT = sys.argv[1] if len(sys.argv) > 1 else 'build/dtb/host'
passed = failed = 0


def check(cond, what, diag=''):
    global passed, failed
    if cond:
        passed += 1
        print('ok - ' + what)
    else:
        failed += 1
        print('not ok - ' + what)
        for line in str(diag).splitlines():
            print('#   ' + line)


HEAD = """/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	model = "test";
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a9"; reg = <0>; };
	};
"""
UART = """	uart@10009000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x10009000 0x1000>; };
"""
MEM = """	memory@60000000 { device_type = "memory"; reg = <0x60000000 0x10000000>; };
"""


def run(name, dts, *args):
    """Compile dts, convert it; (exit status, stderr+stdout, board)."""
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    src, dtb = os.path.join(d, name + '.dts'), os.path.join(d, name + '.dtb')
    with open(src, 'w') as f:
        f.write(dts)
    c = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb, src],
                       capture_output=True, text=True)
    if c.returncode:
        return c.returncode, 'dtc: ' + c.stderr, None
    bd = os.path.join(d, 'board')
    r = subprocess.run([CONV, dtb, '--name', name, '-o', bd, '--force',
                        '--qemu', '-M none'] + list(args),
                       capture_output=True, text=True)
    out = r.stderr + r.stdout
    if r.returncode:
        return r.returncode, out, None
    return 0, out, parse(bd)


def parse(bd):
    """board.mk's variables, board.c's regions and board fields."""
    mk = {}
    with open(os.path.join(bd, 'board.mk')) as f:
        for line in f:
            m = re.match(r'^(\w+)\s*:=\s*(.*)$', line)
            if m:
                mk[m.group(1)] = m.group(2).strip()
    with open(os.path.join(bd, 'board.c')) as f:
        c = f.read()

    def val(e):
        e = e.strip()
        if e == 'VMSA_BOARD_RAM_BASE':
            return int(mk['RAM_BASE'], 16)
        if e == 'VMSA_BOARD_RAM_SIZE':
            return int(mk['RAM_SIZE'], 16)
        return int(e, 16)
    regions = []
    for m in re.finditer(r'\{ \.name = "([^"]+)", \.va = VMSA_VA_C\(([^)]+)\),\s*'
                         r'\.pa = VMSA_PA_C\(([^)]+)\), \.size = ([^,]+),\s*'
                         r'\.attrs = ([^}]+?) \}', c):
        regions.append({'name': m.group(1), 'va': val(m.group(2)), 'pa': val(m.group(3)),
                        'size': val(m.group(4)), 'attrs': m.group(5)})
    fields = dict(re.findall(r'^\t\.(\w+) = ([^,]+),', c, re.M))
    return {'mk': mk, 'regions': regions, 'fields': fields, 'c': c}


def covers(b, lo, hi, attrs=None):
    """Whether [lo, hi) is mapped identity by b's regions (with attrs)."""
    a = lo
    while a < hi:
        r = next((r for r in b['regions'] if r['va'] == r['pa'] and
                  r['va'] <= a < r['va'] + r['size']), None)
        if r is None or (attrs and r['attrs'] != attrs):
            return False
        a = r['va'] + r['size']
    return True


def touches(b, lo, hi):
    return [r['name'] for r in b['regions']
            if r['pa'] < hi and lo < r['pa'] + r['size']]


def named(b, name):
    return next((r for r in b['regions'] if r['name'] == name), None)


def regions_text(b):
    return '\n'.join('%-16s va 0x%08x pa 0x%08x size 0x%08x %s' % (
        r['name'], r['va'], r['pa'], r['size'], r['attrs']) for r in b['regions'])


RAMA = 'VMSA_MT_WRITEALLOC | VMSA_RW'

# ---- reserved-memory ---------------------------------------------------------
st, out, b = run('reserved', HEAD + UART + """
	memory@80000000 { device_type = "memory"; reg = <0x80000000 0x10000000>; };
	reserved-memory {
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
		secmon@80000000 { reg = <0x80000000 0x100000>; no-map; };
		optee@84000000 { reg = <0x84000000 0x800>; no-map; };
		linux,cma@8f000000 { compatible = "shared-dma-pool"; reusable; reg = <0x8f000000 0x1000000>; };
		ramoops@8f800000 { reg = <0x8f800000 0x100000>; no-map; };
		cma-low@8f000000 { reg = <0x8f000000 0x200000>; };
		dyn { compatible = "shared-dma-pool"; size = <0x400000>; };
		off@8e000000 { reg = <0x8e000000 0x100000>; no-map; status = "disabled"; };
	};
};
""")
check(st == 0 and b, 'reserved-memory: the converter accepts the DTB', out)
if b:
    rt = regions_text(b)
    check(touches(b, 0x80000000, 0x80100000) == [],
          'reserved-memory: no-map secmon 0x80000000+1MB is mapped by no region', rt)
    check(touches(b, 0x84000000, 0x84001000) == [],
          'reserved-memory: no-map optee (0x800 bytes, rounded to its 4KB page) is mapped '
          'by no region', rt)
    check(covers(b, 0x80100000, 0x84000000, RAMA) and covers(b, 0x84001000, 0x8f000000, RAMA),
          'reserved-memory: the RAM around the no-map holes is mapped, Normal WBWA RW', rt)
    cma = named(b, 'linux-cma')
    check(cma is not None and cma['attrs'] == RAMA and
          covers(b, 0x8f000000, 0x8f800000, RAMA) and covers(b, 0x8f900000, 0x90000000, RAMA),
          'reserved-memory: reusable linux,cma stays mapped as RAM in its own region '
          '"linux-cma"', rt)
    check(touches(b, 0x8f800000, 0x8f900000) == [],
          'reserved-memory: a no-map range inside a mapped reserved one is mapped by no '
          'region', rt)
    s = sorted(b['regions'], key=lambda r: r['va'])
    check(all(x['va'] + x['size'] <= y['va'] for x, y in zip(s, s[1:])),
          'reserved-memory: overlapping reserved ranges (cma-low inside linux,cma) give '
          'no overlapping regions', rt)
    base, size = int(b['mk']['RAM_BASE'], 16), int(b['mk']['RAM_SIZE'], 16)
    check(base == 0x84100000 and base + size == 0x8f000000,
          'reserved-memory: RAM_BASE/RAM_SIZE are the largest free piece from its first '
          '1MB boundary (0x%08x+0x%08x), clear of every reserved range' % (base, size))
    check(covers(b, 0x8e000000, 0x8e100000, RAMA),
          'reserved-memory: a disabled no-map node leaves its RAM mapped', rt)
    hi = named(b, 'ram-high')
    check(hi is not None and hi['va'] == 0xC0000000 and hi['pa'] == base,
          'reserved-memory: ram-high maps RAM_BASE at 0xC0000000', rt)

# ---- disabled devices, buses, ranges -----------------------------------------
st, out, b = run('status', HEAD + MEM + UART + """
	timer@10011000 { reg = <0x10011000 0x1000>; status = "okay"; };
	spi@10012000 { reg = <0x10012000 0x1000>; status = "disabled"; };
	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x20000000 0x100000>;
		gpio@3000 { reg = <0x3000 0x100>; };
		i2c@4000 {
			reg = <0x4000 0x1000>;
			#address-cells = <1>;
			#size-cells = <0>;
			eeprom@50 { reg = <0x50>; };
		};
	};
	offbus {
		compatible = "simple-bus";
		status = "disabled";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
		dma@30000000 { reg = <0x30000000 0x1000>; };
	};
};
""")
check(st == 0 and b, 'status: the converter accepts the DTB', out)
if b:
    rt = regions_text(b)
    check(covers(b, 0x10011000, 0x10012000, 'VMSA_DEVICE'),
          'status: an "okay" device is mapped as Device', rt)
    check(touches(b, 0x10012000, 0x10013000) == [],
          'status: a "disabled" device is not mapped', rt)
    check(touches(b, 0x30000000, 0x30001000) == [],
          'status: the child of a disabled bus is not mapped', rt)
    check(covers(b, 0x20003000, 0x20005000, 'VMSA_DEVICE') and
          touches(b, 0x3000, 0x5000) == [],
          'status: children of a bus with ranges are mapped at their CPU addresses '
          '(0x3000 -> 0x20003000)', rt)
    check(touches(b, 0, 0x1000) == [] and not any(r['size'] == 0 for r in b['regions']),
          'status: an I2C device\'s reg (no ranges on its bus) maps nothing', rt)
    check('spi@10012000' in b['c'], 'status: board.c notes the disabled device it skipped')

# ---- merging -----------------------------------------------------------------
st, out, b = run('merge', HEAD + MEM + UART + """
	flash@0 { compatible = "cfi-flash"; reg = <0x0 0x4000000 0x4000000 0x4000000>; };
	virtio@a000000 { reg = <0x0a000000 0x200>; };
	virtio@a000200 { reg = <0x0a000200 0x200>; };
	virtio@a000e00 { reg = <0x0a000e00 0x400>; };
	virtio@a001200 { reg = <0x0a001200 0x200>; };
	wdt@10008000 { reg = <0x10008000 0x1000>; };
	big-overlap@10020000 { reg = <0x10020000 0x4000>; };
	inner@10021000 { reg = <0x10021800 0x100>; };
	far@1f000000 { reg = <0x1f000000 0x1000>; };
};
""")
check(st == 0 and b, 'merge: the converter accepts the DTB', out)
if b:
    rt = regions_text(b)
    v = [r for r in b['regions'] if r['name'].startswith('virtio')]
    check(len(v) == 1 and (v[0]['pa'], v[0]['size']) == (0x0a000000, 0x2000),
          'merge: four virtio regs (0x200/0x400 bytes, overlapping and touching once '
          'rounded to 4KB) are one 8KB region', rt)
    fl = [r for r in b['regions'] if r['name'].startswith('flash')]
    check(len(fl) == 1 and (fl[0]['pa'], fl[0]['size']) == (0x1000, 0x7fff000),
          'merge: the two touching flash banks are one region, from 4KB (page 0 stays '
          'unmapped)', rt)
    w, u = named(b, 'wdt'), named(b, 'uart')
    check(w and u and w['pa'] + w['size'] == u['pa'],
          'merge: touching pages of differently named nodes (wdt, uart) stay two regions', rt)
    bo = [r for r in b['regions'] if r['pa'] <= 0x10021800 < r['pa'] + r['size']]
    check(len(bo) == 1 and (bo[0]['pa'], bo[0]['size']) == (0x10020000, 0x4000),
          'merge: a reg inside another node\'s reg adds nothing (one 16KB region)', rt)
    check(touches(b, 0x10022000 + 0x2000, 0x1f000000) == [] and
          touches(b, 0x0a002000, 0x10008000) == [],
          'merge: no gap between regs is mapped', rt)
    ok = True
    s = sorted(b['regions'], key=lambda r: r['va'])
    for x, y in zip(s, s[1:]):
        ok &= x['va'] + x['size'] <= y['va']
    check(ok, 'merge: no two regions overlap', rt)

st, out, b = run('bridge', HEAD + MEM + UART + """
	a@10000000 { reg = <0x10000000 0x1000>; };
	b@10003000 { reg = <0x10003000 0x1000>; };
	c@10100000 { reg = <0x10100000 0x1000>; };
	d@10300000 { reg = <0x10300000 0x1000>; };
};
""", '--max-regions', '4')
check(st == 0 and b, 'bridge: the converter accepts the DTB with --max-regions 4', out)
if b:
    rt = regions_text(b)
    dev = [r for r in b['regions'] if r['attrs'] == 'VMSA_DEVICE']
    check(len(dev) == 4 and covers(b, 0x10000000, 0x10004000, 'VMSA_DEVICE') and
          touches(b, 0x10004000, 0x10009000) == [] and
          'gap 0x10001000-0x10003000 bridged' in b['c'],
          'bridge: five runs past --max-regions 4: the smallest gap (8KB, not the 20KB '
          'one) is bridged and named in board.c', rt)
st, out, b = run('nobridge', HEAD + MEM + UART + """
	a@10000000 { reg = <0x10000000 0x1000>; };
	c@10200000 { reg = <0x10200000 0x1000>; };
	d@10400000 { reg = <0x10400000 0x1000>; };
};
""", '--max-regions', '2')
check(st == 1 and 'no gap under 1MB' in out and b is None,
      'bridge: runs 1MB or more apart are never bridged: refused past --max-regions', out)

# ---- names -------------------------------------------------------------------
st, out, b = run('names', HEAD + MEM + UART + """
	serial@10001000 { reg = <0x10001000 0x1000>; };
	serial@10100000 { reg = <0x10100000 0x1000>; };
	serial@10200000 { reg = <0x10200000 0x1000>; };
	interrupt-controller-with-long-name@1e000000 { reg = <0x1e000000 0x1000>; };
	interrupt-controller-with-long-name@1e100000 { reg = <0x1e100000 0x1000>; };
};
""")
check(st == 0 and b, 'names: the converter accepts the DTB', out)
if b:
    names = [r['name'] for r in b['regions']]
    check(len(names) == len(set(names)), 'names: every region name is unique', names)
    check(all(len(n) <= 15 and re.fullmatch(r'[a-z0-9_+-]+', n) for n in names),
          'names: every name is at most 15 characters of [a-z0-9_+-]', names)
    check({'serial', 'serial-2', 'serial-3'} <= set(names),
          'names: repeated node names get -2, -3', names)

# ---- UART, GIC, CPUs, PSCI ---------------------------------------------------
st, out, b = run('chosen', """/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a7"; reg = <0>; enable-method = "psci"; };
		cpu@1 { device_type = "cpu"; compatible = "arm,cortex-a7"; reg = <1>; enable-method = "psci"; };
		cpu@2 { device_type = "cpu"; compatible = "arm,cortex-a7"; reg = <2>; enable-method = "psci"; };
		cpu@3 { device_type = "cpu"; compatible = "arm,cortex-a7"; reg = <3>; status = "disabled"; };
	};
	psci { compatible = "arm,psci-1.0", "arm,psci-0.2"; method = "smc"; };
	aliases { serial1 = "/soc/serial@2000"; };
	chosen { stdout-path = "serial1:115200n8"; };
	memory@40000000 { device_type = "memory"; reg = <0x40000000 0x8000000>; };
	soc {
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0 0x02000000 0x100000>;
		serial@1000 { compatible = "fsl,imx6ul-uart", "fsl,imx21-uart"; reg = <0x1000 0x4000>; };
		serial@2000 { compatible = "fsl,imx6ul-uart", "fsl,imx21-uart"; reg = <0x2000 0x4000>; };
	};
	interrupt-controller@a01000 {
		compatible = "arm,cortex-a7-gic";
		interrupt-controller;
		reg = <0x00a01000 0x1000>, <0x00a02000 0x2000>;
	};
};
""")
check(st == 0 and b, 'chosen: the converter accepts the DTB', out)
if b:
    f, mk = b['fields'], b['mk']
    check(f.get('uart_base') == '0x02002000' and mk.get('UART') == 'imx',
          'chosen: UART from stdout-path "serial1:115200n8" through /aliases and the bus '
          'ranges: imx at 0x02002000', (f, mk))
    check(f.get('gic_dist') == '0x00A01000' and f.get('gic_cpu') == '0x00A02000',
          'chosen: GIC distributor and CPU interface from the GIC node\'s reg', f)
    check(f.get('cpus') == '3' and f.get('smp_release') == 'BOOT_SMP_PSCI_SMC',
          'chosen: 3 enabled CPUs, released by PSCI through SMC (the /psci method)', f)
    check(mk.get('BOARD_CPUFLAGS', '').startswith('-mcpu=cortex-a7 ') and
          mk.get('VMSA_FMT') == 'VMSA_FMT_V7|VMSA_FMT_PXN' and
          (mk.get('RAM_BASE'), mk.get('RAM_SIZE')) == ('0x40000000', '0x08000000'),
          'chosen: board.mk has the Cortex-A7 flags, the PXN format and RAM', mk)

st, out, b = run('spin', HEAD.replace('reg = <0>; };', 'reg = <0>; };\n\t\tcpu@1 { '
                 'device_type = "cpu"; compatible = "arm,cortex-a9"; reg = <1>; '
                 'enable-method = "spin-table"; };') + MEM + UART + '};\n')
check(st == 0 and b and b['fields'].get('smp_release') == 'BOOT_SMP_NONE' and
      b['fields'].get('uart_base') == '0x10009000' and 'gic_dist' not in b['fields'],
      'spin-table CPUs: BOOT_SMP_NONE (boot knows PSCI only); the first PL011 is the UART '
      'without /chosen; no GIC: no gic fields', b and b['fields'] or out)

SECURE = HEAD + MEM + UART + """
	uart@1000a000 { compatible = "arm,pl011"; reg = <0x1000a000 0x1000>;
		status = "disabled"; secure-status = "okay"; };
	rtc@10017000 { reg = <0x10017000 0x1000>; secure-status = "disabled"; };
	chosen { stdout-path = "/uart@10009000"; };
	secure-chosen { stdout-path = "/uart@1000a000"; };
};
"""
st, out, b = run('nonsecure', SECURE)
st2, out2, b2 = run('secure', SECURE, '--secure')
check(b and b2 and touches(b, 0x1000a000, 0x1000b000) == [] and
      covers(b, 0x10017000, 0x10018000) and b['fields'].get('uart_base') == '0x10009000' and
      covers(b2, 0x1000a000, 0x1000b000) and touches(b2, 0x10017000, 0x10018000) == [] and
      b2['fields'].get('uart_base') == '0x1000A000',
      '--secure: secure-status decides over status and /secure-chosen names the UART; '
      'without it, status and /chosen', (out, out2))

# ---- refusals ----------------------------------------------------------------
st, out, b = run('nomem', HEAD + UART + '};\n')
check(st == 1 and b is None and 'no memory node' in out,
      'no memory node: refused, exit 1, "%s"' % out.strip().splitlines()[-1][:100], out)
check(not os.path.exists(os.path.join(OUT, 'nomem', 'board', 'board.c')),
      'no memory node: no board.c written')
st, out, b = run('armv5', HEAD.replace('arm,cortex-a9', 'arm,arm926ej-s') + MEM + UART + '};\n')
check(st == 1 and 'arm,arm926ej-s' in out and 'not an ARMv7-A core' in out,
      'an ARM926 DTB: refused, naming the CPU', out)
st, out, b = run('nouart', HEAD + MEM + '};\n')
check(st == 1 and 'no enabled UART' in out, 'no UART with a driver: refused', out)

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
