#!/usr/bin/env bash
# Makes the base image localhost/parley-base:bookworm from Debian packages (debootstrap into a folder, then
# `podman import`), for build machines that reach Debian's mirror but no image registry. The rootfs tarball is kept
# in $PARLEY_CACHE_DIR/containers, so a second run only imports it (or does nothing when the image exists).
# Elsewhere, skip this and build with PARLEY_BASE_IMAGE=debian:bookworm-slim.
set -euo pipefail
image=${1:-localhost/parley-base:bookworm}
cache=${PARLEY_CACHE_DIR:-$HOME/.cache/parley}/containers
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
tarball=$cache/$suite-minbase.tar
podman image exists "$image" && exit 0
mkdir -p "$cache"
if [ ! -f "$tarball" ]; then
  root=$cache/rootfs.partial
  # A debootstrap cut short leaves a folder without the marker: start that one again.
  if [ ! -f "$root/.debootstrap-done" ]; then
    rm -rf "$root"
    debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror"
    touch "$root/.debootstrap-done"
  fi
  # What a container never uses: downloaded .debs, package lists, docs, man pages, locales other than C.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/.debootstrap-done
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
  # The mirror debootstrap used, so that apt-get works in images built on this base.
  echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
  echo "deb $mirror $suite-updates main" >>"$root/etc/apt/sources.list"
  echo "deb http://deb.debian.org/debian-security $suite-security main" >>"$root/etc/apt/sources.list"
  tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$root"
fi
podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$image" >/dev/null
echo "base image: $image"
