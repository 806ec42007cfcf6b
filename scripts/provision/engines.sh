#!/usr/bin/env bash
# The container engines: whatever engine answers is used as it is (Docker, rootless Docker or Podman, Podman
# machine, colima, DOCKER_HOST: Berth's own discovery). Only when none answers AND this is a bare Debian/Ubuntu
# machine as root (CI, a fresh VM) are Debian's docker.io and podman installed and started, without systemd.
# Nothing under /etc is edited and no host service is stopped: the Podman service started here reads its
# settings from Berth's own file (CONTAINERS_CONF). Idempotent: a second run finds the engines answering.
set -euo pipefail
. "$(dirname "$0")/common.sh"
LOGDIR=${BERTH_ENGINE_LOGDIR:-/tmp/berth-engines}

answering=$(engines_answering)
if [ -n "$answering" ]; then
  while read -r kind url source; do echo "provision: using $kind at $url ($source)"; done <<<"$answering"
  for kind in docker podman; do
    grep -q "^$kind " <<<"$answering" \
      || echo "provision: no $kind engine answers; the engine suites test only what answers (BERTH_TEST_ENGINES)"
  done
  exit 0
fi

bare=0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -r /etc/os-release ] \
  && grep -Eq '^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b' /etc/os-release; then bare=1; fi
if [ "$bare" != 1 ]; then
  cat >&2 <<MSG
provision: no container engine answered (Berth tried DOCKER_HOST, the Docker context, /var/run/docker.sock,
  rootless Docker, Podman's rootful and rootless sockets and Podman machine sockets).
  Start Docker or Podman (e.g. \`systemctl --user start podman.socket\`, Docker Desktop, colima) or set DOCKER_HOST.
  Berth installs engines itself only on a bare Debian/Ubuntu machine as root.
MSG
  exit 1
fi

echo "provision: no container engine answered on this bare $(. /etc/os-release; echo "$PRETTY_NAME") machine:"
echo "provision: installing Debian's docker.io and podman and starting dockerd and a podman service (logs in $LOGDIR)"
export DEBIAN_FRONTEND=noninteractive
need=()
for p in docker.io podman runc iptables curl lsof procps iproute2; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "provision: apt-get install ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${need[@]}" >/dev/null
fi
mkdir -p "$LOGDIR"

# A package's own start (an init script) may already have brought one up.
engine_wait /var/run/docker.sock 1 || {
  echo "provision: starting dockerd"
  setsid dockerd >"$LOGDIR/dockerd.log" 2>&1 </dev/null &
  engine_wait /var/run/docker.sock 30 \
    || { echo "provision: dockerd did not come up; see $LOGDIR/dockerd.log" >&2; tail -20 "$LOGDIR/dockerd.log" >&2; exit 1; }
}

# crun fails on a cgroup v1 hybrid (runc works); a sandbox may forbid raising RLIMIT_NOFILE; without journald
# events go to a file.
mkdir -p "$(dirname "$BERTH_PODMAN_CONF")"
cat >"$BERTH_PODMAN_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
engine_wait /run/podman/podman.sock 1 || {
  echo "provision: starting podman system service (settings: $BERTH_PODMAN_CONF)"
  mkdir -p /run/podman
  CONTAINERS_CONF=$BERTH_PODMAN_CONF setsid podman system service --time=0 unix:///run/podman/podman.sock \
    >"$LOGDIR/podman.log" 2>&1 </dev/null &
  engine_wait /run/podman/podman.sock 30 \
    || { echo "provision: podman service did not come up; see $LOGDIR/podman.log" >&2; tail -20 "$LOGDIR/podman.log" >&2; exit 1; }
}
echo "provision: engines up: docker unix:///var/run/docker.sock, podman unix:///run/podman/podman.sock"
