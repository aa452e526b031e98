"""Builds the benchmark SQLite store: experiment `bench` with 20,000 runs (12 params, 6 metrics
with a short history each) and, in experiment `bench-history`, the run `huge-history` with a
1,000,000-point metric `loss`.

    bench_data.py FOLDER

MLflow itself creates the database, both experiments and the run `huge-history` (params, tags
and short metric histories, one of them ending in NaN). Its rows are the reference: the bulk
rows are inserted with sqlite3 in exactly their layout (mlflow/store/tracking/dbmodels/models.py:
runs, params, tags, metrics, latest_metrics), the SQLite type of every column is compared with
the reference rows, and MLflow's client then reads the result back.
"""

import json
import math
import os
import random
import sqlite3
import sys
import time
import uuid

RUNS = 20_000
HUGE_POINTS = 1_000_000
BASE_TIME = 1_735_689_600_000  # 2025-01-01T00:00:00Z, in ms
SEED = 20_000

PARAMS = {
    "lr": ["0.1", "0.03", "0.01", "0.003", "0.001", "0.0003", "0.0001"],
    "batch_size": ["16", "32", "64", "128", "256"],
    "optimizer": ["adam", "adamw", "sgd", "rmsprop"],
    "dropout": [f"{0.05 * k:.2f}" for k in range(10)],
    "weight_decay": ["0", "1e-5", "1e-4", "5e-4"],
    "epochs": ["10", "20", "50", "100"],
    "model": ["resnet18", "resnet50", "vit-s", "convnext-t"],
    "seed": None,  # the run's index
    "warmup_steps": ["0", "100", "500", "1000"],
    "momentum": ["0.9", "0.95", "0.99"],
    "scheduler": ["cosine", "step", "linear", "none"],
    "label_smoothing": ["0.0", "0.05", "0.1"],
}
METRICS = ["loss", "val_loss", "acc", "val_acc", "f1", "learning_rate"]
USERS = ["alice", "bob", "carol", "dave"]
STATUSES = ["FINISHED"] * 90 + ["FAILED"] * 5 + ["KILLED"] * 3 + ["RUNNING"] * 2


def run_id(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def make_run(rng, index, artifact_root):
    """One bench run: its row and its params, tags and metric points (NaN as MLflow stores it)."""
    rid = run_id(rng)
    name = f"run-{index:05d}"
    start = BASE_TIME + index * 60_000
    status = rng.choice(STATUSES)
    end = None if status == "RUNNING" else start + rng.randint(5, 55) * 60_000
    user = USERS[index % len(USERS)]
    row = (rid, name, "UNKNOWN", "", "", user, status, start, end, "", "active",
           f"{artifact_root}/{rid}/artifacts", None)
    params = [(key, str(index) if values is None else rng.choice(values), rid) for key, values in PARAMS.items()]
    tags = [("mlflow.user", user, rid), ("mlflow.source.name", "train.py", rid),
            ("mlflow.source.type", "LOCAL", rid), ("sweep", f"sweep-{index // 1000:02d}", rid),
            ("mlflow.runName", name, rid)]
    points = []
    latest = []
    quality = rng.random()
    for key in METRICS:
        count = rng.randint(3, 5)
        series = []
        for step in range(count):
            progress = (step + 1) / count
            if key in ("loss", "val_loss"):
                value = round(2.0 * (1 - progress * quality) + rng.random() * 0.05, 6)
            elif key == "learning_rate":
                value = round(0.001 * (1 - progress / 2), 8)
            else:
                value = round(0.5 + 0.45 * progress * quality + rng.random() * 0.01, 6)
            series.append((key, value, start + (step + 1) * 1000, rid, step, 0))
        if status == "FAILED" and key == "val_loss":
            last = series[-1]
            series[-1] = (key, 0.0, last[2], rid, last[4], 1)
        points += series
        k, value, timestamp, _, step, is_nan = series[-1]
        latest.append((k, value, timestamp, step, is_nan, rid))
    return row, params, tags, points, latest


def column_types(db, sql, args=()):
    """For each column of the query, the set of SQLite storage classes its values have."""
    cursor = db.execute(sql, args)
    names = [d[0] for d in cursor.description]
    found = {n: set() for n in names}
    for row in cursor:
        for n, v in zip(names, row):
            found[n].add(type(v).__name__ if v is not None else "NULL")
    return found


def reference(db, rid):
    return {
        "runs": column_types(db, "SELECT * FROM runs WHERE run_uuid = ?", (rid,)),
        "params": column_types(db, "SELECT * FROM params WHERE run_uuid = ?", (rid,)),
        "tags": column_types(db, "SELECT * FROM tags WHERE run_uuid = ?", (rid,)),
        "metrics": column_types(db, "SELECT * FROM metrics WHERE run_uuid = ? AND is_nan = 0", (rid,)),
        "nan_metrics": column_types(db, "SELECT * FROM metrics WHERE run_uuid = ? AND is_nan = 1", (rid,)),
        "latest_metrics": column_types(db, "SELECT * FROM latest_metrics WHERE run_uuid = ?", (rid,)),
    }


def create_with_mlflow(folder):
    """Database, experiments and the run huge-history, all by MLflow's client."""
    from mlflow.entities import Metric, Param
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    bench = client.create_experiment("bench", tags={"mlflow.note.content": f"{RUNS} runs for benchmarks."})
    history = client.create_experiment("bench-history")
    start = BASE_TIME - 3_600_000
    run = client.create_run(history, start_time=start, run_name="huge-history", tags={
        "mlflow.user": "alice", "mlflow.source.name": "train.py", "mlflow.source.type": "LOCAL", "sweep": "history"})
    rid = run.info.run_id
    client.log_batch(rid, params=[Param(k, "0" if v is None else v[0]) for k, v in PARAMS.items()])
    points = [Metric(key, float("nan") if (key, step) == ("val_loss", 2) else 0.5 + step / 10, start + step * 1000, step)
              for key in METRICS if key != "loss" for step in range(3)]
    client.log_batch(rid, metrics=points)
    client.set_terminated(rid, "FINISHED", end_time=start + 3_000_000)
    return bench, rid, start, client.get_experiment(bench).artifact_location


def huge_value(step):
    return round(2.0 * math.exp(-step / 200_000) + 0.05 * math.sin(step / 500), 6)


def bulk_insert(db, bench, artifact_root, rid, start):
    """Inserts the bench runs and the 1M points of huge-history.

    The secondary indexes MLflow created are dropped first and recreated afterwards from their
    own DDL (building an index once is much faster than growing it row by row); rows go in
    primary-key order for the same reason.
    """
    rng = random.Random(SEED)
    runs, params, tags, metrics, latest = [], [], [], [], []
    for index in range(RUNS):
        row, p, t, m, lm = make_run(rng, index, artifact_root)
        runs.append(row)
        params += p
        tags += t
        metrics += m
        latest += lm
    metrics += (("loss", huge_value(s), start + 1000 + s, rid, s, 0) for s in range(HUGE_POINTS))
    last = HUGE_POINTS - 1
    latest.append(("loss", huge_value(last), start + 1000 + last, last, 0, rid))
    metrics.sort()
    tables = ("runs", "params", "tags", "metrics", "latest_metrics")
    indexes = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))})", tables).fetchall()
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    with db:
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        db.executemany(
            "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, "
            "start_time, end_time, source_version, lifecycle_stage, artifact_uri, deleted_time, experiment_id) "
            f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {int(bench)})", sorted(runs))
        db.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)",
                       sorted(params, key=lambda p: (p[0], p[2])))
        db.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)",
                       sorted(tags, key=lambda t: (t[0], t[2])))
        db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)",
                       metrics)
        db.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) "
                       "VALUES (?, ?, ?, ?, ?, ?)", sorted(latest, key=lambda m: (m[0], m[5])))
        for _, sql in indexes:
            db.execute(sql)
    return runs, params, metrics


def check_layout(db, expected, sample_id):
    """The bulk rows must have the storage classes MLflow's own rows have."""
    got = reference(db, sample_id)
    problems = []
    for table, columns in expected.items():
        if not any(got[table].values()):
            if table != "nan_metrics":
                problems.append(f"{table}: no bulk rows to compare")
            continue
        for column, types in columns.items():
            if got[table].get(column) != types:
                problems.append(f"{table}.{column}: bulk {got[table].get(column)}, MLflow {types}")
    return problems


def verify_with_mlflow(bench, runs, params, rid):
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
    from mlflow.tracking import MlflowClient
    from mlflow.utils.search_utils import SearchUtils

    client = MlflowClient()
    problems = []
    # The first page and, through MLflow's own offset token, the last one: together they show
    # the order and that there are exactly RUNS runs. (scripts/bench-server times the full walk.)
    first = client.search_runs([bench], max_results=1000)
    last = client.search_runs([bench], max_results=1000, page_token=SearchUtils.create_page_token(RUNS - 1000))
    found = list(first) + list(last)
    pages = 2
    by_start = sorted(runs, key=lambda r: -r[7])
    if [r.info.run_name for r in first] != [r[1] for r in by_start[:1000]] or first.token is None:
        problems.append("search_runs: the first page is not the 1000 newest runs")
    if [r.info.run_name for r in last] != [r[1] for r in by_start[-1000:]] or last.token is not None:
        problems.append(f"search_runs: the page at offset {RUNS - 1000} is not the last 1000 runs")
    sample = last[-1] if len(last) else None
    if sample is not None:
        expected_params = {k: v for k, v, r in params if r == sample.info.run_id}
        if sample.data.params != expected_params or len(sample.data.metrics) != len(METRICS):
            problems.append(f"run {sample.info.run_name}: params {sample.data.params}, metrics {sample.data.metrics}")
        history = client.get_metric_history(sample.info.run_id, "acc")
        if not 3 <= len(history) <= 5:
            problems.append(f"acc history of {sample.info.run_name} has {len(history)} points")
    failed = [r for r in found if r.info.status == "FAILED"]
    if failed and not math.isnan(failed[0].data.metrics.get("val_loss", 0.0)):
        problems.append(f"failed run {failed[0].info.run_name}: latest val_loss should be NaN")
    store = client._tracking_client.store
    assert isinstance(store, SqlAlchemyStore)
    first = store.get_metric_history(rid, "loss", max_results=25_000)
    tail = store.get_metric_history(rid, "loss", max_results=25_000,
                                    page_token=SearchUtils.create_page_token(HUGE_POINTS - 10))
    if [m.step for m in first] != list(range(25_000)) or first.token is None:
        problems.append("huge-history: the first page of loss is wrong")
    if [m.step for m in tail] != list(range(HUGE_POINTS - 10, HUGE_POINTS)) or tail.token is not None:
        problems.append("huge-history: the last page of loss is wrong")
    latest = client.get_run(rid).data.metrics
    if sorted(latest) != sorted(METRICS):
        problems.append(f"huge-history latest metrics: {sorted(latest)}")
    return problems, pages


def main():
    folder = os.path.abspath(sys.argv[1])
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "mlflow.db")
    if os.path.exists(path):
        raise SystemExit(f"{path} exists; the benchmark store needs a fresh folder")
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{path}"
    os.chdir(folder)
    import warnings

    warnings.filterwarnings("ignore")
    timings = {}
    clock = time.monotonic()
    bench, rid, start, artifact_root = create_with_mlflow(folder)
    timings["mlflow_setup_s"] = round(time.monotonic() - clock, 1)
    db = sqlite3.connect(path)
    expected = reference(db, rid)
    clock = time.monotonic()
    runs, params, _ = bulk_insert(db, bench, artifact_root, rid, start)
    timings["bulk_insert_s"] = round(time.monotonic() - clock, 1)
    problems = check_layout(db, expected, next(r[0] for r in runs if r[6] == "FINISHED"))
    failed = next(r[0] for r in runs if r[6] == "FAILED")
    problems += check_layout(db, {"nan_metrics": expected["nan_metrics"]}, failed)
    db.close()
    clock = time.monotonic()
    found, pages = verify_with_mlflow(bench, runs, params, rid)
    problems += found
    timings["verify_s"] = round(time.monotonic() - clock, 1)
    summary = {"db": path, "bytes": os.path.getsize(path), "experiment_bench": bench, "runs": RUNS,
               "huge_history_run": rid, "huge_history_points": HUGE_POINTS, "search_pages": pages, **timings}
    with open(os.path.join(folder, "bench.json"), "w") as handle:
        json.dump(summary, handle, indent=1)
    print(json.dumps(summary, indent=1))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
