# Sourced by the provisioning steps: Berth's own folders and the engines that answer.
# Everything provisioning writes lives under $BERTH_CACHE (default ~/.cache/berth), never under /etc.
BERTH_CACHE=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}
BERTH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The settings of the Podman service Berth starts itself (passed as CONTAINERS_CONF; the host's file is untouched).
BERTH_PODMAN_CONF=$BERTH_CACHE/podman/containers.conf

# "<docker|podman> <url> <source>" per answering engine, in the discovery order of src/engine.
engines_answering() {
  (cd "$BERTH_REPO" && node --import tsx scripts/provision/answering.ts)
}

# Waits until the unix socket $1 answers as an engine, for at most $2 seconds.
engine_wait() {
  (cd "$BERTH_REPO" && node --import tsx scripts/provision/answering.ts --wait "$1" "$2")
}
