"""The fixture data set: every experiment, run, value and artifact byte, fixed.

`generate_fixtures.py` writes exactly this through MLflow's client, and copies it into the
manifest (section "data") so that tests can assert exact values. Nothing here depends on the
store, the clock or the machine; only ids and store-set times differ between stores.
"""

import base64
import functools
import hashlib
import math

BASE_TIME = 1_704_067_200_000  # 2024-01-01T00:00:00Z, in ms
HOUR = 3_600_000

MAIN = "fixture-main"
EMPTY = "fixture-empty"
DELETED = "fixture-deleted"
ADVERSARIAL = "adversarial-\x1b[31mRED\x1b[0m-\x1b]0;pwned\x07"
DEFAULT = "Default"

EVIL_RUN = "\x1b[2J\x1b[31mEVIL"
BIDI_RUN = "\u202eevil"
UNICODE_RUN = "résumé-学習-🚀"

NAN = float("nan")
INF = float("inf")

# The value MLflow's SQL store writes for +inf (and its negative for -inf).
SQL_INFINITY = 1.7976931348623157e308

EXPERIMENTS = [
    {
        "name": MAIN,
        "tags": {
            "mlflow.note.content": "Fixture experiment for **Runboard** tests.\nSecond line of the description.",
            "project": "runboard",
            "owner": "fixtures",
        },
        "deleted": False,
    },
    {"name": EMPTY, "tags": {}, "deleted": False},
    {"name": DELETED, "tags": {}, "deleted": True},
    {"name": ADVERSARIAL, "tags": {}, "deleted": False},
]

# Creation order in fixture-main; the index fixes start time and the cycling param values.
MAIN_RUNS = [
    "parent", "child-1", "child-2", "grandchild", "running", "scheduled", "failed", "killed",
    "deleted-run", EVIL_RUN, BIDI_RUN, UNICODE_RUN, "long-history", "artifact-run",
]

STATUS = {
    "running": "RUNNING",
    "scheduled": "SCHEDULED",
    "failed": "FAILED",
    "killed": "KILLED",
}
PARENTS = {"child-1": "parent", "child-2": "parent", "grandchild": "child-1"}
DROPOUT = {"parent": "0.1", "child-1": "0.2", "child-2": "0.3", "grandchild": "0.2"}
TEAM = {"parent": "vision", "child-1": "vision", "child-2": "vision", "grandchild": "vision",
        "failed": "nlp", "killed": "nlp"}
LRS = ["0.01", "0.001", "0.1"]
# A key with a slash and a dot. Not "optimizer/...": the file store keeps "optimizer" as a file
# and cannot also make it the folder of "optimizer/adam.beta1".
ADAM_BETA1 = "opt/adam.beta1"
BATCH_SIZES = ["32", "64", "128"]

LONG_HISTORY_POINTS = 30_000
# "spiky" on the long-history run: one point per step, so a point's rank in MLflow's sampling
# order is its step. The single lowest and highest points sit where no even sample of 100, 1,000
# or 2,500 points looks (checked by spiky_extremes_unsampled), with a NaN and a +inf between.
SPIKY_POINTS = 3_000
SPIKY_MIN_STEP = 301
SPIKY_MAX_STEP = 707
SPIKY_NAN_STEP = 1_500
SPIKY_INF_STEP = 2_000
SPIKY_MIN = -2.5
SPIKY_MAX = 4.25
SPIKY_SAMPLE_SIZES = (100, 1_000, 2_500)
LONG_PARAM = "".join(f"{i % 10}" if i % 100 else "|" for i in range(6000))
RUN_NOTE = "## Parent run\n\nSweeps **lr** over three values.\n"
MULTILINE = "first line\nsecond line"


def _round(x):
    return round(x, 6)


def _history(start, n, first_step, offset_ms, value):
    """n points at steps first_step..; timestamps rise with the step, 1 s apart."""
    return [(first_step + k, start + (k + 1) * 1000 + offset_ms, value(k)) for k in range(n)]


def _standard_metrics(i, start):
    n_acc = 20 + (7 * i) % 31
    n_val = 20 + (11 * i) % 31
    n_train = 20 + (13 * i) % 31
    return {
        "acc": _history(start, n_acc, 0, 100, lambda k: _round(0.5 + 0.4 * (1 - math.exp(-k / 6)) + 0.005 * i)),
        # Validation starts two steps before training: steps -2 and -1 exist.
        "val_loss": _history(start, n_val, -2, 0, lambda k: _round(1.2 * math.exp(-k / 10) + 0.1 + 0.003 * i)),
        "train/loss": _history(start, n_train, 0, 200, lambda k: _round(1.5 * math.exp(-k / 7) + 0.05 + 0.002 * i)),
    }


def _long_history(start):
    return [
        (s, start + s * 10, _round(2.0 * math.exp(-s / 5000) + 0.01 * ((s * 7919) % 100) / 100))
        for s in range(LONG_HISTORY_POINTS)
    ]


def _spiky(start):
    def value(s):
        if s == SPIKY_MIN_STEP:
            return SPIKY_MIN
        if s == SPIKY_MAX_STEP:
            return SPIKY_MAX
        if s == SPIKY_NAN_STEP:
            return NAN
        if s == SPIKY_INF_STEP:
            return INF
        return _round(1.0 + 0.5 * math.sin(s / 40) + 0.1 * ((s * 7919) % 100) / 100)

    return [(s, start + s * 10 + 5, value(s)) for s in range(SPIKY_POINTS)]


def sample_ranks(count, max_points):
    """The ranks MLflow's get-history-bulk-interval keeps of `count` ordered points: the first of
    each NTILE(max_points) bucket, and the last point (sqlalchemy_store.py
    _sample_rows_with_window_functions)."""
    if count <= max_points:
        return set(range(count))
    size, larger = divmod(count, max_points)
    ranks = {b * size + min(b, larger) for b in range(max_points)}
    return ranks | {count - 1}


def spiky_extremes_unsampled():
    """Fails unless no even sample of the spiky history holds its lowest or highest point."""
    for size in SPIKY_SAMPLE_SIZES:
        ranks = sample_ranks(SPIKY_POINTS, size)
        for step in (SPIKY_MIN_STEP, SPIKY_MAX_STEP):
            if step in ranks:
                raise SystemExit(f"spiky: step {step} is in the {size}-point sample")


def metric_summary(points):
    """The exact summary of a history of (step, timestamp, value): count, min and max over the
    finite values (ties to the first in MLflow's history order: timestamp, step), NaN and
    infinity counts."""
    finite = [p for p in points if math.isfinite(p[2])]

    def point(p):
        return None if p is None else {"step": p[0], "timestamp": p[1], "value": p[2]}

    return {
        "count": len(points),
        "min": point(min(finite, key=lambda p: (p[2], p[1], p[0]), default=None)),
        "max": point(min(finite, key=lambda p: (-p[2], p[1], p[0]), default=None)),
        "nan_count": sum(math.isnan(p[2]) for p in points),
        "positive_infinity_count": sum(p[2] == INF for p in points),
        "negative_infinity_count": sum(p[2] == -INF for p in points),
    }


def main_runs():
    """The runs of fixture-main, in creation order."""
    runs = []
    for i, name in enumerate(MAIN_RUNS):
        start = BASE_TIME + i * HOUR
        status = STATUS.get(name, "FINISHED")
        end = None if status in ("RUNNING", "SCHEDULED") else start + 30 * 60_000 + i * 1000
        optimizer = "adam" if i % 2 == 0 else "sgd"
        params = {"lr": LRS[i % 3], "batch_size": BATCH_SIZES[(i // 3) % 3], "optimizer": optimizer}
        if optimizer == "adam":
            params[ADAM_BETA1] = "0.9"
        if name in DROPOUT:
            params["dropout"] = DROPOUT[name]
        if name == "child-2":
            params["comment"] = "it's"
        if name == "long-history":
            params["long_param"] = LONG_PARAM
        tags = {
            "mlflow.user": "bob" if i % 4 == 3 else "alice",
            "mlflow.source.name": "train.py",
            "mlflow.source.type": "LOCAL",
        }
        if name in TEAM:
            tags["team"] = TEAM[name]
        if name == "parent":
            tags["mlflow.note.content"] = RUN_NOTE
        if name == "running":
            tags["multiline"] = MULTILINE
        if name == "scheduled":
            metrics = {}
        elif name == "long-history":
            metrics = {"loss": _long_history(start), "spiky": _spiky(start)}
        else:
            metrics = _standard_metrics(i, start)
        if name == "failed":
            train = metrics["train/loss"]
            for k, special in ((5, INF), (6, -INF), (7, NAN)):
                train[k] = (train[k][0], train[k][1], special)
            val = metrics["val_loss"]
            val[-1] = (val[-1][0], val[-1][1], NAN)
        if name == "killed":
            del metrics["acc"]
            # An infinity as the latest value: what runs tables and `runboard runs` show.
            for key, special in (("train/loss", INF), ("val_loss", -INF)):
                points = metrics[key]
                points[-1] = (points[-1][0], points[-1][1], special)
        runs.append({
            "name": name, "experiment": MAIN, "status": status, "start_time": start, "end_time": end,
            "params": params, "tags": tags, "parent": PARENTS.get(name), "metrics": metrics,
            "deleted": name == "deleted-run",
            "datasets": name == "parent", "artifacts": name == "artifact-run", "model": name == "artifact-run",
        })
    return runs


def other_runs():
    """The single runs of the deleted and the adversarial experiment."""
    runs = []
    for j, (name, experiment) in enumerate((("deleted-exp-run", DELETED), ("adversarial-run", ADVERSARIAL))):
        start = BASE_TIME + (len(MAIN_RUNS) + j) * HOUR
        params = {"lr": "0.01"}
        if experiment == ADVERSARIAL:
            params["payload"] = "\x1b]0;pwned\x07\x1b[31mred"
        runs.append({
            "name": name, "experiment": experiment, "status": "FINISHED", "start_time": start,
            "end_time": start + 60_000, "params": params,
            "tags": {"mlflow.user": "alice", "mlflow.source.name": "train.py", "mlflow.source.type": "LOCAL"},
            "parent": None,
            "metrics": {"acc": _history(start, 20, 0, 100, lambda k: _round(0.6 + 0.01 * k))},
            # Deleting the experiment marks its run deleted too.
            "deleted": experiment == DELETED,
            "datasets": False, "artifacts": False, "model": False,
        })
    return runs


def all_runs():
    return main_runs() + other_runs()


# --- Datasets (logged on the run "parent") ---

DATASET_FEATURES = [[float(r * 2 + c) for c in range(2)] for r in range(6)]
DATASET_TARGETS = [0, 1, 0, 1, 0, 1]
DATASET_TRAIN = {"name": "fixture-train", "source": "https://example.com/fixture/train.npz", "context": "training"}
DATASET_EVAL = {"name": "fixture-eval", "source": "https://example.com/fixture/eval.csv", "context": "eval"}

# --- Artifacts (logged on the run "artifact-run") ---

LOSS_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR42hXRURVEIQhFUSMYgQhGMAIRiGCEE8EIRiACEYhABCLM"
    "G7/ZrMt1jMEcyGAN9kAHNjgDBnfwBj6IQQ5q0IMxJnMikzXZE53Y5EyY3Mmb+CQmOalJzw8IUxBhCVtQwYQjIFzhCS6EkEIJLR9Y"
    "zIUs1mIvdGGLs2BxF2/hi1jkoha9PrCZG9mszd7oxjZnw+Zu3sY3sclNbXp/QJmKKEvZiiqmHAXlKk9xJZRUSmn9gDENMZaxDTXM"
    "OAbGNZ7hRhhplNH2gcM8yGEd9kEPdjgHDvfwDn6IQx7q0OcD/wK/Sr4jv9hfkG/1N/x/Fx44BCQU9Pc94zIvclmXfdGLXc79j9/L"
    "u/glLnmpS98PPOZDHuuxH/qwx3n/5ffxHv6IRz7q0e8DznTEWc521DHn+D/KdZ7jTjjplNP+gWAGEqxgBxpYcOIf/AYv8CCCDCro"
    "+EAyE0lWshNNLDn5P/MmL/Ekkkwq6fxAMQspVrELLaw49S/lFq/wIoosquj6QDMbaVazG22sOf2v8Dav8SaabKrp5geIAnAQC3Nf"
    "wAAAAABJRU5ErkJggg=="
)
VALUES_CSV = b"step,acc,val_loss\n" + b"".join(
    f"{s},{0.5 + s / 100:.2f},{1.0 - s / 50:.2f}\n".encode() for s in range(10)
)
GRADIENT_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUV"
    "DA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU"
    "FBT/wAARCAAgADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQID"
    "AAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlq"
    "c3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
    "+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEI"
    "FEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImK"
    "kpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD8"
    "7rDwn0+SvQLDwn0+SvRbHwn0+T9KlsPCfT5P0r6LEZz/AKsdfae0/wC3bcv/AIFe/N5bHz+TZ/7a2trHndh4T6fJ+legWHhPp8leiWHh"
    "Pp8n6VLYeE+nyfpXzGIzn/Vjr7T2n/btuX/wK9+b8D90ybP/AG1vetY87sPCfT5P0r0Cw8J9Pkr0Sw8J9Pk/SprDwn0+T9K+YxGc/wCr"
    "HX2ntP8At23L/wCBXvzeWx+6ZNn/ALe2trHnFh4T6fJ+legWHhPp8n6V6LYeE+nyfpUth4T6fJ+lfM4jOf8AVjr7T2n/AG7bl/8AAr35"
    "vLY/yEybP/b21tY87sPCfT5P0rv7Dwn0+T9K9FsPCfT5P0qWw8J9Pk/SvmMRnP8Aqx19p7T/ALdty/8AgV783lsfumTZ/wC2t71rHndh"
    "4T6fJ+legWHhPp8n6V6JYeE+nyfpU1h4T6fJ+lfMYjOf9V+vtPaf9u25f/Ar35vLY/dMmz/29tbWP//Z"
)
UNICODE_NAME = "unicode-ü-名前.txt"
# Names that MLflow accepts and Linux allows, which a URL must escape. (`#` is not among them: an
# MLflow server refuses it in an artifact path, mlflow/utils/uri.py validate_path_is_safe; the local
# stores' handling of it is tested on trees of the tests' own.)
ODD_NAMES = ["odd names/report ?1 [final].txt", "odd names/100% done & more.txt", "odd names/-leading dash.txt"]
# A large log (the pager's first screen must not wait for all of it; downloads stream it) and a
# folder of many small files (listing and downloading them in bulk).
BIG_LOG_PATH = "bulk/train.log"
BIG_LOG_BYTES = 50 * 1024 * 1024
MANY_FILES = 1_500
# A folder with nothing in it. MLflow's clients cannot log one; the generator makes it in the folder
# the store (or the server) keeps the run's artifacts in.
EMPTY_FOLDER = "bulk/empty"


def big_log():
    """BIG_LOG_BYTES of training-log lines, the same every time."""
    lines = []
    size = 0
    step = 0
    while size < BIG_LOG_BYTES:
        line = (f"2026-01-01T00:{(step // 60) % 60:02d}:{step % 60:02d}Z step={step:07d} "
                f"loss={1.0 / (1 + step / 1000):.6f} lr={0.001 * 0.99 ** (step // 1000):.6f} "
                f"grad_norm={(step * 7919) % 1000 / 100:.2f}\n").encode()
        lines.append(line)
        size += len(line)
        step += 1
    return b"".join(lines)[:BIG_LOG_BYTES]


@functools.cache
def _artifact_files():
    """Run-relative path -> bytes for the run "artifact-run"."""
    files = {
        "plots/loss.png": LOSS_PNG,
        "data/nested/deep/values.csv": VALUES_CSV,
        "empty.txt": b"",
        UNICODE_NAME: "Grüße aus 名前 — ünïcødé content\n".encode(),
        "notes/readme.md": b"# Notes\n\nArtifacts written by the fixture generator.\n",
    }
    for n in range(30):
        files[f"many/item-{n:02d}.txt"] = f"item {n:02d}\n".encode() * (n + 1)
    files["plots/gradient.jpg"] = GRADIENT_JPEG
    for number, name in enumerate(ODD_NAMES):
        files[name] = f"odd name {number}\n".encode()
    files[BIG_LOG_PATH] = big_log()
    for n in range(MANY_FILES):
        files[f"bulk/many/part-{n:04d}.txt"] = f"part {n:04d}\n".encode()
    return files


def artifact_files():
    """Run-relative path -> bytes for the run "artifact-run" (a fresh dict over the same bytes)."""
    return dict(_artifact_files())


def artifact_listing(files, empty_folders=()):
    """Every folder and file under the root, as (path, is_dir, size, sha256), sorted by path."""
    entries = {path: {"path": path, "is_dir": True} for path in empty_folders}
    for path, data in files.items():
        parts = path.split("/")
        for depth in range(1, len(parts)):
            entries["/".join(parts[:depth])] = {"path": "/".join(parts[:depth]), "is_dir": True}
        entries[path] = {"path": path, "is_dir": False, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return [entries[p] for p in sorted(entries)]


# --- The logged model (produced by "artifact-run") and its registration ---

MODEL_NAME = "model"
MODEL_TYPE = "fixture-classifier"
MODEL_PARAMS = {"threshold": "0.5", "n_features": "2"}
MODEL_TAGS = {"framework": "none", "stage": "fixture"}
MODEL_FILES = {
    "MLmodel": (
        b"artifact_path: model\nflavors:\n  python_function:\n    loader_module: fixture_model\n"
        b"    python_version: 3.11.7\nmlflow_version: 3.17.2\n"
    ),
    "model.json": b'{"weights": [0.25, -0.75], "bias": 0.1, "threshold": 0.5}\n',
    "requirements.txt": b"mlflow==3.17.2\n",
}
REGISTERED_MODEL = {
    "name": "fixture-model",
    "description": "Classifier registered by the fixture generator.",
    "tags": {"task": "classification"},
    "versions": [{
        "version": "1",
        "description": "First version, from artifact-run.",
        "tags": {"validated": "true"},
        "aliases": ["champion"],
        "run": "artifact-run",
    }],
    "aliases": {"champion": "1"},
}
