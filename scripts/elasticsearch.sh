#!/usr/bin/env bash
# Fetch, start and stop a local single-node Elasticsearch for tests and benchmarks.
#
#   scripts/elasticsearch.sh fetch    # download the integ-test zip from Maven Central (once)
#   scripts/elasticsearch.sh start    # start on 127.0.0.1:${ES_PORT:-9200} and wait for green
#   scripts/elasticsearch.sh stop
#   scripts/elasticsearch.sh status
#
# Why this shape (see DESIGN.md, "Elasticsearch, for real"): the integ-test zip has no bundled
# JDK (we use the system Java 17), refuses to run as root (we start it as user `kabarchy-es`),
# ships security that must be switched off, and has no `GET /` (we wait on /_cluster/health).
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.16}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ES_HOME_BASE="${ES_HOME_BASE:-$ROOT/.es}"
ES_HOME="$ES_HOME_BASE/elasticsearch-$ES_VERSION"
ES_PORT="${ES_PORT:-9200}"
ES_USER="${ES_USER:-kabarchy-es}"
ES_HEAP="${ES_HEAP:-512m}"
URL="http://127.0.0.1:$ES_PORT"

java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
  local java
  java="$(readlink -f "$(command -v java)")"
  dirname "$(dirname "$java")"
}

fetch() {
  if [[ -x "$ES_HOME/bin/elasticsearch" ]]; then return; fi
  mkdir -p "$ES_HOME_BASE"
  local zip="$ES_HOME_BASE/elasticsearch-$ES_VERSION.zip"
  if [[ ! -s "$zip" ]]; then
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$ES_HOME_BASE"
  fi
  (cd "$ES_HOME_BASE" && unzip -q -o "$zip")
  chmod +x "$ES_HOME"/bin/*
}

running() {
  curl -fsS "$URL/_cluster/health" >/dev/null 2>&1
}

start() {
  fetch
  if running; then echo "elasticsearch already running at $URL"; return; fi
  if [[ "$(id -u)" == "0" ]]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME"
    # the user must be able to reach ES_HOME through its parents
    local d="$ES_HOME"; while [[ "$d" != "/" ]]; do chmod o+x "$d" 2>/dev/null || true; d="$(dirname "$d")"; done
  fi
  local data="$ES_HOME/data" logs="$ES_HOME/logs"
  mkdir -p "$data" "$logs"
  [[ "$(id -u)" == "0" ]] && chown -R "$ES_USER" "$data" "$logs"
  local cmd=(env ES_JAVA_HOME="$(java_home)" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP"
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/es.pid"
    -E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$ES_PORT"
    -E xpack.security.enabled=false -E path.data="$data" -E path.logs="$logs"
    -E cluster.routing.allocation.disk.threshold_enabled=false
    -E action.destructive_requires_name=false)
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u "$ES_USER" -- "${cmd[@]}"
  else
    "${cmd[@]}"
  fi
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      echo "elasticsearch $ES_VERSION up at $URL"
      return
    fi
    sleep 1
  done
  echo "elasticsearch did not come up; last log lines:" >&2
  tail -n 40 "$logs"/*.log >&2 || true
  exit 1
}

stop() {
  local pidfile="$ES_HOME/es.pid"
  if [[ -f "$pidfile" ]]; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
  echo "elasticsearch stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running; then curl -fsS "$URL/_cluster/health"; echo; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
