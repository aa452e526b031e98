"""The overlay and plot figures of scripts/bench (`--only overlay`, `--only plot`).

    bench_overlay.py --runboard BIN --db OVERLAY_DB --json overlay.json [--server URL] [--demo URI]
                     [--repeat N] --only overlay|plot

plot: `runboard plot` of one metric for 10 runs to an SVG, from a local mlflow.db (the whole
process): 10 runs of 200,000 points each from the overlay store, and 10 runs of the demo store.

overlay: 100 runs of 200,000 points each, served by `mlflow server` from the overlay store. The
dashboard's first overlaid chart (`p` on the 100 marked runs, in tmux at 200x60; from asking the
store to the frame that shows every run) against the server's own time for the same bulk request,
and `runboard plot` of the same runs (1,000 points each, the whole process) against the server's
time for its request. Each pair alternates ours and the server's so a busy machine slows both alike.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Terminal, finish, http_seconds, median, run_measured  # noqa: E402

GRID_SAMPLES = 200  # points per run of the overlay grid's charts (overlayGridSamples)


def bulk_url(server, ids, key, samples):
    query = urllib.parse.urlencode([("run_ids", i) for i in ids] + [("metric_key", key), ("max_results", samples)])
    return f"{server}/api/2.0/mlflow/metrics/get-history-bulk-interval?{query}"


def plot_figures(args, data, env, report):
    out = os.path.join(tempfile.mkdtemp(prefix="runboard-plot-"), "chart.svg")
    uri = "sqlite:///" + args.db
    n = max(args.repeat, 7)
    argv = [args.runboard, "plot", "--tracking-uri", uri, *data["run_ids"][:10], "--metric", data["key"], "--output", out]
    walls = [run_measured(argv, env)[0] for _ in range(n)]
    report(f"plot of 10 runs x {data['points']:,} points to SVG, mlflow.db", f"{median(walls):.3f} s", "", "< 0.3 s",
           median(walls) < 0.3, f"whole process, min {min(walls):.3f} s, {os.path.getsize(out) // 1024} KB SVG")
    if args.demo:
        listed = subprocess.run([args.runboard, "runs", "--tracking-uri", args.demo, "--experiment", "image-classifier-sweep",
                                 "--max", "10", "--format", "json"], capture_output=True, text=True, env=env)
        ids = [run["run_id"] for run in json.loads(listed.stdout)]
        argv = [args.runboard, "plot", "--tracking-uri", args.demo, *ids, "--metric", "val_loss", "--output", out]
        walls = [run_measured(argv, env)[0] for _ in range(n)]
        report("plot of 10 runs to SVG, the demo store's mlflow.db", f"{median(walls):.3f} s", "", "< 0.3 s",
               median(walls) < 0.3, f"whole process, min {min(walls):.3f} s")


def dashboard_overlay_ms(terminal, command, runs, timeout=900):
    """Starts the dashboard, marks every run once the first page shows, presses p, and returns the
    first_overlay_chart event."""
    path = terminal.start(command, "first_overlay_chart")
    deadline = time.monotonic() + timeout
    keys_sent = False
    try:
        while time.monotonic() < deadline:
            events = [json.loads(line) for line in open(path)] if os.path.exists(path) else []
            names = {e["event"]: e for e in events}
            if "first_overlay_chart" in names:
                return names["first_overlay_chart"]
            if not keys_sent and names.get("first_full_frame", {}).get("runs", 0) >= runs:
                terminal.tmux("send-keys", "-t", "m", *(["Space"] * runs))
                time.sleep(0.5)
                terminal.tmux("send-keys", "-t", "m", "p")
                keys_sent = True
            time.sleep(0.02)
        sys.exit(f"no first_overlay_chart within {timeout} s")
    finally:
        try:
            terminal.tmux("kill-session", "-t", "m")
        except subprocess.CalledProcessError:
            pass


def overlay_figures(args, data, env, report):
    ids, key, n = data["run_ids"], data["key"], args.repeat
    terminal = Terminal()
    try:
        ours, batch, server_alone = [], [], []
        for _ in range(n):
            server_alone.append(http_seconds(bulk_url(args.server, ids, key, GRID_SAMPLES)) * 1000)
            event = dashboard_overlay_ms(terminal, [args.runboard, args.server, "--experiment", str(data["experiment"])], len(ids))
            if int(event["runs"]) != len(ids):
                sys.exit(f"the overlay showed {event['runs']} runs, expected {len(ids)}")
            ours.append(event["overlay_ms"])
            batch.append(event.get("batch_ms", -1))
        ratio = median(ours) / median(server_alone)
        report(f"first overlaid chart, {len(ids)} runs x {data['points']:,} points, REST", f"{median(ours) / 1000:.2f} s",
               f"server alone {median(server_alone) / 1000:.2f} s", "≤ 1.1 × server", ratio <= 1.1,
               f"ratio {ratio:.3f} over {n} pairs ({GRID_SAMPLES} points per run, one bulk request of {len(ids)} runs); "
               f"the store call {median(batch) / 1000:.2f} s, the rest reduce + render + draw")
    finally:
        terminal.close()
    out = os.path.join(tempfile.mkdtemp(prefix="runboard-plot-"), "chart.svg")
    ours, server_alone = [], []
    for _ in range(n):
        server_alone.append(http_seconds(bulk_url(args.server, ids, key, 1000)))
        ours.append(run_measured([args.runboard, "plot", "--tracking-uri", args.server, *ids, "--metric", key,
                                  "--samples", "1000", "--output", out], env)[0])
    ratio = median(ours) / median(server_alone)
    report(f"runboard plot, {len(ids)} runs x {data['points']:,} points to SVG, REST", f"{median(ours):.2f} s",
           f"server alone {median(server_alone):.2f} s", "≤ 1.1 × server", ratio <= 1.1,
           f"ratio {ratio:.3f}; whole process: {len(ids)} runs looked up, 1,000 points per run")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runboard", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--server")
    parser.add_argument("--demo")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["overlay", "plot"], required=True)
    args = parser.parse_args()
    data = json.load(open(args.json))
    env = dict(os.environ, RUNBOARD_LOG=os.devnull, COLUMNS="200")
    rows = []

    def report(name, ours, baseline, target, ok, note=""):
        rows.append((name, ours, baseline, target, "yes" if ok else "NO", note))
        print(f"  {name}: {ours} | {baseline} | {target} | {'met' if ok else 'MISSED'}", flush=True)

    if args.only == "plot":
        plot_figures(args, data, env, report)
    else:
        if not args.server:
            sys.exit("--only overlay needs --server")
        overlay_figures(args, data, env, report)
    return finish(rows)


if __name__ == "__main__":
    sys.exit(main())
