#!/usr/bin/env python3
"""Writes the fixture data set (fixture_spec.py) into one MLflow store with MLflow's own client.

    generate_fixtures.py --tracking-uri URI --out manifest.json
    generate_fixtures.py --combine OUT STORE_MANIFEST...

URI is a server (http://...), a SQLite database (sqlite:////abs/mlflow.db; its artifacts go to
`mlruns/` beside the database) or a file store (file:///abs/mlruns). The store must be fresh.
`--combine` merges per-store manifests into one: {"data": ..., "stores": {kind: ...}}.
"""

import argparse
import json
import math
import os
import sys
import tempfile
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_spec as spec  # noqa: E402

MANIFEST_FORMAT = 1

# Fields every store sets from its own clock or id generator; tests must not compare them.
VOLATILE = [
    "experiment ids (SQL: small integers, file store: 18-19 digit random integers)",
    "run ids, logged model ids, dataset/input ids",
    "experiment creation_time and last_update_time",
    "run deleted_time",
    "artifact_uri / artifact_location (absolute paths or mlflow-artifacts: URIs)",
    "logged model creation/last-updated timestamps",
    "registered model and model version creation/last-updated timestamps",
]


def store_kind(uri):
    scheme = urlparse(uri).scheme
    if scheme in ("http", "https"):
        return "server"
    if scheme == "sqlite":
        return "sqlite"
    if scheme == "file":
        return "filestore"
    raise SystemExit(f"unsupported tracking URI: {uri}")


def encode_float(x):
    """JSON has no NaN/Infinity: use MLflow's own JSON spellings as strings."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def prepare_environment(uri, kind):
    """Settings that must be in place before mlflow is imported; returns the URI made absolute."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    os.environ["MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"] = "true"
    if kind == "filestore":
        os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
        # Only a store whose folder does not exist yet gets MLflow's Default experiment.
        os.makedirs(os.path.dirname(urlparse(uri).path.rstrip("/")), exist_ok=True)
    if kind == "sqlite":
        # A SQLite store without a server puts artifacts in ./mlruns (relative to the working
        # directory): work beside the database so they stay in its folder.
        path = os.path.abspath(uri[len("sqlite:///"):].split("?")[0])
        uri = "sqlite:///" + path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.chdir(os.path.dirname(path))
    # MLflow opens default clients internally (the file registry looks logged models up that
    # way): they must reach this store, not ./mlflow.db.
    os.environ["MLFLOW_TRACKING_URI"] = uri
    os.environ["MLFLOW_REGISTRY_URI"] = uri
    return uri


class Generator:
    def __init__(self, uri, kind, server_artifacts=None):
        import warnings

        warnings.filterwarnings("ignore", category=FutureWarning)
        # Schema inference warns about integer columns of the pandas dataset.
        warnings.filterwarnings("ignore", category=UserWarning, module="mlflow.types")
        from mlflow.tracking import MlflowClient

        self.uri = uri
        self.kind = kind
        self.server_artifacts = server_artifacts
        self.client = MlflowClient(tracking_uri=uri, registry_uri=uri)
        self.experiment_ids = {}
        self.run_ids = {}
        self.model_ids = {}
        self.datasets = []

    def run(self):
        client = self.client
        if client.get_experiment_by_name(spec.MAIN) is not None:
            raise SystemExit(f"{self.uri} already holds '{spec.MAIN}'; the generator needs a fresh store")
        self.experiment_ids[spec.DEFAULT] = "0"
        for experiment in spec.EXPERIMENTS:
            # Distinct creation times keep MLflow's default order (creation time desc) the same
            # in every store, whatever the ids.
            time.sleep(0.02)
            self.experiment_ids[experiment["name"]] = client.create_experiment(
                experiment["name"], tags=experiment["tags"] or None
            )
        for run in spec.all_runs():
            self.write_run(run)
        self.delete_experiments()
        return self.manifest()

    def write_run(self, run):
        from mlflow.entities import Metric, Param

        client = self.client
        tags = dict(run["tags"])
        if run["parent"]:
            tags["mlflow.parentRunId"] = self.run_ids[run["parent"]]
        created = client.create_run(
            self.experiment_ids[run["experiment"]], start_time=run["start_time"], tags=tags, run_name=run["name"]
        )
        run_id = created.info.run_id
        self.run_ids[run["name"]] = run_id
        params = [Param(k, v) for k, v in run["params"].items()]
        metrics = [
            Metric(key, value, timestamp, step)
            for key, points in run["metrics"].items()
            for step, timestamp, value in points
        ]
        client.log_batch(run_id, params=params)
        for offset in range(0, len(metrics), 1000):
            client.log_batch(run_id, metrics=metrics[offset:offset + 1000])
        if run["datasets"]:
            self.log_datasets(run_id)
        if run["artifacts"]:
            self.log_artifacts(run_id)
        if run["model"]:
            self.log_model(run_id, run["experiment"])
        if run["status"] == "SCHEDULED":
            client.update_run(run_id, status="SCHEDULED")
        elif run["status"] != "RUNNING":
            client.set_terminated(run_id, status=run["status"], end_time=run["end_time"])
        if run["deleted"] and run["experiment"] != spec.DELETED:
            client.delete_run(run_id)

    def log_datasets(self, run_id):
        import mlflow.data
        import numpy as np
        import pandas as pd
        from mlflow.entities import DatasetInput, InputTag

        train = mlflow.data.from_numpy(
            np.array(spec.DATASET_FEATURES, dtype=np.float64),
            targets=np.array(spec.DATASET_TARGETS, dtype=np.int64),
            source=spec.DATASET_TRAIN["source"], name=spec.DATASET_TRAIN["name"],
        )
        frame = pd.DataFrame({"x0": [r[0] for r in spec.DATASET_FEATURES], "x1": [r[1] for r in spec.DATASET_FEATURES],
                              "y": spec.DATASET_TARGETS})
        evaluation = mlflow.data.from_pandas(frame, source=spec.DATASET_EVAL["source"], name=spec.DATASET_EVAL["name"],
                                             targets="y")
        inputs = []
        for dataset, info in ((train, spec.DATASET_TRAIN), (evaluation, spec.DATASET_EVAL)):
            entity = dataset._to_mlflow_entity()
            inputs.append(DatasetInput(entity, tags=[InputTag("mlflow.data.context", info["context"])]))
            self.datasets.append({
                "name": entity.name, "digest": entity.digest, "source_type": entity.source_type,
                "source": entity.source, "schema": entity.schema, "profile": entity.profile,
                "context": info["context"],
            })
        self.client.log_inputs(run_id, datasets=inputs)

    def log_artifacts(self, run_id):
        files = spec.artifact_files()
        # MLflow's client puts a file's path into the upload URL unescaped, so over a server
        # "report ?1.txt" would be stored as "report ": such names are uploaded here with the path
        # percent-encoded, to the same proxied route the client uses.
        escaped = {}
        if self.kind == "server":
            escaped = {path: data for path, data in files.items() if "?" in path}
            files = {path: data for path, data in files.items() if path not in escaped}
        with tempfile.TemporaryDirectory() as folder:
            write_tree(folder, files)
            self.client.log_artifacts(run_id, folder)
        self.make_empty_folder(run_id)
        if escaped:
            import urllib.parse
            import requests

            artifact_uri = self.client.get_run(run_id).info.artifact_uri
            prefix = artifact_uri.removeprefix("mlflow-artifacts:").lstrip("/")
            for path, data in escaped.items():
                route = urllib.parse.quote(f"{prefix}/{path}", safe="/")
                answer = requests.put(f"{self.uri}/api/2.0/mlflow-artifacts/artifacts/{route}", data=data, timeout=60)
                answer.raise_for_status()

    def make_empty_folder(self, run_id):
        """spec.EMPTY_FOLDER, made where the run's artifacts are kept on disk."""
        artifact_uri = self.client.get_run(run_id).info.artifact_uri
        if artifact_uri.startswith("mlflow-artifacts:"):
            if not self.server_artifacts:
                raise SystemExit("a server store needs --server-artifacts (the folder the server serves artifacts from)")
            root = os.path.join(self.server_artifacts, artifact_uri.removeprefix("mlflow-artifacts:").lstrip("/"))
        else:
            root = urlparse(artifact_uri).path if artifact_uri.startswith("file:") else artifact_uri
        os.makedirs(os.path.join(root, spec.EMPTY_FOLDER), exist_ok=True)

    def log_model(self, run_id, experiment):
        from mlflow.entities import LoggedModelOutput, LoggedModelStatus

        client = self.client
        model = client.create_logged_model(
            self.experiment_ids[experiment], name=spec.MODEL_NAME, source_run_id=run_id,
            tags=spec.MODEL_TAGS, params=spec.MODEL_PARAMS, model_type=spec.MODEL_TYPE,
        )
        model_id = model.model_id
        self.model_ids[spec.MODEL_NAME] = model_id
        with tempfile.TemporaryDirectory() as folder:
            write_tree(folder, spec.MODEL_FILES)
            client.log_model_artifacts(model_id, folder)
        client.finalize_logged_model(model_id, LoggedModelStatus.READY)
        client.log_outputs(run_id, [LoggedModelOutput(model_id, step=0)])
        registered = spec.REGISTERED_MODEL
        client.create_registered_model(registered["name"], tags=registered["tags"], description=registered["description"])
        for version in registered["versions"]:
            created = client.create_model_version(
                registered["name"], source=f"models:/{model_id}", run_id=self.run_ids[version["run"]],
                tags=version["tags"], description=version["description"], model_id=model_id,
            )
            if str(created.version) != version["version"]:
                raise SystemExit(f"expected version {version['version']}, MLflow created {created.version}")
            if self.kind != "server":
                # A server tags the logged model with its registrations; so does
                # mlflow.register_model on a local store, but not the bare client call used here.
                tag = json.dumps([{"name": registered["name"], "version": int(created.version)}])
                client.set_logged_model_tags(model_id, {"mlflow.modelVersions": tag})
        for alias, version in registered["aliases"].items():
            client.set_registered_model_alias(registered["name"], alias, version)

    def delete_experiments(self):
        for experiment in spec.EXPERIMENTS:
            if experiment["deleted"]:
                self.client.delete_experiment(self.experiment_ids[experiment["name"]])

    def manifest(self):
        artifact_run = self.client.get_run(self.run_ids["artifact-run"])
        model = self.client.get_logged_model(self.model_ids[spec.MODEL_NAME])
        return {
            "format": MANIFEST_FORMAT,
            "kind": self.kind,
            "tracking_uri": self.uri,
            "experiments": self.experiment_ids,
            "runs": self.run_ids,
            "logged_models": self.model_ids,
            # What a logged +inf reads back as: the SQL store clamps ±inf to ±DBL_MAX.
            "infinity": "Infinity" if self.kind == "filestore" else spec.SQL_INFINITY,
            "artifact_run_uri": artifact_run.info.artifact_uri,
            "model_artifact_uri": model.artifact_location,
            "data": data_manifest(self.datasets),
        }


def write_tree(folder, files):
    for path, data in files.items():
        full = os.path.join(folder, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(data)


def run_manifest(run):
    metrics = {}
    for key, points in run["metrics"].items():
        latest = max(points, key=lambda p: (p[0], p[1]))
        metrics[key] = {
            "count": len(points),
            "latest": {"step": latest[0], "timestamp": latest[1], "value": encode_float(latest[2])},
            "first_step": points[0][0],
            "last_step": points[-1][0],
            "summary": spec.metric_summary(points),
        }
        for end in ("min", "max"):
            if metrics[key]["summary"][end] is not None:
                metrics[key]["summary"][end]["value"] = encode_float(metrics[key]["summary"][end]["value"])
        if len(points) <= 1000:
            metrics[key]["history"] = [[s, t, encode_float(v)] for s, t, v in points]
    return {
        "experiment": run["experiment"], "status": run["status"], "start_time": run["start_time"],
        "end_time": run["end_time"], "lifecycle_stage": "deleted" if run["deleted"] else "active",
        "parent": run["parent"], "user_id": run["tags"]["mlflow.user"],
        "params": run["params"], "tags": run["tags"], "metrics": metrics,
    }


def data_manifest(datasets):
    runs = spec.all_runs()
    experiments = {spec.DEFAULT: {"tags": {}, "lifecycle_stage": "active", "runs": 0, "deleted_runs": 0}}
    for experiment in spec.EXPERIMENTS:
        mine = [r for r in runs if r["experiment"] == experiment["name"]]
        experiments[experiment["name"]] = {
            "tags": experiment["tags"],
            "lifecycle_stage": "deleted" if experiment["deleted"] else "active",
            "runs": sum(not r["deleted"] for r in mine),
            "deleted_runs": sum(r["deleted"] for r in mine),
        }
    main = [r for r in runs if r["experiment"] == spec.MAIN]
    return {
        "base_time": spec.BASE_TIME,
        "experiments": experiments,
        # Newest first: MLflow's default experiment order (creation time descending).
        "experiment_order": [e["name"] for e in reversed(spec.EXPERIMENTS) if not e["deleted"]] + [spec.DEFAULT],
        "runs": {r["name"]: run_manifest(r) for r in runs},
        # MLflow's default run order in fixture-main (start time descending), active runs only.
        "main_run_order": [r["name"] for r in sorted(main, key=lambda r: -r["start_time"]) if not r["deleted"]],
        "counts": {
            "experiments_active": sum(e["lifecycle_stage"] == "active" for e in experiments.values()),
            "experiments_deleted": sum(e["lifecycle_stage"] == "deleted" for e in experiments.values()),
            "main_runs_active": sum(not r["deleted"] for r in main),
            "main_runs_deleted": sum(r["deleted"] for r in main),
            "long_history_points": spec.LONG_HISTORY_POINTS,
            "spiky_points": spec.SPIKY_POINTS,
        },
        "special_values": {
            "failed": {"train/loss": {"5": "Infinity", "6": "-Infinity", "7": "NaN"}, "val_loss": "latest is NaN"},
            "killed": {"acc": "none", "train/loss": "latest is Infinity", "val_loss": "latest is -Infinity"},
            "scheduled": "no metrics, no end time",
            "running": "no end time",
            "infinity_in_sql_stores": spec.SQL_INFINITY,
            "infinity_in_file_store": "Infinity",
            "model_version_model_id": "only the file registry keeps it; the SQL registry (sqlite, server) returns "
                                      "none. The source is models:/<model id> in every store.",
        },
        "datasets": {"run": "parent", "inputs": datasets},
        "artifacts": {"run": "artifact-run", "entries": spec.artifact_listing(spec.artifact_files(), [spec.EMPTY_FOLDER])},
        "logged_model": {
            "name": spec.MODEL_NAME, "run": "artifact-run", "model_type": spec.MODEL_TYPE, "status": "LOGGED_MODEL_READY",
            "params": spec.MODEL_PARAMS, "step": 0,
            "tags": dict(spec.MODEL_TAGS, **{
                "mlflow.modelVersions": json.dumps([{"name": spec.REGISTERED_MODEL["name"], "version": 1}]),
            }),
            "artifacts": spec.artifact_listing(spec.MODEL_FILES),
        },
        "registered_model": spec.REGISTERED_MODEL,
        "volatile": VOLATILE,
    }


def combine(out, paths):
    combined = {"format": MANIFEST_FORMAT, "data": None, "stores": {}}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            store = json.load(handle)
        data = store.pop("data")
        if combined["data"] is not None and combined["data"] != data:
            raise SystemExit(f"{path}: its data section differs from the others")
        combined["data"] = data
        combined["stores"][store["kind"]] = store
    write_json(out, combined)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=1, ensure_ascii=False, allow_nan=False, sort_keys=True)
        handle.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracking-uri")
    parser.add_argument("--out", help="where to write this store's manifest")
    parser.add_argument("--server-artifacts", help="the folder a server store serves artifacts from")
    parser.add_argument("--combine", nargs="+", metavar=("OUT", "STORE_MANIFEST"))
    args = parser.parse_args()
    if args.combine:
        if len(args.combine) < 2:
            parser.error("--combine needs OUT and at least one store manifest")
        combine(args.combine[0], args.combine[1:])
        return
    if not args.tracking_uri or not args.out:
        parser.error("--tracking-uri and --out are required")
    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    kind = store_kind(args.tracking_uri)
    uri = prepare_environment(args.tracking_uri, kind)
    spec.spiky_extremes_unsampled()
    started = time.monotonic()
    manifest = Generator(uri, kind, args.server_artifacts).run()
    manifest["generation_seconds"] = round(time.monotonic() - started, 2)
    write_json(out, manifest)
    summary = {k: manifest[k] for k in ("kind", "tracking_uri", "experiments", "runs", "logged_models", "infinity",
                                         "generation_seconds")}
    summary["counts"] = manifest["data"]["counts"]
    print(json.dumps(summary, indent=1, ensure_ascii=True))


if __name__ == "__main__":
    main()
