#!/usr/bin/env bash
# Make sure a Docker daemon answers on /var/run/docker.sock, and that debootstrap is present
# (runner-image/build.sh needs it when no Debian base image can be pulled).
#
# Idempotent and quiet when everything is already fine. Meant for CI and fresh Debian 12
# machines, run as root. Registries are unreachable on these machines; only Debian's apt
# mirrors are, so the daemon comes from Debian's `docker.io` package and is started by hand
# (there is no systemd to start it for us).
set -euo pipefail

DOCKERD_LOG=/tmp/dockerd.log
DOCKER_HOST_SOCK=unix:///var/run/docker.sock
WAIT_SECONDS=60

log() { echo "ensure-docker: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root to run: $*"
  fi
}

APT_LOG=/tmp/ensure-docker-apt.log
apt_updated=0
apt_get() {
  # Output goes to a log; shown only when apt-get fails.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@" >>"$APT_LOG" 2>&1; then
    tail -n 20 "$APT_LOG" >&2 || true
    die "apt-get $* failed (full log: $APT_LOG)"
  fi
}
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    apt_get update -qq
    apt_updated=1
  fi
  log "installing $*"
  apt_get install -y -qq --no-install-recommends "$@"
}

docker_ok() { docker info >/dev/null 2>&1; }

# debootstrap: needed by runner-image/build.sh when `docker pull` of the base fails.
if ! command -v debootstrap >/dev/null 2>&1 && [ ! -x /usr/sbin/debootstrap ]; then
  apt_install debootstrap
fi

# The default bridge `docker build` runs its steps on. A running daemon does not notice when
# the `docker0` link is deleted under it (seen here: another dockerd started with
# --bridge=none in the same network namespace deletes it), and every build then fails with
# "could not find bridge docker0". Put it back as the daemon knows it.
heal_default_bridge() {
  command -v ip >/dev/null 2>&1 || return 0
  ip link show docker0 >/dev/null 2>&1 && return 0
  local gateway subnet
  gateway=$(docker network inspect bridge --format '{{(index .IPAM.Config 0).Gateway}}' 2>/dev/null || true)
  subnet=$(docker network inspect bridge --format '{{(index .IPAM.Config 0).Subnet}}' 2>/dev/null || true)
  [ -n "$subnet" ] || return 0
  # Docker leaves Gateway empty for the default bridge: it is the subnet's first address.
  [ -n "$gateway" ] || gateway="${subnet%.*/*}.1"
  log "re-creating the default bridge docker0 ($gateway/${subnet#*/})"
  as_root ip link add docker0 type bridge &&
    as_root ip addr add "$gateway/${subnet#*/}" dev docker0 &&
    as_root ip link set docker0 up || log "could not re-create docker0; restart dockerd if image builds fail"
}

if command -v docker >/dev/null 2>&1 && docker_ok; then
  heal_default_bridge
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ]; then
  # docker.io pulls in containerd, runc and the docker CLI; iptables is needed for the
  # default bridge that `docker build` uses to reach the apt mirror.
  apt_install docker.io iptables ca-certificates
fi
command -v docker >/dev/null 2>&1 || apt_install docker.io
export PATH="$PATH:/usr/sbin:/sbin"

dockerd_running() {
  if command -v pgrep >/dev/null 2>&1; then pgrep -x dockerd >/dev/null 2>&1; return; fi
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# A daemon may be starting already (another process ran this script a moment ago).
started_pid=""
if ! dockerd_running; then
  [ "$(id -u)" -eq 0 ] || die "no Docker daemon answers and starting one needs root"
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid + nohup: the daemon must outlive this script and the shell/job that ran it.
  setsid nohup dockerd --host "$DOCKER_HOST_SOCK" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  started_pid=$!
fi

for _ in $(seq 1 $((WAIT_SECONDS * 4))); do
  if docker_ok; then
    log "docker is up"
    exit 0
  fi
  if [ -n "$started_pid" ] && ! kill -0 "$started_pid" 2>/dev/null; then
    log "dockerd exited; last lines of $DOCKERD_LOG:"
    tail -n 15 "$DOCKERD_LOG" >&2 2>/dev/null || true
    die "dockerd failed to start"
  fi
  sleep 0.25
done

log "last lines of $DOCKERD_LOG:"
tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
die "Docker daemon did not answer 'docker info' within ${WAIT_SECONDS}s"
