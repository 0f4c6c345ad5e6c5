#!/usr/bin/env bash
# Builds Tugboat's local test images with `docker import` (no registry, no Dockerfile):
#   tug-busybox:1        static busybox + applet links, CMD sh
#   tug-node:1, :2       host node binary + its shared libs + busybox + /app/server.js
# Idempotent: each image carries a label io.tugboat.content-hash computed from its
# inputs (binaries, app files, this script); an image with the same hash is skipped.
# Uses DOCKER_HOST if set. Prints one line per image.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
BUSYBOX="${TUG_BUSYBOX:-/bin/busybox}"
NODE_BIN="${TUG_NODE_BIN:-$(command -v node)}"
HASH_LABEL=io.tugboat.content-hash
PATH_ENV='PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

current_hash() { docker image inspect "$1" --format "{{index .Config.Labels \"$HASH_LABEL\"}}" 2>/dev/null || true; }

inputs_hash() { # files... → one sha256 over their contents (not paths: callers differ)
  cat "$@" | sha256sum | awk '{print $1}'
}

add_busybox() { # rootfs
  mkdir -p "$1/bin" "$1/tmp" "$1/etc" "$1/proc" "$1/sys" "$1/dev" "$1/usr/bin" "$1/root"
  chmod 1777 "$1/tmp"
  cp "$BUSYBOX" "$1/bin/busybox"
  local applet
  for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$1/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
  echo 'root:x:0:' >"$1/etc/group"
}

add_node() { # rootfs
  mkdir -p "$1/usr/local/bin" "$1/app"
  cp "$NODE_BIN" "$1/usr/local/bin/node"
  local lib
  # ldd lines: "libx.so => /path (addr)" or "/lib64/ld-linux... (addr)"; copy real files to the listed paths.
  for lib in $(ldd "$NODE_BIN" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'); do
    mkdir -p "$1$(dirname "$lib")"
    cp -L "$lib" "$1$lib"
  done
  cp "$here/app/server.js" "$here/app/package.json" "$1/app/"
}

import_rootfs() { # rootfs tag hash changes...
  local rootfs="$1" tag="$2" hash="$3"; shift 3
  local changes=(--change "LABEL $HASH_LABEL=$hash" --change "ENV $PATH_ENV")
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf - . \
    | docker import "${changes[@]}" - "$tag" >/dev/null
}

build_busybox() {
  local tag=tug-busybox:1 hash
  hash="$(inputs_hash "$BUSYBOX" "$0")"
  if [ "$(current_hash "$tag")" = "$hash" ]; then echo "$tag up to date"; return; fi
  add_busybox "$work/busybox"
  import_rootfs "$work/busybox" "$tag" "$hash" 'CMD ["sh"]'
  echo "$tag built"
}

build_node() {
  local hash version tag rootfs="$work/node"
  hash="$(inputs_hash "$BUSYBOX" "$NODE_BIN" "$here/app/server.js" "$here/app/package.json" "$0")"
  for version in 1 2; do
    tag="tug-node:$version"
    if [ "$(current_hash "$tag")" = "$hash" ]; then echo "$tag up to date"; continue; fi
    if [ ! -d "$rootfs" ]; then add_busybox "$rootfs"; add_node "$rootfs"; fi
    import_rootfs "$rootfs" "$tag" "$hash" "ENV APP_VERSION=$version" 'ENV PORT=8080' \
      'WORKDIR /app' 'EXPOSE 8080' 'CMD ["node", "/app/server.js"]'
    echo "$tag built"
  done
}

build_busybox
build_node
