"""fdt_tree.py - a flattened devicetree (DTB) as a tree of Python nodes,
read through Debian's libfdt binding (python3-libfdt), for
scripts/dtb2board.py.

Owns: loading the DTB (nodes, properties, /memreserve/ entries), finding
nodes by path, the `reg` entries of a node with its parent's
#address-cells/#size-cells, and their translation to CPU addresses
through the parents' `ranges`. Does not own: what the nodes mean for a
board (dtb2board.py), overlays, or writing a DTB.
"""
import os
import re
import sys

try:
    import libfdt
except ImportError:
    # Debian's binding is built for Debian's python3: re-run under it
    # when another python3 comes first on PATH.
    if sys.executable != '/usr/bin/python3' and os.path.exists('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    sys.exit('dtb2board: needs python3-libfdt (Debian): scripts/deps.sh dtb')

NAME_MAX = 15


class Refused(Exception):
    """The DTB cannot become a board; the message says why."""


class Node:
    def __init__(self, name, parent):
        self.name, self.parent = name, parent
        self.props, self.children = {}, []

    @property
    def path(self):
        if self.parent is None:
            return '/'
        p = self.parent.path
        return (p if p != '/' else '') + '/' + self.name

    def strs(self, prop):
        v = self.props.get(prop)
        if v is None:
            return []
        return [s.decode('utf-8', 'replace') for s in bytes(v).split(b'\0')[:-1]]

    def str(self, prop):
        s = self.strs(prop)
        return s[0] if s else None

    def cells(self, prop):
        v = bytes(self.props.get(prop, b''))
        return [int.from_bytes(v[i:i + 4], 'big') for i in range(0, len(v) - 3, 4)]

    def compatible(self, names):
        return any(c in names for c in self.strs('compatible'))

    def enabled(self):
        st = self.str('status')
        return st is None or st in ('okay', 'ok')

    def short(self):
        n = re.sub(r'[^a-z0-9_-]', '-', self.name.split('@')[0].lower())
        return n[:NAME_MAX] or 'dev'


def load(path):
    """The DTB as a tree of Nodes and its /memreserve/ entries."""
    try:
        with open(path, 'rb') as f:
            fdt = libfdt.Fdt(f.read())
    except OSError as e:
        raise Refused('%s: %s' % (path, e.strerror))
    except libfdt.FdtException as e:
        raise Refused('%s: not a flattened devicetree (%s)' % (path, e))
    q = (libfdt.NOTFOUND,)

    def walk(off, parent):
        node = Node(fdt.get_name(off) if parent else '', parent)
        p = fdt.first_property_offset(off, q)
        while p >= 0:
            prop = fdt.get_property_by_offset(p)
            node.props[prop.name] = bytes(prop)
            p = fdt.next_property_offset(p, q)
        c = fdt.first_subnode(off, q)
        while c >= 0:
            node.children.append(walk(c, node))
            c = fdt.next_subnode(c, q)
        return node

    root = walk(0, None)
    rsv = [tuple(fdt.get_mem_rsv(i)) for i in range(fdt.num_mem_rsv())]
    return root, rsv


def nodes(root):
    yield root
    for c in root.children:
        yield from nodes(c)


def find(root, path):
    n = root
    for part in [p for p in path.split('/') if p]:
        m = [c for c in n.children if c.name == part] or \
            [c for c in n.children if c.name.split('@')[0] == part]
        if not m:
            return None
        n = m[0]
    return n


def ncells(node, prop, default):
    c = node.cells(prop) if node is not None else []
    return c[0] if c else default


def num(cells):
    v = 0
    for c in cells:
        v = (v << 32) | c
    return v


def regs(node):
    """The node's reg entries as (address, size) in its parent's space."""
    ac = ncells(node.parent, '#address-cells', 2)
    sc = ncells(node.parent, '#size-cells', 1)
    c = node.cells('reg')
    step = ac + sc
    if step == 0:
        return []
    return [(num(c[i:i + ac]), num(c[i + ac:i + step]))
            for i in range(0, len(c) - step + 1, step)]


def to_cpu(node, addr):
    """Translate addr (in node's parent's space) to a CPU physical address
    through the parents' `ranges`; None when a parent has no ranges (not
    memory-mapped) or the address lies in no range."""
    bus = node.parent
    while bus is not None and bus.parent is not None:
        if 'ranges' not in bus.props or bus.str('device_type') == 'pci':
            return None
        r = bus.cells('ranges')
        if r:
            cac = ncells(bus, '#address-cells', 2)
            pac = ncells(bus.parent, '#address-cells', 2)
            sc = ncells(bus, '#size-cells', 1)
            step = cac + pac + sc
            for i in range(0, len(r) - step + 1, step):
                child = num(r[i:i + cac])
                parent = num(r[i + cac:i + cac + pac])
                size = num(r[i + cac + pac:i + step])
                if child <= addr < child + size:
                    addr = addr - child + parent
                    break
            else:
                return None
        bus = bus.parent
    return addr
