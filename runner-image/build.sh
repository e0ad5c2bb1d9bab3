#!/usr/bin/env bash
# Ensures the runner image for the current runner-image/ contents exists and prints its tag
# (`skriptoteket-runner:<hash>`, see image-tag.sh) as the LAST line of stdout. Everything
# else goes to stderr. When the tag already exists this does nothing but re-point
# `skriptoteket-runner:latest` (well under a second).
#
# Registries are unreachable on our machines, so the base image `skriptoteket-base:trixie`
# is made locally: `docker pull debian:trixie-slim` when that works, else debootstrap from
# the Debian mirror apt already uses. Package installs inside `docker build` reach that
# mirror normally.
#
# Environment:
#   SKRIPTOTEKET_BASE_IMAGE   base image name (default skriptoteket-base:trixie)
#   SKRIPTOTEKET_DEBIAN_MIRROR  override the mirror used by debootstrap
#   SKRIPTOTEKET_REBUILD=1    rebuild even when the tag exists (uses the layer cache)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_IMAGE="${SKRIPTOTEKET_BASE_IMAGE:-skriptoteket-base:trixie}"
LATEST="skriptoteket-runner:latest"

log() { echo "runner-image: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker CLI not found (run scripts/ensure-docker.sh)"
TAG="$(bash "$HERE/image-tag.sh")"

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# Fast path: the tag exists, nothing to build.
tag_id="$(image_id "$TAG")"
if [ -n "$tag_id" ] && [ "${SKRIPTOTEKET_REBUILD:-0}" != "1" ]; then
  if [ "$(image_id "$LATEST")" != "$tag_id" ]; then
    docker tag "$TAG" "$LATEST" >&2
  fi
  echo "$TAG"
  exit 0
fi
docker info >/dev/null 2>&1 || die "no Docker daemon answers (run scripts/ensure-docker.sh)"

debian_mirror() {
  if [ -n "${SKRIPTOTEKET_DEBIAN_MIRROR:-}" ]; then echo "$SKRIPTOTEKET_DEBIAN_MIRROR"; return; fi
  local f uri
  # deb822 sources: the first URIs: value that is not the security archive.
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    uri="$(awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")"
    if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
  done
  # one-line sources.list format
  if [ -r /etc/apt/sources.list ]; then
    uri="$(awk '$1=="deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { if ($i !~ /security/) { print $i; exit } ; break } }' /etc/apt/sources.list)"
    if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
  fi
  echo "http://deb.debian.org/debian"
}

ensure_base() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  if [ "$BASE_IMAGE" != "skriptoteket-base:trixie" ]; then
    log "pulling $BASE_IMAGE"
    docker pull "$BASE_IMAGE" >&2 || die "base image $BASE_IMAGE is missing and cannot be pulled"
    return
  fi

  log "base image $BASE_IMAGE missing; trying docker pull debian:trixie-slim"
  if timeout 60 docker pull -q debian:trixie-slim >/dev/null 2>&1; then
    docker tag debian:trixie-slim "$BASE_IMAGE" >&2
    return
  fi

  local debootstrap_bin mirror dir
  debootstrap_bin="$(command -v debootstrap || true)"
  [ -n "$debootstrap_bin" ] || debootstrap_bin=/usr/sbin/debootstrap
  [ -x "$debootstrap_bin" ] || die "cannot pull a Debian base and debootstrap is not installed (run scripts/ensure-docker.sh)"
  [ "$(id -u)" -eq 0 ] || die "debootstrap of the base image needs root"

  mirror="$(debian_mirror)"
  dir="$(mktemp -d /var/tmp/skriptoteket-base.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf -- '$dir'" EXIT
  log "pull failed; debootstrapping Debian trixie from $mirror (about a minute)"
  if ! "$debootstrap_bin" --variant=minbase trixie "$dir" "$mirror" >"$dir.log" 2>&1; then
    tail -n 30 "$dir.log" >&2 || true
    rm -f -- "$dir.log"
    die "debootstrap failed"
  fi
  rm -f -- "$dir.log"
  # No package caches in the base; apt lists are fetched again by the Dockerfile anyway.
  rm -rf -- "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/tmp/*
  tar --numeric-owner -C "$dir" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf -- "$dir"
  trap - EXIT
  log "imported $BASE_IMAGE"
}

ensure_base

log "building $TAG"
# The legacy builder is used on purpose: Debian's docker.io ships no buildx plugin, and the
# Dockerfile needs nothing BuildKit-only.
DOCKER_BUILDKIT=0 docker build \
  --build-arg "BASE_IMAGE=$BASE_IMAGE" \
  --label "se.skriptoteket.runner-image=$TAG" \
  -t "$TAG" -t "$LATEST" \
  "$HERE" >&2 || die "docker build failed"

echo "$TAG"
