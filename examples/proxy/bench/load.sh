#!/usr/bin/env bash
# Loopback load: gwapi-proxy against nginx, in front of the same echo backend, by hand (not CI).
#
#   bash examples/proxy/bench/load.sh [SECONDS_PER_RUN]
#
# Installs nginx and wrk (Debian packages), builds gwapi-proxy in release mode, then for 10 and
# 1,000 routes (one host each, a prefix rule setting a request header) and 50 and 200
# connections runs wrk against nginx, ours, ours, nginx: one proxy at a time, everything on
# 127.0.0.1. Last, ours alone at 10 and 10,000 routes (10, 10,000, 10,000, 10; 50 connections):
# the table's size should not show in requests/s. nginx is tuned as its docs advise for proxying: one worker per core,
# access_log off, HTTP/1.1 upstream keepalive above the client connection count.
# Prints one markdown table row per run, with the proxy's CPU time (user + system, all its
# processes) per request: on a machine shared with other work, requests/s moves with what the
# others do, CPU time per request much less. Bounded: 20 runs of SECONDS_PER_RUN (default 10).
set -euo pipefail
cd "$(dirname "$0")/../../.."
secs=${1:-10}
work=$(mktemp -d /tmp/gwapi-proxy-load.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
fi
cargo build -q --release -p gateway-api-proxy
bin=${CARGO_TARGET_DIR:-target}/release/gwapi-proxy
cores=$(nproc)
backend=127.0.0.1:18080
listen=127.0.0.1:18000

"$bin" echo --listen "$backend" --service bench/web &
pids+=($!)

manifests() { # $1 = routes
    cat <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: bench}
spec: {controllerName: example.net/bench}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: bench}
spec:
  gatewayClassName: bench
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: bench}
spec: {ports: [{port: 8080}]}
YAML
    # printf is a builtin: a `cat` per route would fork 10,000 times.
    for ((i = 0; i < $1; i++)); do
        printf '%s\n' --- \
            'apiVersion: gateway.networking.k8s.io/v1' \
            'kind: HTTPRoute' \
            "metadata: {name: r$i, namespace: bench}" \
            'spec:' \
            '  parentRefs: [{name: gw}]' \
            "  hostnames: [host$i.example.com]" \
            '  rules:' \
            '  - matches: [{path: {type: PathPrefix, value: /}}]' \
            '    filters:' \
            '    - type: RequestHeaderModifier' \
            "      requestHeaderModifier: {set: [{name: x-route, value: r$i}]}" \
            '    backendRefs: [{name: web, port: 8080}]'
    done
}

nginx_conf() { # $1 = routes
    cat <<CONF
worker_processes $cores;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    upstream backend { server $backend; keepalive 512; }
    # Sized for 1,000 server names, as nginx's server_names docs advise (its defaults log
    # "could not build optimal server_names_hash" and fall back to a slower table).
    server_names_hash_max_size 4096;
    server_names_hash_bucket_size 128;
CONF
    for ((i = 0; i < $1; i++)); do
        cat <<CONF
    server {
        listen $listen;
        server_name host$i.example.com;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header x-route r$i;
        }
    }
CONF
    done
    echo "}"
}

# CPU time (user + system, in clock ticks) of the processes in $1 (comma-separated pids).
cpu_ticks() {
    local total=0 p
    for p in ${1//,/ }; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)

wait_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on $1" >&2
    return 1
}

run() { # $1 = proxy, $2 = routes, $3 = connections
    local host="host$(($2 / 2)).example.com" pid pids
    if [ "$1" = nginx ]; then
        nginx_conf "$2" >"$work/nginx.conf"
        nginx -c "$work/nginx.conf"
    else
        manifests "$2" >"$work/routes.yaml"
        "$bin" serve "$work/routes.yaml" --gateway bench/gw --listen "http=$listen" \
            --endpoint "bench/web:8080=$backend" --no-watch 2>"$work/proxy.log" &
        pid=$!
    fi
    wait_port "$listen"
    if [ "$1" = nginx ]; then
        pids=$(pgrep -d, -P "$(cat "$work/nginx.pid")")
    else
        pids=$pid
    fi
    # Warm up, then measure.
    wrk -t2 -c"$3" -d2s -H "Host: $host" "http://$listen/api" >/dev/null
    local out before after
    before=$(cpu_ticks "$pids")
    out=$(wrk -t2 -c"$3" -d"${secs}s" --latency -H "Host: $host" "http://$listen/api")
    after=$(cpu_ticks "$pids")
    if [ "$1" = nginx ]; then
        kill "$(cat "$work/nginx.pid")"
        sleep 1
    else
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    local rps p50 p99 errors requests cpu
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(((after - before) * 1000000 / ticks_per_second / requests))
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
    echo "| $1 | $2 | $3 | $rps | $p50 | $p99 | $cpu µs | ${errors:-none} |"
}

echo "| proxy | routes | connections | requests/s | p50 | p99 | CPU per request | errors |"
echo "|---|---|---|---|---|---|---|---|"
for conns in 50 200; do
    for routes in 10 1000; do
        for proxy in nginx gwapi-proxy gwapi-proxy nginx; do
            run "$proxy" "$routes" "$conns"
        done
    done
done
for routes in 10 10000 10000 10; do
    run gwapi-proxy "$routes" 50
done
