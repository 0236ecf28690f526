#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, in a directory of its own, on a free local port, with
# no system service: `start DIR` creates and starts it and prints its server URL; `stop DIR` stops
# it and removes DIR. initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user (which Debian's package creates), and DIR's parent must let it in (mode 755).
# Trust authentication on 127.0.0.1 only, and fsync off: the data is thrown away.
#
#   url=$(bash network/postgres/throwaway-cluster.sh start /tmp/pg)   # postgres://coldtrace@127.0.0.1:PORT/postgres
#   bash network/postgres/throwaway-cluster.sh stop /tmp/pg
set -euo pipefail

verb=${1:-}
dir=${2:-}
if [ -z "$verb" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
bin=$(bash "$(dirname "$0")/install.sh")
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$verb" in
    start)
        mkdir -p "$dir"
        if [ "$(id -u)" -eq 0 ]; then
            chown postgres: "$dir"
        fi
        port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
        as_owner "$bin/initdb" --pgdata="$dir/data" --username=coldtrace --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
        as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
            --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
        echo "postgres://coldtrace@127.0.0.1:$port/postgres"
        ;;
    stop)
        if [ -d "$dir/data" ]; then
            as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null || true
        fi
        rm -rf "$dir"
        ;;
    *)
        echo "usage: $0 start|stop DIR" >&2
        exit 2
        ;;
esac
