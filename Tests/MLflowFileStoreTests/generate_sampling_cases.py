"""Writes MetricSamplingCases.swift: what MLflow's SQL store returns for get-history-bulk-interval.

Run with the venv's python (mlflow 3.17.2):
    .venv/bin/python Tests/MLflowFileStoreTests/generate_sampling_cases.py

Each case logs one history into a fresh SQLite tracking store and records which of the logged points
`SqlAlchemyStore.get_metric_history_bulk_interval` returns, as indices into the logged list.
"""

import math
import os
import sys
import tempfile

from mlflow.entities import Metric
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "MetricSamplingCases.swift")
MAX = 1.7976931348623157e308


def formula(n):
    """The generated history, also written in Swift (MetricSamplingTests.formulaHistory)."""
    return [
        (1_000_000 + (i * 7919) % n, ((i * 31) % 101) / 4.0, i // 3)
        for i in range(n)
    ]


def dup_steps(n):
    """n points, two per step, timestamps increasing."""
    return [(1000 + i, float(i % 7) - 2.5, i // 2) for i in range(n)]


NAN, INF = float("nan"), float("inf")
TIES = [
    # (timestamp, value, step): same step and timestamp, values ordered as the SQL store keeps them
    (10, 0.0, 5), (10, NAN, 5), (10, -1.0, 5), (10, INF, 5), (10, 2.0, 5),
    (9, 3.0, 5), (11, -INF, 5), (5, 1.0, -2), (6, 1.5, -1), (7, NAN, 7),
    (7, 0.0, 7), (20, 4.0, 7), (8, -0.0, 6),
]
EXACT_DUPLICATES = [
    (1, 1.0, 0), (1, 1.0, 0), (2, 2.0, 1), (2, 2.0, 1), (2, 2.0, 1),
    (3, 3.0, 2), (4, 4.0, 3), (4, 4.0, 3), (5, 5.0, 4),
]
DESCENDING_TIME = [(1000 - i, float(i), i) for i in range(9)]
NEGATIVE_STEPS = [(100 + i, float(i) / 2, i - 20) for i in range(40)]

CASES = [
    # name, history expression (Swift), history (python), max points, step range
    ("one point", "dupSteps(1)", dup_steps(1), 5, None),
    ("two points", "dupSteps(2)", dup_steps(2), 5, None),
    ("N-1 points", "dupSteps(4)", dup_steps(4), 5, None),
    ("N points", "dupSteps(5)", dup_steps(5), 5, None),
    ("N+1 points", "dupSteps(6)", dup_steps(6), 5, None),
    ("10N points", "dupSteps(50)", dup_steps(50), 5, None),
    ("10N+3 points", "dupSteps(53)", dup_steps(53), 5, None),
    ("max 1", "dupSteps(6)", dup_steps(6), 1, None),
    ("max 2", "dupSteps(6)", dup_steps(6), 2, None),
    ("max 1 of 1", "dupSteps(1)", dup_steps(1), 1, None),
    ("step range", "dupSteps(50)", dup_steps(50), 5, (3, 17)),
    ("step range wider than data", "dupSteps(10)", dup_steps(10), 3, (-100, 100)),
    ("step range without data", "dupSteps(10)", dup_steps(10), 3, (100, 200)),
    ("step range single step", "dupSteps(50)", dup_steps(50), 5, (7, 7)),
    ("ties, NaN and infinity", "ties", TIES, 4, None),
    ("ties, all kept", "ties", TIES, 50, None),
    ("exact duplicates", "exactDuplicates", EXACT_DUPLICATES, 3, None),
    ("exact duplicates, all kept", "exactDuplicates", EXACT_DUPLICATES, 10, None),
    ("descending time", "descendingTime", DESCENDING_TIME, 4, None),
    ("negative steps", "negativeSteps", NEGATIVE_STEPS, 6, (-5, 5)),
    ("negative steps, whole", "negativeSteps", NEGATIVE_STEPS, 7, None),
    ("formula 2499 of 2500", "formula(2_499)", formula(2_499), 2_500, None),
    ("formula 2500 of 2500", "formula(2_500)", formula(2_500), 2_500, None),
    ("formula 2501 of 2500", "formula(2_501)", formula(2_501), 2_500, None),
    ("formula 25000 of 2500", "formula(25_000)", formula(25_000), 2_500, None),
    ("formula 30000 of 2500", "formula(30_000)", formula(30_000), 2_500, None),
    ("formula 30000 of 7", "formula(30_000)", formula(30_000), 7, None),
    ("formula 1000 of 320, range", "formula(1_000)", formula(1_000), 320, (40, 250)),
]


def key(ts, value, step):
    return (ts, step, "nan" if math.isnan(value) else value)


def run_case(store, exp_id, history, max_points, steps):
    run = store.create_run(exp_id, "u", 0, [], "r")
    run_id = run.info.run_id
    metrics = [Metric("m", v, ts, s) for ts, v, s in history]
    for i in range(0, len(metrics), 1000):
        store.log_batch(run_id, metrics[i : i + 1000], [], [])
    start, end = steps if steps else (None, None)
    rows = store.get_metric_history_bulk_interval([run_id], "m", max_points, start, end)
    index = {}
    for i, (ts, v, s) in enumerate(history):
        v = v if math.isnan(v) or not math.isinf(v) else math.copysign(MAX, v)
        index.setdefault(key(ts, v, s), i)
    result = []
    for row in rows:
        m = row
        result.append(index[key(m.timestamp, m.value, m.step)])
    return result


def main():
    with tempfile.TemporaryDirectory() as tmp:
        store = SqlAlchemyStore(f"sqlite:///{tmp}/mlflow.db", os.path.join(tmp, "artifacts"))
        exp_id = store.create_experiment("sampling")
        lines = []
        for name, swift_history, history, max_points, steps in CASES:
            indices = run_case(store, exp_id, history, max_points, steps)
            steps_swift = f"StepRange(from: {steps[0]}, to: {steps[1]})" if steps else "nil"
            lines.append(
                f'        SamplingCase(name: "{name}", history: {swift_history}, maxPoints: {max_points}, '
                f"steps: {steps_swift}, expected: {indices}),"
            )
    with open(OUT, "w") as out:
        out.write("// Generated by generate_sampling_cases.py from MLflow's SQL store; do not edit.\n")
        out.write("\nimport MLflowCore\n\nextension SamplingCase {\n")
        out.write("    /// What MLflow's SQL store returned, as indices into each logged history.\n")
        out.write("    static let recorded: [SamplingCase] = [\n")
        out.write("\n".join(lines) + "\n")
        out.write("    ]\n}\n")
    print(f"wrote {len(CASES)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
