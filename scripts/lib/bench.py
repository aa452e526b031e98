"""Measures runboard against MLflow's own client and server; called by scripts/bench.

Each figure is the median of --repeat runs, ours and the baseline alternating so that a busy
machine slows both alike. Wall times are whole processes for runboard (start-up included) and the
call itself for MLflow's Python client (its ~2 s of imports left out). Peak memory is the
process's maximum resident set size.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BASELINE_SEARCH = r"""
import json, os, resource, sys, time
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
from mlflow.tracking import MlflowClient
client = MlflowClient(sys.argv[1])
client.search_experiments(max_results=1)
started = time.monotonic()
runs, token = [], None
while True:
    page = client.search_runs([sys.argv[2]], max_results=1000, page_token=token)
    runs += page
    token = page.token
    if not token:
        break
elapsed = time.monotonic() - started
print(json.dumps({"seconds": elapsed, "runs": len(runs),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_measured(argv, env=None):
    """Runs a process with output to /dev/null; returns (wall seconds, peak RSS MB, exit status)."""
    started = time.monotonic()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(argv, stdout=devnull, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} failed ({code}): {stderr[-500:]}")
    return wall, usage.ru_maxrss / 1024, code


def http_seconds(request):
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.monotonic() - started


def median(values):
    return statistics.median(values)


class Terminal:
    """A private tmux server: runs runboard in a real terminal for the dashboard figures."""

    def __init__(self, width=200, height=60):
        self.dir = tempfile.mkdtemp(prefix="runboard-bench-")
        self.socket = os.path.join(self.dir, "tmux.sock")
        self.size = (str(width), str(height))
        # An idle session keeps the server up between measurements.
        self.tmux("new-session", "-d", "-s", "keeper", "sleep 100000")

    def tmux(self, *args):
        env = dict(os.environ)
        env.pop("TMUX", None)
        subprocess.run(["tmux", "-S", self.socket, *args], check=True, env=env, capture_output=True)

    def start(self, command, exit_after):
        """Starts `command` (a list) in a new window, quitting after the event `exit_after`;
        returns the file its JSON events go to."""
        path = os.path.join(self.dir, "report.jsonl")
        if os.path.exists(path):
            os.remove(path)
        quoted = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
        shell = (f"export LANG=C.UTF-8 TERM=tmux-256color RUNBOARD_LOG=/dev/null RUNBOARD_BENCH_REPORT='{path}' "
                 f"RUNBOARD_BENCH_EXIT={exit_after}; RUNBOARD_BENCH_T0=$(date +%s%N) exec {quoted}")
        self.tmux("new-session", "-d", "-s", "m", "-x", self.size[0], "-y", self.size[1], shell)
        return path

    def report(self, command, exit_after, timeout=120):
        """Runs `command` (a list) in a new window; returns the JSON event `exit_after` it reported."""
        path = self.start(command, exit_after)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if os.path.exists(path):
                    for line in open(path):
                        event = json.loads(line)
                        if event["event"] == exit_after:
                            return event
                time.sleep(0.02)
            sys.exit(f"{' '.join(command)}: no {exit_after} report within {timeout} s")
        finally:
            try:
                self.tmux("kill-session", "-t", "m")
            except subprocess.CalledProcessError:
                pass

    def close(self):
        try:
            self.tmux("kill-server")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def dashboard_figures(args, bench, report):
    """Start to first frame, first page against the server's own time, peak memory, key to frame."""
    rb, experiment, n = args.runboard, bench["experiment_bench"], max(args.repeat, 5)
    sqlite_uri = "sqlite:///" + args.db
    terminal = Terminal()
    try:
        # 1. From start to the first full frame (experiments and the first page of runs), 200x60.
        for label, command in [("demo store", [rb, "demo"]),
                               ("mlflow.db, 20,000 runs", [rb, sqlite_uri, "--experiment", experiment])]:
            times = [terminal.report(command, "first_full_frame")["ms"] for _ in range(n)]
            report(f"start to first full frame, {label}", f"{median(times):.0f} ms", "", "< 150 ms", median(times) < 150,
                   f"min {min(times):.0f}, max {max(times):.0f} ms")

        # 2. The first page of runs against the server's own time for that page, asked for as
        #    runboard asks: on a connection that has just listed the experiments.
        def server_first_page_ms():
            url = urllib.parse.urlsplit(args.server)
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
            try:
                def post(path, body):
                    connection.request("POST", "/api/2.0/mlflow" + path, body=json.dumps(body),
                                       headers={"Content-Type": "application/json"})
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        sys.exit(f"{path}: HTTP {response.status}")
                post("/experiments/search", {"max_results": 1000})
                started = time.monotonic()
                post("/runs/search", {"experiment_ids": [experiment], "max_results": 100, "run_view_type": "ACTIVE_ONLY"})
                return (time.monotonic() - started) * 1000
            finally:
                connection.close()

        ours, server_alone, first, page_ms = [], [], [], []
        # The server's own time for the same page is noisy (~90-400 ms between consecutive
        # requests here), so this figure takes more pairs than the others.
        pairs = max(4 * n + 1, 21)
        for _ in range(pairs):
            server_alone.append(server_first_page_ms())
            event = terminal.report([rb, args.server, "--experiment", experiment], "first_full_frame")
            ours.append(event["runs_ms"])
            page_ms.append(event.get("page_ms", -1))
            first.append(event["ms"])
            # Later pages may have been asked for before runboard quit; the server finishes them
            # (it does not notice the client left), so let it settle before the next measurement.
            time.sleep(5)
        ratio = median(ours) / median(server_alone)

        def quartiles(values):
            ordered = sorted(values)
            return f"{ordered[len(ordered) // 4]:.0f}-{ordered[(3 * len(ordered)) // 4]:.0f}"
        report("first page of runs on screen, REST", f"{median(ours):.0f} ms", f"server alone {median(server_alone):.0f} ms",
               "≤ 1.1 × server", ratio <= 1.1,
               f"ratio {ratio:.2f} over {pairs} pairs (quartiles {quartiles(ours)} / {quartiles(server_alone)} ms, "
               f"mins {min(ours):.0f} / {min(server_alone):.0f} ms); of ours, the store call "
               f"{median(page_ms):.0f} ms, the rest reduce + render + draw; start to first full frame {median(first):.0f} ms")

        # 3. Peak memory with every run loaded in the dashboard.
        for label, uri in [("mlflow.db", sqlite_uri), ("REST", args.server)]:
            events = [terminal.report([rb, uri, "--experiment", experiment], "all_runs_loaded", timeout=300) for _ in range(min(n, 3))]
            if any(int(e["runs"]) != bench["runs"] for e in events):
                sys.exit(f"the dashboard loaded {[e['runs'] for e in events]} runs, expected {bench['runs']}")
            peak = max(e["vm_hwm_kb"] for e in events) / 1024
            last = events[-1]
            report(f"peak memory, 20,000 runs in the dashboard, {label}", f"{peak:.0f} MB",
                   "", "< 150 MB", peak < 150,
                   f"all loaded after {median([e['ms'] for e in events]) / 1000:.1f} s; resident then: heap "
                   f"{last.get('rss_anon_kb', -1024) / 1024:.0f} MB, mapped files {last.get('rss_file_kb', -1024) / 1024:.0f} MB")
    finally:
        terminal.close()

    # 4. One key and the next frame with 20,000 runs at 200x60 (reduce + render + diff, in process).
    figures = []
    for _ in range(3):
        out = subprocess.run([args.framebench], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("runboard-framebench failed: " + out.stderr[-500:])
        figures.append(json.loads(out.stdout.strip().splitlines()[-1]))
    key = median([f["median_ms"] for f in figures])
    report("key to next frame, 20,000 runs, 200x60", f"{key:.2f} ms median", "", "< 2 ms", key < 2,
           f"p90 {median([f['p90_ms'] for f in figures]):.2f} ms, {figures[0]['cells_per_frame']} cells per frame")
    # 5. Back to an experiment whose 20,000 runs are loaded, sorted by a metric: the key to its frame.
    back = median([f["return_median_ms"] for f in figures])
    report("back to a loaded 20,000-run experiment, first frame", f"{back:.1f} ms median", "", "< 50 ms", back < 50,
           "reduce + render + diff in process, sorted by a metric; the refresh behind the table not counted")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runboard", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--bench-json", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--framebench")
    parser.add_argument("--only", choices=["client", "dashboard", "summary"])
    args = parser.parse_args()
    bench = json.load(open(args.bench_json))
    experiment, huge = bench["experiment_bench"], bench["huge_history_run"]
    sqlite_uri = "sqlite:///" + args.db
    env = dict(os.environ, RUNBOARD_LOG=os.devnull, COLUMNS="200")
    rb = args.runboard
    mlflow_cli = os.path.join(os.path.dirname(sys.executable), "mlflow")
    rows = []

    def report(name, ours, baseline, target, ok, note=""):
        rows.append((name, ours, baseline, target, "yes" if ok else "NO", note))
        print(f"  {name}: {ours} | {baseline} | {target} | {'met' if ok else 'MISSED'}", flush=True)

    n = args.repeat
    if args.only == "summary":
        summary_figures(rb, sqlite_uri, huge, env, n, report)
        return finish(rows)
    if args.only != "client":
        dashboard_figures(args, bench, report)
    if args.only == "dashboard":
        return finish(rows)

    # 1. runboard experiments against the server, `mlflow experiments search`, and the server's own time.
    search = urllib.request.Request(f"{args.server}/api/2.0/mlflow/experiments/search", method="POST",
                                    data=b'{"max_results": 1000}', headers={"Content-Type": "application/json"})
    ours, server_alone = [], []
    for _ in range(max(n, 9)):
        ours.append(run_measured([rb, "experiments", "--tracking-uri", args.server], env)[0])
        server_alone.append(http_seconds(search))
    theirs = [run_measured([mlflow_cli, "experiments", "search"], dict(env, MLFLOW_TRACKING_URI=args.server))[0] for _ in range(n)]
    report("experiments over REST", f"{median(ours):.3f} s", f"mlflow experiments search {median(theirs):.2f} s",
           "< 0.1 s", median(ours) < 0.1, f"server alone {median(server_alone):.3f} s")

    # 2. All 20,000 runs with params and metrics over REST, side by side with MlflowClient.search_runs.
    ours_t, ours_m, base_t, base_m = [], [], [], []
    for _ in range(n):
        wall, rss, _ = run_measured([rb, "runs", "--tracking-uri", args.server, "--experiment", experiment, "--format", "json"], env)
        ours_t.append(wall)
        ours_m.append(rss)
        out = subprocess.run([sys.executable, "-c", BASELINE_SEARCH, args.server, experiment], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            sys.exit("baseline search_runs failed: " + out.stderr[-500:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if result["runs"] != bench["runs"]:
            sys.exit(f"baseline saw {result['runs']} runs, expected {bench['runs']}")
        base_t.append(result["seconds"])
        base_m.append(result["rss_mb"])
    ratio = median(ours_t) / median(base_t)
    report("all 20,000 runs over REST", f"{median(ours_t):.1f} s, {max(ours_m):.0f} MB peak",
           f"MlflowClient.search_runs {median(base_t):.1f} s, {max(base_m):.0f} MB", "≤ 0.6 × client, < 150 MB",
           ratio <= 0.6 and max(ours_m) < 150, f"ratio {ratio:.2f}")

    # 3. All runs straight from mlflow.db.
    walls, rss = zip(*[run_measured([rb, "runs", "--tracking-uri", sqlite_uri, "--experiment", experiment, "--format", "json"], env)[:2] for _ in range(n)])
    report("all 20,000 runs from mlflow.db", f"{median(walls):.2f} s, {max(rss):.0f} MB peak", "", "< 1 s", median(walls) < 1)

    # 4. A 1,000,000-point metric sampled to 2,500 points: runboard against the server's own time.
    url = f"{args.server}/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={huge}&metric_key=loss&max_results=2500"
    ours, theirs = [], []
    for _ in range(n):
        theirs.append(http_seconds(url))
        ours.append(run_measured([rb, "history", "--tracking-uri", args.server, huge, "loss", "--format", "json"], env)[0])
    ratio = median(ours) / median(theirs)
    report("1M-point metric sampled to 2,500, REST", f"{median(ours):.2f} s", f"server alone {median(theirs):.2f} s",
           "≤ 1.1 × server", ratio <= 1.1, f"ratio {ratio:.2f}")

    walls = [run_measured([rb, "history", "--tracking-uri", sqlite_uri, huge, "loss", "--format", "json"], env)[0] for _ in range(max(n, 5))]
    report("1M-point metric sampled to 2,500, mlflow.db", f"{median(walls):.3f} s", "", "< 0.3 s", median(walls) < 0.3)

    summary_figures(rb, sqlite_uri, huge, env, n, report)
    return finish(rows)


def summary_figures(rb, sqlite_uri, huge, env, n, report):
    """5. The exact min/max/best of the 1,000,000-point metric from mlflow.db: the whole
    `runboard history --summary` process, and the store call alone, taken as the difference to
    the same process summarizing a 3-point metric of the same run (start, open, run lookup)."""
    def argv(key):
        return [rb, "history", "--tracking-uri", sqlite_uri, huge, key, "--summary", "--format", "json"]

    out = subprocess.run(argv("loss"), capture_output=True, text=True, env=env)
    first = json.loads(out.stdout) if out.returncode == 0 else {}
    if first.get("count") != 1_000_000 or first.get("better") != "lower" or first.get("min") is None:
        sys.exit(f"runboard history --summary of the 1M-point metric said: {out.stdout[-500:]} {out.stderr[-500:]}")
    walls = sorted(run_measured(argv("loss"), env)[0] for _ in range(max(n, 7)))
    small = sorted(run_measured(argv("learning_rate"), env)[0] for _ in range(max(n, 7)))
    quartiles = f"quartiles {walls[len(walls) // 4]:.3f}-{walls[(3 * len(walls)) // 4]:.3f} s"
    report("exact min/max/best of the 1M-point metric, mlflow.db (whole process)", f"{median(walls):.3f} s", "",
           "< 0.3 s", median(walls) < 0.3, quartiles)
    store_call = median(walls) - median(small)
    report("the same, the store call alone", f"{store_call:.3f} s", f"process on a 3-point metric {median(small):.3f} s",
           "< 0.3 s", store_call < 0.3, "difference of the medians")


def finish(rows):
    print()
    print("| measure | runboard | baseline | target | met | note |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0 if all(row[4] == "yes" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
