#!/usr/bin/env bash
# fresh-debian.sh - run commands in a brand-new minimal Debian 12 root in
# which only `make` is installed, to prove the README's promise ("on a
# fresh machine, `make run` and `make test`; they install what is
# missing") the way a new user meets it. Packages installed on this
# machine by hand are not visible inside, so a missing install step fails
# here as it would for them.
#
#   scripts/fresh-debian.sh                 make run, then make test
#   scripts/fresh-debian.sh 'CMD' ['CMD'..] these commands instead
#
# Needs root (debootstrap, chroot, mounts) and the Debian mirror of this
# machine's apt sources. The minimal root (debootstrap --variant=minbase
# bookworm) is made once and cached as a tarball in $FRESH_CACHE
# (default /var/tmp/vmsa-bookworm-minbase.tar); each run unpacks a new
# copy, clones the committed HEAD of this checkout into /root/vmsa, runs
# `apt-get install make` and then each command in /root/vmsa, its output
# shown as it runs. `make run` also fails if QEMU printed a line of its
# own ("qemu..."). Exit status: 0 if every command passed; 1 if one
# failed; 3 if no fresh root could be made here (the reason is printed).
set -u
CACHE=${FRESH_CACHE:-/var/tmp/vmsa-bookworm-minbase.tar}
cannot() { echo "fresh-debian: cannot make a fresh root here: $*"; exit 3; }

[ "$(id -u)" = 0 ] || cannot "not root (debootstrap and chroot need it)"
top=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel 2>/dev/null) ||
	cannot "not inside the project's git checkout"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	echo "fresh-debian: note: uncommitted changes are not in the fresh root (it clones HEAD)"
export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null; then
	{ apt-get update -q && apt-get install -y -q debootstrap; } >/dev/null 2>&1 ||
		cannot "debootstrap is missing and apt-get could not install it"
fi
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
[ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || cannot "no Debian mirror in this machine's apt sources"

if [ ! -s "$CACHE" ]; then
	echo "fresh-debian: debootstrap --variant=minbase bookworm (once; cached in $CACHE)"
	b=$(mktemp -d /var/tmp/vmsa-fresh.XXXXXX)
	if ! debootstrap --variant=minbase bookworm "$b/root" "$mirror" >"$b/log" 2>&1; then
		tail -n 20 "$b/log"; rm -rf "$b"
		cannot "debootstrap failed"
	fi
	tar -C "$b/root" -cf "$CACHE.tmp" . && mv "$CACHE.tmp" "$CACHE" ||
		{ rm -rf "$b"; cannot "cannot write $CACHE"; }
	rm -rf "$b"
fi

R=$(mktemp -d /var/tmp/vmsa-fresh.XXXXXX)
cleanup() {
	for m in dev/pts dev sys proc; do umount "$R/$m" 2>/dev/null; done
	rm -rf --one-file-system "$R"
}
trap cleanup EXIT
tar -C "$R" -xf "$CACHE" || cannot "cannot unpack $CACHE"
mount -t proc proc "$R/proc" && mount -t sysfs sys "$R/sys" &&
	mount --bind /dev "$R/dev" && mount --bind /dev/pts "$R/dev/pts" ||
	cannot "mounting proc, sys and dev in the root failed"
cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null
git clone -q "$top" "$R/root/vmsa" || cannot "git clone into the root failed"
echo "fresh-debian: a fresh Debian 12 root; installing make, the one prerequisite"
chroot "$R" /bin/bash -c 'apt-get update -q && apt-get install -y -q make' >"$R/make.log" 2>&1 ||
	{ tail -n 20 "$R/make.log"; cannot "apt-get install make failed in the root"; }

[ $# -gt 0 ] || set -- "make run" "make test"
for c in "$@"; do
	echo "fresh-debian: \$ $c"
	chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
		/bin/bash -c "cd /root/vmsa && $c" </dev/null 2>&1 | tee "$R/cmd.log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		echo "fresh-debian: '$c' failed (exit $rc) on a fresh Debian 12 with only make"
		exit 1
	fi
	case "$c" in
	"make run"*)
		if grep -q '^qemu' "$R/cmd.log"; then
			echo "fresh-debian: '$c' printed lines of QEMU's own (above)"
			exit 1
		fi ;;
	esac
done
