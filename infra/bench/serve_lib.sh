# Sourced by load.sh and look-latency.sh: a `btl serve` on a free loopback port over a demo data
# folder, stopped when the script exits. Sets BASE (http://127.0.0.1:PORT) and SERVE_PID.
#   BTL_URL=http://127.0.0.1:8080   use that running server instead of starting one
#   BTL_BENCH_DATA=DIR              the data folder (default /tmp/btl-serve-data, apart from the
#                                   catalog folder of index.sh and models.sh: another layout); made
#                                   once with `btl demo` when it has no index yet, then reused
#   BTL_JAVA_OPTS="..."             JVM options of the server (default: none)
#   MVN_ARGS=-o                     for an offline build of infra/cli/target/btl.jar if missing
# The jar is copied to $work before it runs, so a rebuild meanwhile cannot pull classes away.

serve_start() {
  local work=$1
  if [ -n "${BTL_URL:-}" ]; then
    BASE=${BTL_URL%/}
    SERVE_PID=
    echo "# server: $BASE (given by BTL_URL)"
    return
  fi
  local jar=infra/cli/target/btl.jar
  if [ ! -f "$jar" ]; then
    mvn -q -B ${MVN_ARGS:-} -DskipTests -pl infra/cli -am package
  fi
  mkdir -p "$work"
  # a jar being rebuilt is incomplete for a while: copy one that has not changed for 10 s and
  # whose every entry reads back (testzip), waiting up to 5 minutes
  local tries=0
  until [ $(($(date +%s) - $(stat -c %Y "$jar"))) -ge 10 ] && cp "$jar" "$work/btl.jar.new" \
      && python3 -c 'import sys, zipfile
sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$work/btl.jar.new" 2>/dev/null
  do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || { echo "$jar stays incomplete; build it again" >&2; exit 1; }
    sleep 10
  done
  mv "$work/btl.jar.new" "$work/btl.jar"
  local data=${BTL_BENCH_DATA:-/tmp/btl-serve-data}
  local command=serve
  if [ ! -f "$data/s3/btl-local/index/CURRENT" ]; then
    command=demo   # first run: generates and indexes the synthetic catalog, then serves
  fi
  # shellcheck disable=SC2086
  java ${BTL_JAVA_OPTS:-} -jar "$work/btl.jar" "$command" --data "$data" --port 0 \
    >"$work/serve.out" 2>"$work/serve.err" &
  SERVE_PID=$!
  trap serve_stop EXIT
  local waited=0
  until grep -q 'open http' "$work/serve.out" 2>/dev/null; do
    if ! kill -0 "$SERVE_PID" 2>/dev/null; then
      echo "btl $command stopped before it was ready:" >&2
      tail -n 20 "$work/serve.err" >&2
      exit 1
    fi
    if [ "$waited" -ge 1200 ]; then   # 10 minutes: a first `btl demo` on a busy machine
      echo "btl $command not ready after 10 minutes; see $work/serve.err" >&2
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" | head -1)
  echo "# server: btl $command --data $data on $BASE ($(grep -o 'ready in [0-9.]* s' \
    "$work/serve.out")), pid $SERVE_PID"
}

serve_stop() {
  if [ -n "${SERVE_PID:-}" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
    kill "$SERVE_PID"
    wait "$SERVE_PID" 2>/dev/null || true
  fi
}
