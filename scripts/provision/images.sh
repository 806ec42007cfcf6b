#!/usr/bin/env bash
# Offline stand-ins for the images the demo and the suites name, for machines that cannot pull them:
#   postgres:16-alpine  PostgreSQL from Debian (initdb on first start, POSTGRES_USER/PASSWORD/DB, pg_isready)
#   redis:7-alpine      redis-server + redis-cli (HEALTHCHECK redis-cli ping)
#   busybox:stable      busybox; by default `httpd` on 8080 serving /www with /health → ok (HEALTHCHECK)
# Built from Debian binaries unpacked into Berth's cache (binaries.sh), on every engine that answers (rootful,
# rootless, DOCKER_HOST: Berth's discovery), and only where the name is missing: an image the user has (pulled
# or their own) is never replaced. Stand-ins carry the label dev.berth.offline; BERTH_REBUILD_IMAGES=1 rebuilds
# those (and only those).
set -euo pipefail
. "$(dirname "$0")/common.sh"
KEYS=(postgres redis busybox)
declare -A NAME=([postgres]=postgres:16-alpine [redis]=redis:7-alpine [busybox]=busybox:stable)
LABEL=dev.berth.offline

answering=$(engines_answering)
[ -n "$answering" ] || { echo "images: no container engine answers (run scripts/provision/engines.sh)" >&2; exit 1; }

# The CLI that reaches one engine: podman's remote client for Podman (server-side settings apply), else docker.
cli() {
  local kind=$1 url=$2
  if [ "$kind" = podman ] && command -v podman >/dev/null 2>&1; then
    CLI=(podman --remote --url "$url")
  else
    command -v docker >/dev/null 2>&1 || { echo "images: the docker CLI is needed to build on $url" >&2; return 1; }
    CLI=(env DOCKER_BUILDKIT=0 docker -H "$url")
  fi
}
# Podman stores a pulled short name under docker.io/library/; tag the stand-ins the same way.
full_name() { if [ "$1" = podman ]; then echo "docker.io/library/$2"; else echo "$2"; fi; }
needs_build() {   # image missing, or ours and a rebuild was asked for
  local label
  label=$("${CLI[@]}" image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null) || return 0
  [ "${BERTH_REBUILD_IMAGES:-0}" = 1 ] && [ -n "$label" ] && [ "$label" != '<no value>' ]
}

declare -A TODO=()
while read -r kind url _; do
  cli "$kind" "$url" || continue
  for k in "${KEYS[@]}"; do
    if needs_build "$(full_name "$kind" "${NAME[$k]}")"; then TODO[$kind $url]+=" $k"; fi
  done
done <<<"$answering"
if [ ${#TODO[@]} -eq 0 ]; then
  echo "images: ${NAME[*]} present on $(cut -d' ' -f2 <<<"$answering" | paste -sd' ')"
  exit 0
fi

SRC=$(bash "$(dirname "$0")/binaries.sh")
PG=$(cat "$SRC/../postgresql")
PGV=${PG#postgresql-}
# Where ldd finds the unpacked libraries (only for ldd: the engine CLIs keep the host's).
LIBS=$(find "$SRC" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

# Copies container paths (files or dirs) from the unpacked debs (or the host, for libraries it has) into
# rootfs $1, plus every shared library they load (ldd).
add() {
  local root=$1 p src x lib dest; shift
  for p in "$@"; do
    src=$SRC$p; [ -e "$src" ] || src=$p
    mkdir -p "$root$(dirname "$p")"
    if [ -d "$src" ]; then mkdir -p "$root$p"; cp -aL "$src/." "$root$p/"; else cp -L --preserve=mode "$src" "$root$p"; fi
    while IFS= read -r x; do
      for lib in $(LD_LIBRARY_PATH=$LIBS ldd "$x" 2>/dev/null | grep -o '/[^ ]*'); do
        dest=${lib#"$SRC"}
        [ -e "$root$dest" ] || { mkdir -p "$root$(dirname "$dest")"; cp -L "$lib" "$root$dest"; }
      done
    done < <(find "$src" -type f 2>/dev/null)
  done
}
base() {   # minimal rootfs: busybox + users, merged /usr like Debian
  local root=$1 a; mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,etc,tmp,proc,sys,dev,run,var/run,root}
  ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  cp "$SRC/bin/busybox" "$root/bin/busybox"
  for a in $("$SRC/bin/busybox" --list); do [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\nredis:x:998:998:redis:/data:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\nredis:x:998:\nnogroup:x:65534:\n' >"$root/etc/group"
  echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
}
# The owned tree of image $1 (directories a non-root user writes) goes into owned.tar as uid/gid $2, so no chown
# (and no root) is needed to build.
owned() { mkdir -p "$WORK/$1/owned"; OWNED_UID[$1]=$2; }
declare -A OWNED_UID=()

# ---- redis ----
R=$WORK/redis/rootfs; base "$R"
add "$R" /usr/bin/redis-server /usr/bin/redis-cli
owned redis 998; mkdir -p "$WORK/redis/owned/data"
cat >"$WORK/redis/Containerfile" <<'CF'
FROM scratch
ADD rootfs.tar /
ADD owned.tar /
WORKDIR /data
EXPOSE 6379
HEALTHCHECK --interval=2s --timeout=2s --retries=3 CMD ["redis-cli","ping"]
USER 998
CMD ["redis-server","--bind","0.0.0.0","--protected-mode","no","--save","","--appendonly","no"]
CF

# ---- postgres ----
P=$WORK/postgres/rootfs; base "$P"
PGBIN=/usr/lib/postgresql/$PGV/bin
add "$P" $PGBIN/postgres $PGBIN/initdb $PGBIN/pg_ctl $PGBIN/psql $PGBIN/pg_isready
for so in "$SRC"/usr/lib/postgresql/"$PGV"/lib/*.so; do
  case $so in *llvmjit*) ;; *) add "$P" "${so#"$SRC"}" ;; esac
done
add "$P" "/usr/share/postgresql/$PGV" /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc
rm -rf "$P/usr/share/postgresql/$PGV/man"
owned postgres 999; mkdir -p "$WORK/postgres/owned/var/lib/postgresql/data" "$WORK/postgres/owned/var/run/postgresql"
chmod 700 "$WORK/postgres/owned/var/lib/postgresql/data"
cat >"$P/docker-entrypoint.sh" <<'SH'
#!/bin/sh
set -e
: "${PGDATA:=/var/lib/postgresql/data}" "${POSTGRES_USER:=postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  AUTH=trust; PW=
  if [ -n "$POSTGRES_PASSWORD" ]; then echo "$POSTGRES_PASSWORD" > /tmp/pw; PW=--pwfile=/tmp/pw; AUTH=scram-sha-256; fi
  initdb -D "$PGDATA" -U "$POSTGRES_USER" -E UTF8 --locale=C --auth-local=trust --auth-host=$AUTH $PW >/dev/null
  rm -f /tmp/pw
  echo "host all all 0.0.0.0/0 $AUTH" >> "$PGDATA/pg_hba.conf"
  if [ -n "$POSTGRES_DB" ] && [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
SH
chmod 755 "$P/docker-entrypoint.sh"
cat >"$WORK/postgres/Containerfile" <<CF
FROM scratch
ADD rootfs.tar /
ADD owned.tar /
ENV PATH=$PGBIN:/bin PGDATA=/var/lib/postgresql/data
EXPOSE 5432
USER 999
STOPSIGNAL SIGINT
HEALTHCHECK --interval=2s --timeout=3s --retries=5 CMD ["pg_isready","-h","127.0.0.1","-U","postgres"]
ENTRYPOINT ["/docker-entrypoint.sh"]
CF

# ---- busybox with a tiny http server (/health) ----
H=$WORK/busybox/rootfs; base "$H"
mkdir -p "$H/www/cgi-bin"; echo ok >"$H/www/health"; echo '<h1>hello</h1>' >"$H/www/index.html"
owned busybox 0
cat >"$WORK/busybox/Containerfile" <<'CF'
FROM scratch
ADD rootfs.tar /
ADD owned.tar /
EXPOSE 8080
HEALTHCHECK --interval=2s --timeout=2s --retries=3 CMD ["wget","-q","-O-","http://127.0.0.1:8080/health"]
CMD ["httpd","-f","-v","-p","8080","-h","/www"]
CF

built=()
for k in "${KEYS[@]}"; do
  # ADD of a local tar keeps owners and modes (COPY would chown everything to root).
  tar -C "$WORK/$k/rootfs" --numeric-owner --owner=0 --group=0 -cf "$WORK/$k/rootfs.tar" .
  tar -C "$WORK/$k/owned" --numeric-owner --owner="${OWNED_UID[$k]}" --group="${OWNED_UID[$k]}" -cf "$WORK/$k/owned.tar" .
  printf 'rootfs\nowned\n' | tee "$WORK/$k/.containerignore" >"$WORK/$k/.dockerignore"
  for target in "${!TODO[@]}"; do
    [[ " ${TODO[$target]} " == *" $k "* ]] || continue
    kind=${target%% *}; url=${target#* }
    cli "$kind" "$url"
    name=$(full_name "$kind" "${NAME[$k]}")
    fmt=(); [ "${CLI[0]}" = podman ] && fmt=(--format docker)   # docker format keeps HEALTHCHECK
    "${CLI[@]}" build "${fmt[@]}" -q --label "$LABEL=scripts/provision/images.sh" -t "$name" \
      -f "$WORK/$k/Containerfile" "$WORK/$k" >"$WORK/build.log" 2>&1 \
      || { echo "images: building $name on $url failed:" >&2; cat "$WORK/build.log" >&2; exit 1; }
    built+=("$name on $url")
  done
done
echo "images: built offline stand-ins (label $LABEL):"
printf '  %s\n' "${built[@]}"
