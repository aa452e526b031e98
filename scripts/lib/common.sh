# Shared by the scripts in scripts/: the venv with MLflow, and an MLflow server's life cycle.
# Source it; it defines functions and variables only.

RUNBOARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MLFLOW_VERSION="3.17.2"
VENV="${RUNBOARD_VENV:-$RUNBOARD_ROOT/.venv}"
PYTHON="$VENV/bin/python"

# MLflow must not phone home from tests, and the servers need no job runner.
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
export MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false

section() { printf '\n==== %s ====\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Creates the venv with MLflow unless one with MLflow already exists.
ensure_venv() {
    if [ -x "$PYTHON" ] && "$PYTHON" -c 'import mlflow' 2>/dev/null; then
        local have
        have="$("$PYTHON" -c 'import mlflow; print(mlflow.__version__)')"
        [ "$have" = "$MLFLOW_VERSION" ] || echo "note: $VENV has mlflow $have (pinned: $MLFLOW_VERSION); using it"
        return 0
    fi
    command -v python3 >/dev/null || die "python3 is needed to create $VENV"
    echo "creating $VENV with mlflow==$MLFLOW_VERSION"
    python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$VENV/bin/pip" install --quiet --upgrade pip || die "pip upgrade failed"
    "$VENV/bin/pip" install --quiet "mlflow==$MLFLOW_VERSION" || die "pip install mlflow==$MLFLOW_VERSION failed"
}

# A TCP port on the loopback interface that nothing listens on right now.
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# launch_server BACKEND_URI ARTIFACTS_DIR LOG [extra mlflow server args...]
# Starts `mlflow server` in its own process group on a free loopback port, without waiting.
# Sets SERVER_PGID, SERVER_URL and SERVER_LOG.
launch_server() {
    local backend="$1" artifacts="$2"
    SERVER_LOG="$3"
    shift 3
    local port
    port="$(free_port)" || return 1
    mkdir -p "$artifacts" "$(dirname "$SERVER_LOG")"
    # setsid: the server, its uvicorn workers and their helpers share one new process group.
    setsid "$VENV/bin/mlflow" server --backend-store-uri "$backend" --artifacts-destination "$artifacts" \
        --serve-artifacts --host 127.0.0.1 --port "$port" --workers 2 "$@" >"$SERVER_LOG" 2>&1 </dev/null &
    SERVER_PGID=$!
    SERVER_URL="http://127.0.0.1:$port"
}

# wait_server [TIMEOUT_S]: waits until the launched server answers GET /health with OK.
# On failure prints the log's tail, stops the server and returns 1.
wait_server() {
    local timeout="${1:-120}"
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -lt $deadline ]; do
        if ! kill -0 "$SERVER_PGID" 2>/dev/null; then
            echo "mlflow server exited during start-up; the end of $SERVER_LOG:" >&2
            tail -n 30 "$SERVER_LOG" >&2
            SERVER_PGID=""
            return 1
        fi
        if "$PYTHON" - "$SERVER_URL/health" <<'PY' 2>/dev/null; then
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if r.read().strip() == b"OK" else 1)
PY
            return 0
        fi
        sleep 0.3
    done
    echo "mlflow server did not answer $SERVER_URL/health within ${timeout}s; the end of $SERVER_LOG:" >&2
    tail -n 30 "$SERVER_LOG" >&2
    stop_server
    return 1
}

# start_server BACKEND_URI ARTIFACTS_DIR LOG [extra args...]: launch_server, then wait_server.
start_server() {
    launch_server "$@" && wait_server "${SERVER_START_TIMEOUT:-120}"
}

# Stops the server started by start_server: its whole process group, TERM then KILL.
stop_server() {
    [ -n "${SERVER_PGID:-}" ] || return 0
    local pgid="$SERVER_PGID"
    SERVER_PGID=""
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    local i
    for i in $(seq 1 50); do
        pgrep -g "$pgid" >/dev/null 2>&1 || { wait "$pgid" 2>/dev/null; return 0; }
        sleep 0.2
    done
    echo "mlflow server (process group $pgid) ignored TERM; killing it" >&2
    kill -KILL -- "-$pgid" 2>/dev/null
    sleep 0.5
    if pgrep -g "$pgid" >/dev/null 2>&1; then
        echo "warning: processes of group $pgid are still alive:" >&2
        ps -o pid,cmd -g "$pgid" >&2
        return 1
    fi
    wait "$pgid" 2>/dev/null
    return 0
}

# run_generator KIND URI DIR WORK: one generation, its output in WORK/generate-KIND.log.
run_generator() {
    local kind="$1" uri="$2" dir="$3" work="$4"
    if ! "$PYTHON" "$RUNBOARD_ROOT/Tests/Fixtures/generate_fixtures.py" --tracking-uri "$uri" \
        --out "$dir/$kind/manifest.json" --server-artifacts "$dir/server/artifacts" >"$work/generate-$kind.log" 2>&1; then
        echo "generating the $kind fixture failed; the end of $work/generate-$kind.log:" >&2
        tail -n 30 "$work/generate-$kind.log" >&2
        return 1
    fi
    echo "$kind: generated in $("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["generation_seconds"])' \
        "$dir/$kind/manifest.json") s"
}

# generate_fixtures DIR WORK: wipes DIR and writes the fixture data set three times with real
# MLflow: through a live server (left running: SERVER_URL, SERVER_PGID), into DIR/sqlite/mlflow.db
# and into DIR/filestore/mlruns; then DIR/manifest.json. Under CI=true (or with
# RUNBOARD_CHECK_FIXTURES=1) every store is then read back and checked against the manifest.
generate_fixtures() {
    local dir="$1" work="$2" started=$SECONDS failed=0
    rm -rf "$dir"
    mkdir -p "$dir" "$work"
    launch_server "sqlite:///$dir/server/mlflow.db" "$dir/server/artifacts" "$work/server.log" || return 1
    # The server takes a while to start: fill the local stores meanwhile.
    run_generator sqlite "sqlite:///$dir/sqlite/mlflow.db" "$dir" "$work" &
    local sqlite_job=$!
    run_generator filestore "file://$dir/filestore/mlruns" "$dir" "$work" &
    local filestore_job=$!
    wait "$sqlite_job" || failed=1
    wait "$filestore_job" || failed=1
    [ $failed -eq 0 ] || return 1
    wait_server "${SERVER_START_TIMEOUT:-120}" || return 1
    echo "server: $SERVER_URL answered after $((SECONDS - started)) s"
    run_generator server "$SERVER_URL" "$dir" "$work" || return 1
    "$PYTHON" "$RUNBOARD_ROOT/Tests/Fixtures/generate_fixtures.py" --combine "$dir/manifest.json" \
        "$dir/server/manifest.json" "$dir/sqlite/manifest.json" "$dir/filestore/manifest.json" || return 1
    echo "fixtures ready in $dir after $((SECONDS - started)) s"
    if [ "${CI:-}" = true ] || [ "${RUNBOARD_CHECK_FIXTURES:-0}" = 1 ]; then
        local checked=$SECONDS
        "$PYTHON" "$RUNBOARD_ROOT/Tests/Fixtures/verify_fixtures.py" "$dir/manifest.json" || return 1
        echo "fixtures read back and checked in $((SECONDS - checked)) s"
    fi
}
