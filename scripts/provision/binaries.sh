#!/usr/bin/env bash
# Host binaries unpacked from Debian's .deb files into Berth's cache (`apt-get download` + `dpkg-deb -x`), so
# nothing is installed, enabled or started on the host. Library packages the host lacks are fetched too
# (Depends closure over lib*). Prints the unpacked root on stdout; a second run only prints it. Needs apt.
# Usage: binaries.sh [images|registry]
#   images    what the offline images are made of: busybox, redis, PostgreSQL, zoneinfo (the default)
#   registry  Debian's docker-registry, the loopback registry the pull tests serve images from
set -euo pipefail
. "$(dirname "$0")/common.sh"
SET=${1:-images}
case $SET in
  images) DIR=$BERTH_CACHE/debs ;;
  registry) DIR=$BERTH_CACHE/debs-registry ;;
  *) echo "binaries: unknown set '$SET' (images or registry)" >&2; exit 2 ;;
esac
ROOT=$DIR/root
[ -f "$DIR/.complete" ] && { echo "$ROOT"; exit 0; }
command -v apt-get >/dev/null 2>&1 || { echo "binaries: apt-get is needed to fetch the $SET binaries" >&2; exit 1; }
mkdir -p "$DIR/pkgs"
exec 9>"$DIR/.lock"
flock 9
[ -f "$DIR/.complete" ] && { echo "$ROOT"; exit 0; }

# Our own apt lists when the host's are empty or stale, so /var/lib/apt is not rewritten either.
APT=()
if ! apt-cache show busybox-static >/dev/null 2>&1; then
  echo "binaries: the host's apt lists do not know busybox-static; updating Berth's own lists in $DIR/lists" >&2
  mkdir -p "$DIR/lists/partial"
  APT=(-o "Dir::State::Lists=$DIR/lists")
  apt-get "${APT[@]}" -o Debug::NoLocking=1 update -qq >&2
fi
if [ "$SET" = images ]; then
  pg=$(apt-cache "${APT[@]}" depends postgresql | sed -n 's/^  Depends: \(postgresql-[0-9][0-9]*\)$/\1/p' | head -1)
  [ -n "$pg" ] || { echo "binaries: apt knows no postgresql-<version> package" >&2; exit 1; }
  want=(busybox-static redis-server redis-tools "$pg" "${pg/postgresql-/postgresql-client-}" tzdata)
else
  want=(docker-registry)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
queue=("${want[@]}")
declare -A seen=()
for p in "${want[@]}"; do seen[$p]=1; done
while [ ${#queue[@]} -gt 0 ]; do
  p=${queue[0]}; queue=("${queue[@]:1}")
  while read -r dep; do
    [ -n "$dep" ] && [ -z "${seen[$dep]:-}" ] || continue
    seen[$dep]=1
    # libllvm only serves the JIT, which the image leaves out (100 MB)
    case $dep in libllvm*) continue ;; esac
    installed "$dep" && continue
    want+=("$dep"); queue+=("$dep")
  done < <(apt-cache "${APT[@]}" depends --important "$p" 2>/dev/null \
    | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \(lib[^ <>]*\)$/\2/p')
done
echo "binaries: downloading ${want[*]} into $DIR/pkgs" >&2
(cd "$DIR/pkgs" && apt-get "${APT[@]}" download -q "${want[@]}" >&2 2> >(grep -v 'unsandboxed as root' >&2))
rm -rf "$ROOT"
for deb in "$DIR"/pkgs/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
if [ "$SET" = images ]; then echo "$pg" >"$DIR/postgresql"; fi
touch "$DIR/.complete"
echo "$ROOT"
