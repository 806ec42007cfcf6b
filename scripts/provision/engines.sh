#!/usr/bin/env bash
# Real Docker (Debian docker.io) and real Podman (Debian podman, rootful), started without systemd.
# Idempotent: packages already installed are not reinstalled; a running engine is left alone.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
LOGDIR=${BERTH_ENGINE_LOGDIR:-/tmp/berth-engines}; mkdir -p "$LOGDIR"
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo

need=()
for p in docker.io podman runc iptables busybox-static redis-server postgresql-15 curl lsof procps iproute2; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "provision: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${need[@]}" >/dev/null
fi
# The packaged services must not hold the test ports or run as daemons here.
for svc in redis-server postgresql; do $SUDO service "$svc" stop >/dev/null 2>&1 || true; done

ping_sock() { curl -sf --max-time 2 --unix-socket "$1" http://d/_ping >/dev/null 2>&1; }

# ---- Docker ----
if ! ping_sock /var/run/docker.sock; then
  echo "provision: starting dockerd"
  setsid $SUDO dockerd >"$LOGDIR/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 150); do ping_sock /var/run/docker.sock && break; sleep 0.2; done
  ping_sock /var/run/docker.sock || { echo "provision: dockerd did not come up; see $LOGDIR/dockerd.log" >&2; tail -20 "$LOGDIR/dockerd.log" >&2; exit 1; }
fi

# ---- Podman ----
# crun fails on this cgroup v1 hybrid (runc works); RLIMIT_NOFILE cannot be raised in the sandbox;
# events go to a file because there is no journald.
conf=/etc/containers/containers.conf
want="$(cat <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
)"
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  $SUDO mkdir -p /etc/containers; printf '%s\n' "$want" | $SUDO tee "$conf" >/dev/null
fi
if ! ping_sock /run/podman/podman.sock; then
  echo "provision: starting podman system service"
  $SUDO mkdir -p /run/podman
  setsid $SUDO podman system service --time=0 unix:///run/podman/podman.sock >"$LOGDIR/podman.log" 2>&1 < /dev/null &
  for _ in $(seq 100); do ping_sock /run/podman/podman.sock && break; sleep 0.1; done
  ping_sock /run/podman/podman.sock || { echo "provision: podman service did not come up; see $LOGDIR/podman.log" >&2; tail -20 "$LOGDIR/podman.log" >&2; exit 1; }
fi
echo "provision: engines up (docker $(curl -s --unix-socket /var/run/docker.sock http://d/version | sed -n 's/.*"Version":"\([^"]*\)".*/\1/p' | head -1); podman socket /run/podman/podman.sock)"
