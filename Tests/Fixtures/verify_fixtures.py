#!/usr/bin/env python3
"""Reads every store of a combined manifest back through MLflow's client and checks it holds
exactly what the manifest's "data" section says.

    verify_fixtures.py MANIFEST [--store KIND]...

The server store is read through its URL, so its server must be running. Exit status 1 lists
every difference.
"""

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile


def decode_float(x, infinity):
    """Manifest value -> the float a store returns (±inf as the store keeps it)."""
    if x == "NaN":
        return float("nan")
    if x in ("Infinity", "-Infinity"):
        magnitude = float("inf") if infinity == "Infinity" else float(infinity)
        return magnitude if x == "Infinity" else -magnitude
    return float(x)


def same_float(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


class Checker:
    def __init__(self, kind, store, data):
        from mlflow.tracking import MlflowClient

        self.kind = kind
        self.store = store
        self.data = data
        self.infinity = store["infinity"]
        uri = store["tracking_uri"]
        # The file registry and the SQL registry open default clients internally.
        os.environ["MLFLOW_TRACKING_URI"] = uri
        os.environ["MLFLOW_REGISTRY_URI"] = uri
        self.client = MlflowClient(tracking_uri=uri, registry_uri=uri)
        self.problems = []

    def expect(self, what, actual, expected):
        if actual != expected:
            self.problems.append(f"{self.kind}: {what}: got {actual!r}, expected {expected!r}")

    def check(self):
        self.check_experiments()
        for name in self.data["runs"]:
            self.check_run(name)
        self.check_order()
        self.check_artifacts()
        self.check_models()
        return self.problems

    def check_experiments(self):
        from mlflow.entities import ViewType

        ids = self.store["experiments"]
        found = {e.name: e for e in self.client.search_experiments(view_type=ViewType.ALL)}
        self.expect("experiment names", sorted(found), sorted(self.data["experiments"]))
        for name, expected in self.data["experiments"].items():
            experiment = found.get(name)
            if experiment is None:
                continue
            self.expect(f"experiment {name!r} id", experiment.experiment_id, ids[name])
            self.expect(f"experiment {name!r} stage", experiment.lifecycle_stage, expected["lifecycle_stage"])
            self.expect(f"experiment {name!r} tags", experiment.tags, expected["tags"])
        active = [e.name for e in self.client.search_experiments()]
        self.expect("default experiment order", active, self.data["experiment_order"])

    def check_run(self, name):
        expected = self.data["runs"][name]
        run_ids = self.store["runs"]
        run = self.client.get_run(run_ids[name])
        info = run.info
        self.expect(f"run {name!r} name", info.run_name, name)
        self.expect(f"run {name!r} experiment", info.experiment_id, self.store["experiments"][expected["experiment"]])
        for field in ("status", "start_time", "end_time", "lifecycle_stage", "user_id"):
            self.expect(f"run {name!r} {field}", getattr(info, field), expected[field])
        self.expect(f"run {name!r} params", run.data.params, expected["params"])
        tags = dict(expected["tags"], **{"mlflow.runName": name})
        if expected["parent"]:
            tags["mlflow.parentRunId"] = run_ids[expected["parent"]]
        self.expect(f"run {name!r} tags", run.data.tags, tags)
        self.expect(f"run {name!r} metric keys", sorted(run.data.metrics), sorted(expected["metrics"]))
        for key, metric in expected["metrics"].items():
            latest = decode_float(metric["latest"]["value"], self.infinity)
            actual = run.data.metrics.get(key)
            if actual is None or not same_float(actual, latest):
                self.problems.append(f"{self.kind}: run {name!r} latest {key}: got {actual!r}, expected {latest!r}")
            self.check_history(name, run.info.run_id, key, metric)
        if name == self.data["datasets"]["run"]:
            inputs = sorted(
                ({"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
                  "source": d.dataset.source, "schema": d.dataset.schema, "profile": d.dataset.profile,
                  "context": {t.key: t.value for t in d.tags}.get("mlflow.data.context")}
                 for d in run.inputs.dataset_inputs),
                key=lambda d: d["name"],
            )
            self.expect(f"run {name!r} datasets", inputs, sorted(self.data["datasets"]["inputs"], key=lambda d: d["name"]))
        else:
            self.expect(f"run {name!r} datasets", len(run.inputs.dataset_inputs), 0)

    def check_history(self, name, run_id, key, metric):
        history = self.client.get_metric_history(run_id, key)
        points = sorted((m.step, m.timestamp, m.value) for m in history)
        self.expect(f"run {name!r} {key} count", len(points), metric["count"])
        if "history" in metric:
            wanted = sorted((s, t, decode_float(v, self.infinity)) for s, t, v in metric["history"])
            for got, want in zip(points, wanted):
                if got[:2] != want[:2] or not same_float(got[2], want[2]):
                    self.problems.append(f"{self.kind}: run {name!r} {key} point: got {got}, expected {want}")
                    break
        elif points:
            self.expect(f"run {name!r} {key} first step", points[0][0], metric["first_step"])
            self.expect(f"run {name!r} {key} last step", points[-1][0], metric["last_step"])

    def check_order(self):
        from mlflow.entities import ViewType

        main = self.store["experiments"]["fixture-main"]
        runs = self.client.search_runs([main], max_results=1000)
        self.expect("default run order", [r.info.run_name for r in runs], self.data["main_run_order"])
        deleted = self.client.search_runs([main], run_view_type=ViewType.DELETED_ONLY)
        expected = sorted(n for n, r in self.data["runs"].items()
                          if r["experiment"] == "fixture-main" and r["lifecycle_stage"] == "deleted")
        self.expect("deleted runs", sorted(r.info.run_name for r in deleted), expected)

    def list_tree(self, list_fn, path=None):
        entries = []
        for info in list_fn(path):
            if info.is_dir:
                entries.append({"path": info.path, "is_dir": True})
                entries += self.list_tree(list_fn, info.path)
            else:
                entries.append({"path": info.path, "is_dir": False, "size": info.file_size or 0})
        return entries

    def check_artifacts(self):
        run_id = self.store["runs"][self.data["artifacts"]["run"]]
        expected = self.data["artifacts"]["entries"]
        listed = sorted(self.list_tree(lambda p: self.client.list_artifacts(run_id, p)), key=lambda e: e["path"])
        self.expect("artifact listing", listed, [{k: v for k, v in e.items() if k != "sha256"} for e in expected])
        with tempfile.TemporaryDirectory() as folder:
            local = self.download_run_artifacts(run_id, expected, folder)
            for entry in expected:
                if entry["is_dir"]:
                    continue
                try:
                    with open(os.path.join(local, entry["path"]), "rb") as handle:
                        digest = hashlib.sha256(handle.read()).hexdigest()
                except OSError as error:
                    digest = str(error)
                self.expect(f"artifact {entry['path']} sha256", digest, entry["sha256"])

    def download_run_artifacts(self, run_id, expected, folder):
        """The run's artifacts through MLflow's client. From a server, its client cannot fetch a name
        with '?' (it puts the path into the URL unescaped): those files are fetched from the same
        route with the path escaped, and the rest of their folder through the client."""
        if self.kind != "server":
            return self.client.download_artifacts(run_id, "", folder)
        import urllib.parse
        import requests

        odd = [e["path"] for e in expected if not e["is_dir"] and "?" in e["path"]]
        odd_tops = {path.split("/")[0] for path in odd}
        for entry in expected:
            top = entry["path"]
            if "/" in top:
                continue
            if top not in odd_tops:
                self.client.download_artifacts(run_id, top, folder)
                continue
            for inner in expected:
                if inner["is_dir"] or not inner["path"].startswith(top + "/"):
                    continue
                parent = os.path.join(folder, os.path.dirname(inner["path"]))
                os.makedirs(parent, exist_ok=True)
                if inner["path"] not in odd:
                    self.client.download_artifacts(run_id, inner["path"], parent)
                    continue
                prefix = self.client.get_run(run_id).info.artifact_uri.removeprefix("mlflow-artifacts:").lstrip("/")
                route = urllib.parse.quote(f"{prefix}/{inner['path']}", safe="/")
                answer = requests.get(f"{self.store['tracking_uri']}/api/2.0/mlflow-artifacts/artifacts/{route}", timeout=60)
                answer.raise_for_status()
                with open(os.path.join(folder, inner["path"]), "wb") as handle:
                    handle.write(answer.content)
        return folder

    def check_models(self):
        from mlflow.entities import LoggedModelStatus

        spec = self.data["logged_model"]
        model_id = self.store["logged_models"][spec["name"]]
        model = self.client.get_logged_model(model_id)
        run_id = self.store["runs"][spec["run"]]
        self.expect("logged model name", model.name, spec["name"])
        self.expect("logged model type", model.model_type, spec["model_type"])
        self.expect("logged model status", model.status, LoggedModelStatus.READY)
        self.expect("logged model run", model.source_run_id, run_id)
        self.expect("logged model params", model.params, spec["params"])
        self.expect("logged model tags", model.tags, spec["tags"])
        listed = sorted(self.list_tree(lambda p: self.client.list_logged_model_artifacts(model_id, p)),
                        key=lambda e: e["path"])
        self.expect("logged model artifacts", listed, [{k: v for k, v in e.items() if k != "sha256"}
                                                       for e in spec["artifacts"]])
        outputs = self.client.get_run(run_id).outputs.model_outputs
        self.expect("run outputs", [(o.model_id, o.step) for o in outputs], [(model_id, spec["step"])])

        registered = self.data["registered_model"]
        rm = self.client.get_registered_model(registered["name"])
        self.expect("registered model description", rm.description, registered["description"])
        self.expect("registered model tags", rm.tags, registered["tags"])
        self.expect("registered model aliases", {k: str(v) for k, v in rm.aliases.items()}, registered["aliases"])
        for version in registered["versions"]:
            mv = self.client.get_model_version(registered["name"], version["version"])
            self.expect("model version description", mv.description, version["description"])
            self.expect("model version tags", mv.tags, version["tags"])
            self.expect("model version aliases", mv.aliases, version["aliases"])
            self.expect("model version run", mv.run_id, self.store["runs"][version["run"]])
            self.expect("model version source", mv.source, f"models:/{model_id}")
            # Only the file registry keeps the logged model id; the SQL registry drops it.
            self.expect("model version model_id", mv.model_id, model_id if self.kind == "filestore" else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("manifest")
    parser.add_argument("--store", action="append", help="check only this store kind (repeatable)")
    args = parser.parse_args()
    with open(args.manifest, encoding="utf-8") as handle:
        manifest = json.load(handle)
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    problems = []
    for kind, store in sorted(manifest["stores"].items()):
        if args.store and kind not in args.store:
            continue
        found = Checker(kind, store, manifest["data"]).check()
        print(f"{kind}: {'ok' if not found else f'{len(found)} problem(s)'}")
        problems += found
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
