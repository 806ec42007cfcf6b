#!/usr/bin/env bash
# The floor script as a team hand-writes it on the engine's CLI (the seeds' `podman exec … pg_isready && break;
# sleep 1` loops, done carefully): the demo stack of bench/stackFloor.ts (same images, env, mounts and steps), the
# two independent branches in parallel, every wait a 50 ms poll, the one-shot waited for by a blocking `run --rm`.
# bench/stackVsFloor.ts runs it beside the API floor and Berth; it prints `mark <step> <ms since its start>`.
# Usage: bench/stack-floor.sh docker|podman POSTGRES_PORT REDIS_PORT HTTP_PORT DEMO_DIR
set -euo pipefail
T0=$(date +%s%N)
mark() { echo "mark $1 $((($(date +%s%N) - T0) / 1000000))"; }

[ $# -eq 5 ] || { echo "usage: $0 docker|podman POSTGRES_PORT REDIS_PORT HTTP_PORT DEMO_DIR" >&2; exit 2; }
cli=$1 pg_port=$2 redis_port=$3 http_port=$4 demo=$5
case $cli in docker | podman) ;; *) echo "stack-floor: engine must be docker or podman, not '$cli'" >&2; exit 2 ;; esac
# The podman CLI runs libpod itself: give it the provisioned service's settings (scripts/provision/engines.sh) so
# both see the same storage, networks and runtime.
conf=${BERTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/podman/containers.conf
if [ "$cli" = podman ] && [ -z "${CONTAINERS_CONF:-}" ] && [ -f "$conf" ]; then export CONTAINERS_CONF=$conf; fi

net=benchfloor_net
names=(benchfloor_postgres benchfloor_migrations benchfloor_redis benchfloor_ds)
# podman's rm -f waits the stop timeout (docker's kills) and removes nothing when one name is missing
rm_opts=()
if [ "$cli" = podman ]; then rm_opts=(-t 0 -i); fi
created=0
cleanup() {
  local pid
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  if [ "$created" = 1 ]; then
    "$cli" rm -f -v "${rm_opts[@]}" "${names[@]}" >/dev/null 2>&1 || true
    "$cli" network rm "$net" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# poll WHAT CMD…: runs CMD every 50 ms until it succeeds; fails after 60 s.
poll() {
  local what=$1 end=$((SECONDS + 60))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || { echo "stack-floor: $what not ready within 60 s" >&2; return 1; }
    sleep 0.05
  done
}
redis_pong() { [[ "$("$cli" exec benchfloor_redis redis-cli ping 2>/dev/null)" == *PONG* ]]; }
health() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/health"
  else # bash's own TCP: a real GET, success on a 200 status line
    local line
    exec 3<>"/dev/tcp/127.0.0.1/$http_port" || return 1
    printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 2 line <&3 || line=
    exec 3<&-
    [[ "$line" == "HTTP/"*" 200"* ]]
  fi
}

postgres_branch() {
  "$cli" run -d --name benchfloor_postgres --network "$net" --network-alias postgres -p "$pg_port:5432" \
    -e POSTGRES_USER=slm_user -e POSTGRES_PASSWORD=test_password -e POSTGRES_DB=action_history \
    postgres:16-alpine >/dev/null
  mark 'postgres started'
  # Podman's network here has no DNS: the one-shot gets postgres's address as an /etc/hosts entry.
  local hosts=()
  if [ "$cli" = podman ]; then
    local ip
    ip=$("$cli" inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" benchfloor_postgres)
    hosts=(--add-host "postgres:$ip")
  fi
  poll postgres "$cli" exec benchfloor_postgres pg_isready -h 127.0.0.1 -U slm_user
  mark 'postgres ready'
  local rc=0
  "$cli" run --rm --name benchfloor_migrations --network "$net" "${hosts[@]}" -e PGPASSWORD=test_password \
    -v "$demo/stack/migrations.sql:/migrations.sql:ro" --entrypoint psql postgres:16-alpine \
    -h postgres -U slm_user -d action_history -v ON_ERROR_STOP=1 -f /migrations.sql >/dev/null || rc=$?
  [ "$rc" = 0 ] || { echo "stack-floor: migrations exited with $rc" >&2; exit 1; }
  mark 'migrations ready'
}
redis_branch() {
  "$cli" run -d --name benchfloor_redis --network "$net" -p "$redis_port:6379" redis:7-alpine >/dev/null
  mark 'redis started'
  poll redis redis_pong
  mark 'redis ready'
}

"$cli" network create "$net" >/dev/null
created=1
mark network
postgres_branch &
pg=$!
redis_branch &
rd=$!
wait "$pg"
wait "$rd"
"$cli" run -d --name benchfloor_ds --network "$net" -p "$http_port:8080" busybox:stable \
  sh -c 'mkdir -p /www && echo ok > /www/health && exec httpd -f -v -p 8080 -h /www' >/dev/null
mark 'ds started'
poll datastorage health
mark 'ds ready'
