#!/bin/sh
# Locate Debian's guest kernel and prepare (once, cached) what qemu needs:
# an uncompressed ELF vmlinux (boots via PVH, skipping in-guest
# decompression) and a busybox initramfs able to mount the host root
# over virtio-9p.  Prints shell assignments: KVER=, KERNEL=, INITRD=.
set -eu

# The newest kernel that has both an image and a modules tree.  Never
# `uname -r`: the host runs a different kernel than the guest.
pick_kver()
{
	if [ -n "${FSW_KVER:-}" ]; then
		echo "$FSW_KVER"
		return
	fi
	for img in $(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V -r); do
		v=${img#/boot/vmlinuz-}
		if [ -d "/lib/modules/$v/kernel" ]; then
			echo "$v"
			return
		fi
	done
	echo "no Debian kernel found: install linux-image-amd64" >&2
	exit 1
}

KVER=$(pick_kver)
CACHE=${FSW_VM_CACHE:-/var/cache/flowswitch-vm}/$KVER
mkdir -p "$CACHE"
BZ=/boot/vmlinuz-$KVER

# The bzImage carries its payload xz-compressed; find the xz stream and
# decompress it.  Several candidates may match the magic, the first
# that yields an ELF file wins.
extract_elf()
{
	tmp="$CACHE/vmlinux.tmp"
	for off in $(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$BZ" | cut -d: -f1); do
		tail -c +$((off + 1)) "$BZ" | xz -dc 2>/dev/null >"$tmp" || true
		if [ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" = "177ELF" ]; then
			mv "$tmp" "$CACHE/vmlinux"
			return 0
		fi
	done
	rm -f "$tmp"
	return 1
}

if [ ! -s "$CACHE/vmlinux" ] && [ ! -e "$CACHE/no-elf" ]; then
	extract_elf || touch "$CACHE/no-elf"
fi
if [ -s "$CACHE/vmlinux" ] && [ "${FSW_VM_BZIMAGE:-0}" = 0 ]; then
	KERNEL=$CACHE/vmlinux
else
	KERNEL=$BZ
fi

INIT_SRC=$(dirname "$0")/initramfs-init
if [ ! -s "$CACHE/initrd.cpio" ] || [ "$INIT_SRC" -nt "$CACHE/initrd.cpio" ]; then
	root=$(mktemp -d)
	mkdir -p "$root/bin" "$root/mods" "$root/proc" "$root/sys" \
		"$root/dev" "$root/lower" "$root/upper" "$root/newroot"
	cp /bin/busybox "$root/bin/busybox"
	: >"$root/mods/order"
	for m in virtio_pci 9pnet_virtio 9p overlay; do
		modprobe -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		cp "$ko" "$root/mods/"
		basename "$ko" >>"$root/mods/order"
	done
	cp "$INIT_SRC" "$root/init"
	chmod 755 "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$CACHE/initrd.tmp"
	mv "$CACHE/initrd.tmp" "$CACHE/initrd.cpio"
	rm -rf "$root"
fi

echo "KVER=$KVER"
echo "KERNEL=$KERNEL"
echo "INITRD=$CACHE/initrd.cpio"
