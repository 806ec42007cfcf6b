#!/usr/bin/env bash
# Local test images built from host binaries (no registry is reachable): localhost/test-redis,
# localhost/test-postgres (initdb on first start, pg_isready), localhost/test-http (busybox httpd, /health).
# Built on every running engine; skipped where all three already exist (set BERTH_REBUILD_IMAGES=1 to force).
set -euo pipefail
IMAGES=(test-redis test-postgres test-http)
engines=()
curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://d/_ping >/dev/null 2>&1 && engines+=(docker)
curl -sf --max-time 2 --unix-socket /run/podman/podman.sock http://d/_ping >/dev/null 2>&1 && engines+=(podman)
[ ${#engines[@]} -gt 0 ] || { echo "images: no engine is running (run scripts/provision/engines.sh)" >&2; exit 1; }

has_all() { local e=$1 i; for i in "${IMAGES[@]}"; do $e image inspect "localhost/$i:latest" >/dev/null 2>&1 || return 1; done; }
todo=()
for e in "${engines[@]}"; do
  if [ "${BERTH_REBUILD_IMAGES:-0}" = 1 ] || ! has_all "$e"; then todo+=("$e"); fi
done
[ ${#todo[@]} -gt 0 ] || { echo "images: present on ${engines[*]}"; exit 0; }

WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

# copy files/dirs plus every shared lib they need (ldd) into rootfs $1
add() {
  local root=$1 f x lib; shift
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"
    if [ -d "$f" ]; then cp -a "$f/." "$root$f/"; else cp -L --preserve=mode "$f" "$root$f"; fi
    while IFS= read -r x; do
      for lib in $(ldd "$x" 2>/dev/null | grep -o '/[^ ]*'); do
        [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
      done
    done < <(find "$f" -type f 2>/dev/null)
  done
}
base() {   # minimal rootfs: busybox + users, merged /usr like the host
  local root=$1; mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,etc,tmp,proc,sys,dev,run,var/run,root}
  ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for a in $(/bin/busybox --list); do [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\nredis:x:998:998:redis:/data:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\nredis:x:998:\nnogroup:x:65534:\n' > "$root/etc/group"
  echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
}

# ---- redis ----
R=$WORK/test-redis/rootfs; base "$R"
add "$R" /usr/bin/redis-server /usr/bin/redis-cli
mkdir -p "$R/data"; chown 998:998 "$R/data"
cat > "$WORK/test-redis/Containerfile" <<'CF'
FROM scratch
ADD rootfs.tar /
WORKDIR /data
EXPOSE 6379
HEALTHCHECK --interval=2s --timeout=2s --retries=3 CMD ["redis-cli","ping"]
USER 998
CMD ["redis-server","--bind","0.0.0.0","--protected-mode","no","--save","","--appendonly","no"]
CF

# ---- postgres ----
P=$WORK/test-postgres/rootfs; base "$P"
PGBIN=/usr/lib/postgresql/15/bin
add "$P" $PGBIN/postgres $PGBIN/initdb $PGBIN/pg_ctl $PGBIN/psql $PGBIN/pg_isready
mkdir -p "$P/usr/lib/postgresql/15/lib"
for so in /usr/lib/postgresql/15/lib/*.so; do case $so in *llvmjit*) ;; *) add "$P" "$so";; esac; done  # llvmjit pulls 100 MB
add "$P" /usr/share/postgresql/15 /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc
rm -rf "$P/usr/share/postgresql/15/man"
mkdir -p "$P/var/lib/postgresql/data" "$P/var/run/postgresql"
chown -R 999:999 "$P/var/lib/postgresql" "$P/var/run/postgresql"; chmod 700 "$P/var/lib/postgresql/data"
cat > "$P/docker-entrypoint.sh" <<'SH'
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
cat > "$WORK/test-postgres/Containerfile" <<'CF'
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/lib/postgresql/15/bin:/bin PGDATA=/var/lib/postgresql/data
EXPOSE 5432
USER 999
STOPSIGNAL SIGINT
HEALTHCHECK --interval=2s --timeout=3s --retries=5 CMD ["pg_isready","-h","127.0.0.1","-U","postgres"]
ENTRYPOINT ["/docker-entrypoint.sh"]
CF

# ---- tiny http with /health ----
H=$WORK/test-http/rootfs; base "$H"
mkdir -p "$H/www/cgi-bin"; echo ok > "$H/www/health"; echo '<h1>hello</h1>' > "$H/www/index.html"
cat > "$WORK/test-http/Containerfile" <<'CF'
FROM scratch
ADD rootfs.tar /
EXPOSE 8080
HEALTHCHECK --interval=2s --timeout=2s --retries=3 CMD ["wget","-q","-O-","http://127.0.0.1:8080/health"]
CMD ["httpd","-f","-v","-p","8080","-h","/www"]
CF

for n in "${IMAGES[@]}"; do
  # ADD of a local tar keeps owners/modes (COPY would chown everything to root)
  tar -C "$WORK/$n/rootfs" --numeric-owner -cf "$WORK/$n/rootfs.tar" .
  printf 'rootfs\n' | tee "$WORK/$n/.containerignore" > "$WORK/$n/.dockerignore"
  for e in "${todo[@]}"; do
    if [ "$e" = podman ]; then
      podman build --format docker -q -t "localhost/$n:latest" -f "$WORK/$n/Containerfile" "$WORK/$n" >/dev/null   # docker format keeps HEALTHCHECK
    else
      DOCKER_BUILDKIT=0 docker build -q -f "$WORK/$n/Containerfile" -t "localhost/$n:latest" "$WORK/$n" >/dev/null 2>&1
    fi
  done
done
echo "images: built ${IMAGES[*]} on ${todo[*]}"
