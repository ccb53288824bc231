#!/usr/bin/env bash
# Builds every image compose.yaml runs, with podman: localhost/parley:<version> (+ :latest) from ./Containerfile,
# and the PostgreSQL (pgvector), nginx and Redis images from deploy/containers/*/Containerfile. The base is
# $PARLEY_BASE_IMAGE, else the debootstrap image build-base.sh makes. Layers are cached by podman (its storage), so a
# second run with unchanged sources takes seconds. `docker compose build` does the same with Docker.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${PARLEY_BASE_IMAGE:-localhost/parley-base:bookworm}
# podman keeps every superseded layer (each build with changed sources adds about 1-2 GB); past
# PARLEY_CONTAINERS_MAX_GB (40) of storage, start again from an empty store (one cold build) rather than fill the disk.
root=$(podman info --format '{{.Store.GraphRoot}}')
if [ "$(du -s --block-size=1G "$root" 2>/dev/null | cut -f1)" -gt "${PARLEY_CONTAINERS_MAX_GB:-40}" ] &&
  [ -z "$(podman ps -aq)" ]; then
  echo "podman storage over ${PARLEY_CONTAINERS_MAX_GB:-40} GB: removing every image and layer" >&2
  podman system reset -f >/dev/null
fi
[ "$base" = localhost/parley-base:bookworm ] && deploy/containers/build-base.sh "$base"
version=$(node -p "require('./package.json').version")
# The CA of a network that re-signs TLS (NODE_EXTRA_CA_CERTS), for the npm install inside the build; empty otherwise.
ca=$(mktemp)
trap 'rm -f "$ca"' EXIT
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -s "$NODE_EXTRA_CA_CERTS" ]; then cp "$NODE_EXTRA_CA_CERTS" "$ca"; fi
# The host's npm cache, when there is one, spares the image's `npm ci` the downloads (the Containerfile looks for it).
npmcache=$(npm config get cache 2>/dev/null || true)
vol=()
if [ -n "$npmcache" ] && [ -d "$npmcache/_cacache" ]; then vol=(-v "$npmcache:/npm-cache"); fi
build() { podman build --format docker --layers --secret "id=ca,src=$ca" "${vol[@]}" --build-arg "BASE_IMAGE=$base" "$@"; }
only=${1:-all}
if [ "$only" = all ] || [ "$only" = parley ]; then
  # podman's layer cache keys on file modification times, and a fresh clone gives every file a new one: build from a
  # copy of what the image needs (tracked and new files, as git sees them) with every time set to 0, so unchanged
  # sources hit the cache on every machine and every clone.
  ctx=${PARLEY_CACHE_DIR:-$HOME/.cache/parley}/containers/context
  rm -rf "$ctx" && mkdir -p "$ctx"
  git ls-files -z --cached --others --exclude-standard -- Containerfile .containerignore package.json \
    package-lock.json patches tsconfig.base.json tsconfig.json packages services apps infra/aws/package.json \
    deploy/containers/healthcheck.mjs | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$ctx" -xf -
  find "$ctx" -exec touch -h -d @0 {} +
  build -t "localhost/parley:$version" -t localhost/parley:latest -f "$ctx/Containerfile" "$ctx"
fi
for image in postgres nginx redis; do
  if [ "$only" = all ] || [ "$only" = "$image" ]; then
    build -t "localhost/parley-$image:latest" deploy/containers/$image
  fi
done
