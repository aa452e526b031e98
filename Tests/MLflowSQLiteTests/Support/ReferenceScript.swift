import Foundation

/// The Python program behind `MLflowReference`: answers queries with MLflow's own SQL store
/// (the code an MLflow server runs), in the JSON shape of MLflowCore's Codable entities.
///
/// Usage: `python reference.py REQUEST.json ANSWERS.json`; a request is
/// `{"db": path, "queries": [{"kind": ..., ...}]}`, each answer `{"ok": value}` or `{"error": text}`.
enum ReferenceScript {
    static let source = #"""
"""Answers store queries with MLflow's own SQL store, in the JSON shape of Runboard's entities."""
import json
import math
import os
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

from mlflow.entities import ViewType  # noqa: E402
from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as RegistryStore  # noqa: E402
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore  # noqa: E402


def num(x):
    if x is None:
        return None
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
    return x


def kv(pairs):
    if pairs is None:
        return []
    items = pairs.items() if isinstance(pairs, dict) else [(p.key, p.value) for p in pairs]
    return [{"key": k, "value": v if v is not None else ""} for k, v in items]


def token(t):
    if t is None:
        return None
    return t.decode() if isinstance(t, bytes) else t


def logged(x):
    """The value that was logged: MLflow's SQL store keeps ±inf as ±DBL_MAX and its client shows that
    number; Runboard's stores undo it where they read it (MLflowCore's SQLStoreInfinity)."""
    if x == 1.7976931348623157e308:
        return math.inf
    if x == -1.7976931348623157e308:
        return -math.inf
    return x


def metric(m):
    return {"key": m.key, "value": num(logged(float(m.value))), "timestamp": m.timestamp, "step": m.step}


def experiment(e):
    if e is None:
        return None
    return {"experimentId": e.experiment_id, "name": e.name, "artifactLocation": e.artifact_location or "",
            "lifecycleStage": e.lifecycle_stage, "creationTime": e.creation_time,
            "lastUpdateTime": e.last_update_time, "tags": kv(e.tags)}


def run(r):
    i = r.info
    inputs = r.inputs
    outputs = r.outputs
    return {
        "info": {"runId": i.run_id, "runName": i.run_name or "", "experimentId": i.experiment_id,
                 "userId": i.user_id or "", "status": i.status, "startTime": i.start_time,
                 "endTime": i.end_time, "artifactUri": i.artifact_uri or "", "lifecycleStage": i.lifecycle_stage},
        "params": kv(r.data.params), "tags": kv(r.data.tags),
        "metrics": [metric(m) for m in r.data._metric_objs],
        "datasetInputs": [
            {"dataset": {"name": d.dataset.name, "digest": d.dataset.digest, "sourceType": d.dataset.source_type,
                         "source": d.dataset.source, "schema": d.dataset.schema, "profile": d.dataset.profile},
             "tags": kv(d.tags)}
            for d in (inputs.dataset_inputs if inputs else [])
        ],
        "modelInputs": [m.model_id for m in (inputs.model_inputs if inputs and inputs.model_inputs else [])],
        "modelOutputs": [{"modelId": m.model_id, "step": m.step}
                         for m in (outputs.model_outputs if outputs and outputs.model_outputs else [])],
    }


def aliases(found):
    pairs = found.items() if isinstance(found, dict) else [(a.alias, a.version) for a in found or []]
    return [{"alias": alias, "version": str(version)} for alias, version in sorted(pairs)]


STATUS = {"UNSPECIFIED": "LOGGED_MODEL_STATUS_UNSPECIFIED", "PENDING": "LOGGED_MODEL_PENDING",
          "READY": "LOGGED_MODEL_READY", "FAILED": "LOGGED_MODEL_UPLOAD_FAILED"}


def logged_model(m):
    return {"modelId": m.model_id, "experimentId": m.experiment_id, "name": m.name,
            "artifactUri": m.artifact_location, "creationTimestamp": m.creation_timestamp,
            "lastUpdatedTimestamp": m.last_updated_timestamp, "status": STATUS[str(m.status)],
            "modelType": m.model_type, "sourceRunId": m.source_run_id,
            "params": kv(m.params), "tags": kv(m.tags)}


def answer(store, registry, q):
    kind = q["kind"]
    view = ViewType.from_string(q.get("view", "ACTIVE_ONLY").lower())
    if kind == "search_experiments":
        page = store.search_experiments(view, q["max_results"], None, None, q.get("page_token"))
        return {"items": [experiment(e) for e in page], "nextPageToken": token(page.token)}
    if kind == "experiment":
        return experiment(store.get_experiment(q["id"]))
    if kind == "experiment_by_name":
        return experiment(store.get_experiment_by_name(q["name"]))
    if kind == "search_runs":
        page = store.search_runs(q["experiment_ids"], q.get("filter"), view, q["max_results"],
                                 q.get("order_by"), q.get("page_token"))
        return {"items": [run(r) for r in page], "nextPageToken": token(page.token)}
    if kind == "run":
        return run(store.get_run(q["run_id"]))
    if kind == "history":
        page = store.get_metric_history(q["run_id"], q["key"], q["max_results"], q.get("page_token"))
        return {"items": [metric(m) for m in page], "nextPageToken": token(page.token)}
    if kind == "sample":
        steps = q.get("steps")
        found = store.get_metric_history_bulk_interval(
            q["run_ids"], q["key"], q["max_results"], steps[0] if steps else None, steps[1] if steps else None)
        result = {}
        for m in found:
            result.setdefault(m.run_id, []).append(metric(m))
        return result
    if kind == "logged_models":
        models, page_token = [], None
        while True:
            page = store.search_logged_models(q["experiment_ids"], max_results=100, page_token=page_token)
            models += [logged_model(m) for m in page]
            page_token = page.token
            if not page_token:
                return models
    if kind == "registered_models":
        models, page_token = [], None
        while True:
            page = registry.search_registered_models(max_results=1000, page_token=page_token)
            models += [{"name": m.name, "creationTimestamp": m.creation_timestamp,
                        "lastUpdatedTimestamp": m.last_updated_timestamp, "description": m.description or "",
                        "tags": kv(m.tags),
                        "aliases": aliases(m.aliases)}
                       for m in page]
            page_token = page.token
            if not page_token:
                return models
    if kind == "model_versions":
        found = registry.search_model_versions(f"name = '{q['name']}'", order_by=["version_number DESC"])
        versions = []
        for v in found:
            full = registry.get_model_version(v.name, v.version)
            versions.append({"name": full.name, "version": str(full.version),
                             "creationTimestamp": full.creation_timestamp,
                             "lastUpdatedTimestamp": full.last_updated_timestamp,
                             "description": full.description or "", "userId": full.user_id or "",
                             "currentStage": full.current_stage, "source": full.source, "runId": full.run_id,
                             "status": full.status, "tags": kv(full.tags), "aliases": list(full.aliases),
                             "modelId": full.model_id})
        return versions
    raise ValueError(f"unknown query kind {kind}")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    uri = "sqlite:///" + request["db"]
    store = SqlAlchemyStore(uri, os.path.dirname(request["db"]))
    registry = RegistryStore(uri)
    results = []
    for q in request["queries"]:
        try:
            results.append({"ok": answer(store, registry, q)})
        except Exception as e:  # MLflow's refusal is part of the answer
            results.append({"error": f"{type(e).__name__}: {e}"})
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=True, allow_nan=False)


main()
"""#
}
