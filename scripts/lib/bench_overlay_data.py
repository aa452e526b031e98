"""Builds the overlay benchmark's SQLite store: experiment `overlay-bench` with RUNS runs (100 by
default), each with a metric `loss` of POINTS points (200,000 by default).

    bench_overlay_data.py FOLDER [RUNS] [POINTS]

MLflow itself creates the database, the experiment and every run with its first point of `loss`
(the reference rows); the points are then inserted with sqlite3 in exactly that layout (the
`metrics` and `latest_metrics` tables of mlflow/store/tracking/dbmodels/models.py), run after run,
with MLflow's secondary indexes dropped during the insert and recreated from their own DDL.
MLflow's client then reads the latest value back. Run again on a folder that has the store, it
makes only the points again (POINTS may differ).
"""

import json
import math
import os
import sqlite3
import sys
import time

BASE_TIME = 1_735_689_600_000  # 2025-01-01T00:00:00Z, in ms


def value(run, step, points):
    """A training curve per run: a decay of its own speed and floor, with a ripple."""
    speed = 0.15 + 0.02 * (run % 17)
    floor = 0.05 + 0.01 * (run % 11)
    return round(2.0 * math.exp(-step / (points * speed)) + floor + 0.02 * math.sin(step / 700 + run), 6)


def run_start(index, points):
    """Runs one after the other, as a sweep on one machine: each run's points are contiguous in
    the table, as MLflow writes them."""
    return BASE_TIME + index * (points * 1_000 + 60_000)


def fill_metrics(db_path, ids, points):
    """Replaces every point of `loss` by `points` points per run, run after run, in MLflow's layout,
    and gives SQLite the planner statistics of `ANALYZE`: without them SQLite answers MLflow's
    per-run sampling query from the primary key's index on `key`, reading the key's 20,000,000
    entries for each run, instead of MLflow's (run_uuid, key, step) index."""
    db = sqlite3.connect(db_path)
    reference = db.execute("SELECT typeof(key), typeof(value), typeof(timestamp), typeof(run_uuid), typeof(step), "
                           "typeof(is_nan) FROM metrics LIMIT 1").fetchone()
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                         "AND tbl_name IN ('metrics', 'latest_metrics')").fetchall()
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA cache_size = -400000")
    with db:
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        db.execute("DELETE FROM metrics WHERE key = 'loss'")
        # Primary-key order (key, timestamp, ...), which is also run after run.
        rows = (("loss", value(index, step, points), run_start(index, points) + step * 1_000, rid, step, 0)
                for index, rid in enumerate(ids) for step in range(points))
        db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)", rows)
        last = points - 1
        db.executemany("UPDATE latest_metrics SET value = ?, timestamp = ?, step = ? WHERE key = 'loss' AND run_uuid = ?",
                       [(value(index, last, points), run_start(index, points) + last * 1_000, last, rid)
                        for index, rid in enumerate(ids)])
        db.executemany("UPDATE runs SET start_time = ?, end_time = ? WHERE run_uuid = ?",
                       [(run_start(index, points), run_start(index, points) + points * 1_000, rid) for index, rid in enumerate(ids)])
        for _, sql in indexes:
            db.execute(sql)
    db.execute("ANALYZE")
    got = db.execute("SELECT typeof(key), typeof(value), typeof(timestamp), typeof(run_uuid), typeof(step), "
                     "typeof(is_nan) FROM metrics WHERE step = 1 LIMIT 1").fetchone()
    count = db.execute("SELECT count(*) FROM metrics").fetchone()[0]
    db.close()
    if got != reference:
        sys.exit(f"bulk rows {got} differ from MLflow's {reference}")
    if count != len(ids) * points:
        sys.exit(f"{count} metric rows, expected {len(ids) * points}")


def main():
    folder = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    points = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    os.makedirs(folder, exist_ok=True)
    db_path = os.path.join(folder, "mlflow.db")
    os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{db_path}"
    started = time.time()

    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    described = os.path.join(folder, "overlay.json")
    if os.path.exists(described):
        # The runs are there: only the points are made again (at a new size, or after a change here).
        data = json.load(open(described))
        experiment, ids = data["experiment"], data["run_ids"]
    else:
        experiment = client.create_experiment("overlay-bench", tags={
            "mlflow.note.content": f"{runs} runs with a metric `loss` of many points, for the overlay benchmark."})
        ids = []
        for index in range(runs):
            start = run_start(index, points)
            run = client.create_run(experiment, start_time=start, run_name=f"run-{index:03d}",
                                    tags={"mlflow.user": "alice", "mlflow.source.name": "train.py"})
            rid = run.info.run_id
            client.log_batch(rid, metrics=[Metric("loss", value(index, 0, points), start, 0)])
            client.set_terminated(rid, "FINISHED", end_time=start + points * 1_000)
            ids.append(rid)
        print(f"MLflow created {runs} runs in {time.time() - started:.0f} s", flush=True)

    fill_metrics(db_path, ids, points)
    latest = client.get_run(ids[-1]).data.metrics["loss"]
    if abs(latest - value(len(ids) - 1, points - 1, points)) > 1e-9:
        sys.exit("MLflow does not read back the latest value")
    with open(described, "w") as f:
        json.dump({"experiment": experiment, "run_ids": ids, "points": points, "key": "loss"}, f)
    print(f"{len(ids)} runs x {points:,} points in {time.time() - started:.0f} s "
          f"({os.path.getsize(db_path) / 1e9:.2f} GB)")


if __name__ == "__main__":
    main()
