"""Generates Tests/MLflowCoreTests/SearchCorpus.generated.swift from MLflow itself.

Every filter and order_by string below is sent to a real MLflow SQL store (SQLite) holding
the runs defined here. For each one the file records whether MLflow accepts it, the clauses
MLflow's parser produced, and which runs (in which order) the store returned. The Swift tests
check the parser, the evaluator and the ordering against these outcomes.

Run with the MLflow venv, from the repository root:
    .venv/bin/python scripts/search-corpus/generate.py
"""

import json
import math
import os
import random
import re
import sys
import tempfile
import uuid

import mlflow
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunStatus, RunTag
from mlflow.exceptions import MlflowException
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
from mlflow.utils.search_utils import SearchUtils

OUT = os.path.join(
    os.path.dirname(__file__), "..", "..", "Tests", "MLflowCoreTests", "SearchCorpus.generated.swift"
)

# Deterministic run ids: MLflow takes them from uuid.uuid4().
_rng = random.Random(1234)
uuid.uuid4 = lambda: uuid.UUID(int=_rng.getrandbits(128), version=4)

NAN = float("nan")
INF = float("inf")

# label -> run definition. metrics: key -> list of (value, timestamp, step); the latest by
# (step, timestamp, value) is what search sees.
RUNS = [
    dict(label="alpha", start=1000, end=2000, status="FINISHED", user="alice",
         metrics={"acc": [(0.9, 10, 0)], "loss": [(1.0, 10, 0), (0.5, 20, 1)], "val/loss": [(0.3, 10, 0)],
                  "z": [(0.0, 10, 0)], "a b": [(1.0, 10, 0)]},
         params={"lr": "0.01", "opt": "Adam"},
         tags={"team": "Vision", "promo": "50%_off", "empty": ""},
         datasets=[("train-ds", "d1", "training")]),
    dict(label="beta", start=2000, end=None, status="RUNNING", user="bob",
         metrics={"acc": [(0.8, 10, 0), (NAN, 20, 1)], "loss": [(INF, 10, 0)], "z": [(NAN, 10, 0)]},
         params={"lr": "0.1", "opt": "adam"},
         tags={"team": "vision", "multi": "line1\nline2"},
         datasets=[("eval-ds", "d2", "eval")]),
    dict(label="gamma", start=2000, end=3000, status="FAILED", user="\u00c1lvaro",
         metrics={"acc": [(-INF, 10, 0)], "loss": [(NAN, 10, 0)], "big": [(1.7976931348623157e308, 10, 0)]},
         params={"lr": "1e-3", "opt": "SGD", "greeting": "h\u00e9llo w\u00f6rld", "stra\u00dfe": "x"},
         tags={"team": "\u00c9QUIPE", "decomposed": "e\u0301t\u00e9"},
         datasets=[]),
    dict(label="delta", start=500, end=600, status="KILLED", user="alice",
         metrics={}, params={}, tags={"empty": ""}, datasets=[]),
    dict(label="Epsilon", start=3000, end=3500, status="FINISHED", user="carol",
         metrics={"acc": [(0.9, 10, 0)], "loss": [(0.0, 10, 0)], "z": [(-0.0, 10, 0)]},
         params={"lr": "0.01"},
         tags={"x_y": "a_b", "pct": "100%", "path": "C:\\dir\\file", "team": "vis%on"},
         datasets=[]),
    dict(label="zeta", start=1500, end=2500, status="FINISHED", user="bob",
         metrics={"acc": [(NAN, 10, 0), (0.7, 20, 1)], "loss": [(-1.5, 10, 0)], "big": [(INF, 10, 0)]},
         params={"lr": "0.001", "opt": "Adam"},
         tags={"team": "Vision Team", "quote": "it's"},
         datasets=[("train-ds", "d1", "training"), ("extra", "d3", "test")]),
    dict(label="eta", start=4000, end=None, status="SCHEDULED", user="dave",
         metrics={"acc": [(1.0, 10, 0)], "loss": [(-INF, 10, 0)], "z": [(5.0, 10, 0)]},
         params={"lr": "0.5", "opt": "adam "},
         tags={"team": "_ision", "quote": "it''s"},
         datasets=[("Train-DS", "D1", "Training")]),
    dict(label="theta", start=1000, end=1200, status="FINISHED", user="alice",
         metrics={"acc": [(0.9, 10, 0)], "loss": [(2.0, 10, 0)]},
         params={"lr": "0.01"},
         tags={"team": "Vision"},
         datasets=[]),
]


def make_store(tmp):
    store = SqlAlchemyStore(f"sqlite:///{tmp}/mlflow.db", f"{tmp}/artifacts")
    exp_id = store.create_experiment("corpus")
    ids = {}
    for r in RUNS:
        run = store.create_run(exp_id, r["user"], r["start"], [], r["label"])
        rid = run.info.run_id
        ids[r["label"]] = rid
        for key, points in r["metrics"].items():
            for value, ts, step in points:
                store.log_metric(rid, Metric(key, value, ts, step))
        for key, value in r["params"].items():
            store.log_param(rid, Param(key, value))
        for key, value in r["tags"].items():
            store.set_tag(rid, RunTag(key, value))
        if r["datasets"]:
            store.log_inputs(rid, [
                DatasetInput(Dataset(name, digest, "local", "{}"), [InputTag("mlflow.data.context", ctx)])
                for name, digest, ctx in r["datasets"]
            ])
        store.update_run_info(rid, RunStatus.from_string(r["status"]), r["end"], r["label"])
    return store, exp_id, ids


def num(value):
    """A float as text Swift's Double(_:) reads back exactly."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def clause_json(parsed):
    key_type = parsed["type"]
    key = SearchUtils.translate_key_alias(parsed["key"])
    comparator = parsed["comparator"].upper()
    value = parsed["value"]
    if value is None:
        v = {"none": True}
    elif isinstance(value, tuple):
        v = {"list": list(value)}
    elif key_type == "metric" or (key_type == "attribute" and key in SearchUtils.NUMERIC_ATTRIBUTES):
        v = {"number": num(float(value))}
    else:
        v = {"string": value}
    return {"type": key_type, "key": key, "comparator": comparator, "value": v}


def run_json(store, rid, label):
    run = store.get_run(rid)
    info = run.info
    latest = {m.key: m for m in run.data._metric_objs}
    return {
        "label": label,
        "runId": info.run_id,
        "runName": info.run_name,
        "experimentId": info.experiment_id,
        "userId": info.user_id,
        "status": info.status,
        "startTime": info.start_time,
        "endTime": info.end_time,
        "artifactUri": info.artifact_uri,
        "params": [[k, v] for k, v in sorted(run.data.params.items())],
        "tags": [[k, v] for k, v in sorted(run.data.tags.items())],
        "metrics": [[k, num(m.value), m.timestamp, m.step] for k, m in sorted(latest.items())],
        "datasets": [
            [d.dataset.name, d.dataset.digest, [[t.key, t.value] for t in d.tags]]
            for d in run.inputs.dataset_inputs
        ],
    }


FILTERS = r"""
status = 'FINISHED'
run_id = 'abc'
metrics.acc > 0.85
metrics.acc >= 0.9
metrics.acc = 0.9
metrics.acc != 0.9
metrics.acc < 0.85
metrics.acc <= 0.8
metrics.acc == 1
metrics.acc <> 1
metrics.acc => 1
metrics.acc =< 1
metrics.acc ! 1
metric.acc > -1.5e3
metrics.acc > 1E-1
metrics.acc > .5
metrics.acc > 5.
metrics.acc > -.5
metrics.acc > +5
metrics.acc > - 5
metrics.acc > 0x10
metrics.acc > 1e+3
metrics.acc > 1.e3
metrics.acc > 1e999
metrics.acc < -1e999
metrics.acc>0.5
metrics.acc>0.5and metrics.loss<1
metrics.acc > 0.5 and metrics.loss < 1
metrics.acc > 0.5 AND metrics.loss < 1
metrics.acc > 0.5 aNd metrics.loss < 1
metrics.acc > 0.5 or metrics.loss < 1
metrics.acc > 0.5 OR metrics.loss < 1
metrics.acc > '0.5'
metrics.acc > "0.5"
metrics.acc > acc
metrics.acc LIKE '0.9'
metrics.acc IS NULL
metrics.acc IS NOT NULL
metrics.acc IN ('1')
metrics.z > 0
metrics.z < 0
metrics.z = 0
metrics.z != 0
metrics.z >= 0
metrics.z <= 0
metrics.z != 5
metrics.z = 5
metrics.acc != 0.7
metrics.acc > 0
metrics.loss > 1e308
metrics.loss >= 1.7976931348623157e308
metrics.loss = 1.7976931348623157e308
metrics.loss < -1e308
metrics.loss < 1e999
metrics.loss > -1e999
metrics.big = 1.7976931348623157e308
metrics.big > 1e308
metrics.loss = 0
metrics.loss = -0.0
metrics.loss > -2
metrics.loss = -1.5
metrics.nope > 0
metrics.nope != 0
metrics.`val/loss` < 0.5
metrics."val/loss" < 0.5
metrics.'val/loss' < 0.5
metrics.val/loss < 0.5
metrics.`a b` = 1
metrics."a b" = 1
metrics.a b = 1
`metrics`.acc > 0.5
"metrics".acc > 0.5
'metrics'.acc > 0.5
METRICS.acc > 0.5
Metrics.acc > 0.5
metrics . acc > 0.5
metrics .acc > 0.5
metrics.acc
metrics.acc >
metrics.
metrics.acc 0.5
> 0.5
metrics.a.b > 1
metrics.`a.b` > 1
metrics.* > 1
metrics.1 > 1
metrics.1x > 1
metrics._x > 1
metrics.x$y > 1
metrics._x$y > 1
metrics.αβ > 1
metrics.é > 1
metrics.x > 5α
metrics.x > ١٢
metrics.acc > 0.5;
metrics.acc > 0.5; metrics.loss < 1
(metrics.acc > 0.5)
metrics.acc > (0.5)
metrics.acc > 0.5 -- comment
metrics.acc > 0.5 /* c */
metrics.acc > 1 + 2
metrics.acc > 0.5 metrics.loss < 1
params.lr = '0.01'
params.lr = "0.01"
params.lr = 0.01
params.lr = lr
params.lr = `0.01`
params.lr != '0.01'
params.lr > '0.01'
params.lr < '0.1'
params.lr LIKE '0.0%'
params.lr like '0._1'
params.lr LiKe '%1'
params.lr ILIKE '%E-3'
params.lr LIKE '%E-3'
params.lr not like '%1'
params.lr NOT ILIKE '%1'
params.lr RLIKE '0.*'
params.lr REGEXP '0'
params.lr IS NULL
params.lr IS NOT NULL
params.lr is null
params.lr is not null
params.lr IS  NOT   NULL
params.lr IS NOT<TAB>NULL
params.lr IS
params.lr IS NOT
params.lr NULL
params.lr ISNULL
params.lr IN ('0.01')
params.lr NOT IN ('0.01')
params.opt = 'adam'
params.opt = 'Adam'
params.opt != 'adam'
params.opt LIKE 'adam'
params.opt LIKE 'a%'
params.opt ILIKE 'adam'
params.opt ILIKE 'ADAM%'
params.opt = 'adam '
params.greeting = 'héllo wörld'
params.greeting LIKE 'h_llo%'
params.greeting ILIKE 'HÉLLO%'
params.greeting ILIKE 'HéLLO%'
params.`straße` = 'x'
params.straße = 'x'
parameter.lr = '0.01'
parameters.lr = '0.01'
param.lr = '0.01'
param.lr = 'it''s'
param.lr = 'it\'s'
params.select = 'x'
params.from = 'x'
params.in = 'x'
params.as = 'x'
params.and = 'x'
params.desc = 'x'
params.lr = '0.01' AND
AND params.lr = '0.01'
params.lr = '0.01' and and params.opt = 'Adam'
params.lr = '0.01' params.opt = 'Adam'
params.lr='0.01'and params.opt='Adam'
params.lr = '0.01' AND params.lr = '0.1'
params.lr = '0.01' AND NOT params.opt = 'Adam'
tags.team = 'Vision'
tags.team != 'Vision'
tags.team LIKE 'vision'
tags.team LIKE 'Vis%'
tags.team ILIKE 'vision'
tags.team ILIKE 'VIS%'
tags.team ILIKE 'équipe'
tags.team ILIKE 'ÉQUIPE'
tags.team LIKE '_ision'
tags.team LIKE '\_ision'
tags.team LIKE 'vis\%on'
tags.team LIKE 'vis%on'
tags.team LIKE '%'
tags.team LIKE ''
tags.team = ''
tags.empty = ''
tags.empty LIKE '%'
tags.empty IS NULL
tags.empty IS NOT NULL
tags.nope IS NULL
tags.nope != 'x'
tags.promo LIKE '50\%%'
tags.promo LIKE '%\_%'
tags.x_y LIKE 'a\_b'
tags.x_y = 'a_b'
tags.pct LIKE '100%'
tags.path = 'C:\dir\file'
tags.path LIKE 'C:\\dir%'
tags.path LIKE 'C:\dir%'
tags.quote = 'it''s'
tags.quote = "it's"
tags.quote = 'it\'s'
tags.quote LIKE 'it%s'
tags.multi LIKE 'line1%'
tags.multi LIKE 'line1_line2'
tags.multi = 'line1<NL>line2'
tags.decomposed = 'été'
tags.decomposed = 'été'
tags."mlflow.runName" = 'alpha'
tags.`mlflow.runName` = 'alpha'
tags.mlflow.runName = 'alpha'
tags.'mlflow.runName' = 'alpha'
tag.team = 'Vision'
tags.team IN ('Vision')
tags.team > 'A'
tags.team = 'a' = 'b'
'Vision' = tags.team
tags.team = 'Vision
tags.team = "Vision
tags.`team = 'Vision'
tags.team = 'Vision''
tags.team = 'a\'
tags.team = 'a\' AND tags.x = 'b'
tags.team =
tags.team
= 'Vision'
tags.team = 'a' 'b'
attributes.status = 'FINISHED'
attributes.status != 'FINISHED'
attributes.status LIKE 'F%'
attributes.status LIKE 'f%'
attributes.status ILIKE 'f%'
attributes.status IN ('FINISHED')
attributes.status = FINISHED
attributes.status IS NULL
attribute.status = 'FINISHED'
attr.status = 'FINISHED'
run.status = 'FINISHED'
attrs.status = 'FINISHED'
attributes.lifecycle_stage = 'active'
attributes.experiment_id = '1'
attributes.user_id = 'alice'
attributes.user_id ILIKE 'álvaro'
attributes.user_id ILIKE 'ÁLVARO'
attributes.user_id LIKE 'Á%'
user_id = 'bob'
attributes.artifact_uri LIKE '%artifacts%'
attributes.run_name = 'alpha'
attributes.run_name = 'epsilon'
attributes.run_name ILIKE 'epsilon'
attributes.run_name != 'alpha'
attributes.run_name LIKE '%eta'
attributes.`Run name` = 'alpha'
attributes.`run name` = 'alpha'
attributes.`Run Name` = 'alpha'
attributes."Run Name" = 'alpha'
attributes.`RUN NAME` = 'alpha'
`Run name` = 'alpha'
"Run name" = 'alpha'
run_name = 'alpha'
attributes.run_name IN ('alpha')
attributes.start_time > 1000
attributes.start_time >= 1000
attributes.start_time = 2000
attributes.start_time != 2000
attributes.start_time < 1500.5
attributes.start_time > 1e3
attributes.start_time = '2000'
attributes.start_time LIKE '2%'
attributes.start_time IN (2000)
attributes.end_time > 0
attributes.end_time != 3000
attributes.end_time <= 2000
attr.created > 1500
attributes.Created > 1500
attributes.CREATED > 1500
created > 1500
start_time > 1500
attributes.end_time IS NULL
attributes.run_id = '{alpha}'
attributes.run_id != '{alpha}'
attributes.run_id IN ('{alpha}', '{beta}')
attributes.run_id IN ('{alpha}')
attributes.run_id IN ('{alpha}',)
attributes.run_id IN ("{alpha}", '{gamma}')
attributes.run_id in ('{alpha}')
attributes.run_id NOT IN ('{alpha}', '{beta}')
attributes.run_id not in ('{alpha}')
attributes.run_id NOT  IN ('{alpha}')
attributes.run_id IN ()
attributes.run_id IN ('a' 'b')
attributes.run_id IN ('{alpha}'<NL>'{beta}')
attributes.run_id IN ('a\n')
attributes.run_id IN (1, 2)
attributes.run_id IN ('a', 1)
attributes.run_id IN (a)
attributes.run_id IN ('{alpha}', ('{beta}'))
attributes.run_id IN (('{alpha}', '{beta}'))
attributes.run_id IN ['{alpha}']
attributes.run_id IN '{alpha}'
attributes.run_id IN ('a')('b')
attributes.run_id = ('{alpha}')
attributes.run_id LIKE '{alpha_prefix}%'
attributes.run_id ILIKE '{alpha_upper}'
attributes.run_id IN ('{alpha}') AND params.lr = '0.01'
attributes.run_id IN ('{alpha}'
attributes.run_id IN ('x)')
attributes.run_id IN (u'{alpha}')
attributes.run_id IN (r'{alpha}')
attributes.run_id IN (b'{alpha}')
attributes.run_id IN ('''{alpha}''')
attributes.run_id IN ('\x41')
attributes.run_id IN ('\u00e9')
attributes.run_id IN ('\q')
datasets.name = 'train-ds'
datasets.name != 'train-ds'
datasets.name LIKE 'train%'
datasets.name ILIKE 'train%'
datasets.name IN ('train-ds', 'eval-ds')
datasets.name NOT IN ('train-ds')
datasets.digest = 'd1'
datasets.digest IN ('d2')
datasets.context = 'training'
datasets.context != 'training'
datasets.context IN ('eval', 'test')
datasets.context NOT IN ('training')
datasets.context ILIKE 'TRAIN%'
datasets.name IS NULL
datasets.name > 'a'
datasets.source = 'x'
dataset.name = 'extra'
datasets.name = 'train-ds' AND datasets.context = 'test'
datasets.`name` = 'extra'
datasets."name" = 'extra'
foo.x = 'a'
x.y.z = 'a'
bogus = 'a'
metrics.acc > 0.5 AND params.lr = '0.01' AND tags.team LIKE 'Vis%' AND attributes.status = 'FINISHED'
  metrics.acc > 0.5  
<TAB>metrics.acc > 0.5
metrics.acc<NL>> 0.5
metrics.acc >= 0.9 AND metrics.acc <= 0.9
params.lr = '0.01' AND params.lr != '0.01'
"""

FILTERS_EXTRA = ["", "   ", "\n", "\t", " AND ", "AND", "and and", "OR", "\x00", "metrics.acc > 0.5\x00",
                 "tags.team = 'a\x00b'", "params.x = '\u202e'", "'", "\"", "`", "(", ")", "((", "))",
                 "params.lr = '0.01' AND (tags.x = 'a' OR tags.y = 'b')",
                 "tags.decomposed = 'e\u0301t\u00e9'", "tags.decomposed = '\u00e9t\u00e9'",
                 "tags.decomposed LIKE 'e_t\u00e9'", "tags.decomposed LIKE '\u00e9t\u00e9'",
                 # MLflow translates the attribute aliases whatever the entity.
                 "params.created = 'x'", "tags.`Run name` = 'alpha'", "metrics.Created > 0",
                 # Clauses without AND: MLflow glues an IS NULL or IN clause onto the one before.
                 "tags.team = 'Vision' tags.empty IS NULL", "tags.team = 'Vision'tags.empty IS NOT NULL",
                 "attributes.run_id IN ('a') tags.empty IS NULL", "tags.team = 'Vision' attributes.run_id IN ('a')",
                 "metrics.acc > 0 tags.team IS NULL", "tags.empty IS NULL tags.team = 'Vision'",
                 "tags.empty IS NULL attributes.run_id NOT IN ('a')", "attributes.run_id IN ('a') tags.team = 'Vision'",
                 "params.lr = '0.01' params.opt = 'Adam' tags.nope IS NULL"]

ORDERS = r"""
metrics.acc
metrics.acc ASC
metrics.acc DESC
metrics.acc asc
metrics.acc desc
metrics.acc Desc
metrics.acc  DESC
metrics.acc<TAB>DESC
metrics.acc DESC NULLS LAST
metrics.acc DESC ASC
metrics.acc DOWN
metrics.`val/loss` DESC
metrics."val/loss" DESC
metrics.'val/loss'
metrics.loss
metrics.loss DESC
metrics.z
metrics.z DESC
metrics.big
metrics.big DESC
metrics.nope
metric.acc
params.lr
params.lr DESC
param.opt
parameters.opt DESC
params.opt
params.greeting
tags.team
tags.team DESC
tag.quote
tags."mlflow.runName"
tags.mlflow.runName DESC
attributes.start_time
attributes.start_time DESC
attributes.start_time ASC
attributes.end_time
attributes.end_time DESC
attributes.created
attributes.Created DESC
attributes.status
attributes.status DESC
attributes.run_name
attributes.run_name DESC
attributes.`Run name`
attributes.run_id
attributes.run_id DESC
attributes.user_id
attributes.user_id DESC
attributes.artifact_uri
attributes.lifecycle_stage
attr.start_time
run.end_time
start_time
start_time DESC
run_name
status
created DESC
timestamp
datasets.name
foo.x
metrics.acc,
metrics.acc, metrics.loss
metrics.acc DESC, params.lr
(metrics.acc)
metrics.acc;
metrics.
metrics
METRICS.acc
`metrics`.acc
metrics . acc
metrics.a b
metrics.`a b`
metrics."a b" DESC
metrics.acc DESC garbage
metrics.acc -- c
metrics.acc  
 metrics.acc
metrics.acc DESC 
ASC
DESC
metrics.acc > 0
params.created
tags.`Run name` DESC
"""

ORDER_LISTS = [
    ["metrics.acc DESC", "params.lr"],
    ["metrics.acc", "attributes.start_time"],
    ["params.opt", "metrics.loss DESC"],
    ["tags.team DESC", "metrics.z"],
    ["metrics.acc", "metrics.acc DESC"],
    ["attributes.created", "attributes.start_time DESC"],
    ["attributes.end_time DESC", "attributes.run_name"],
    [],
]


def unmark(text):
    """The tables above write a newline as <NL> and a tab as <TAB>."""
    return text.replace("<NL>", "\n").replace("<TAB>", "\t")


def fuzz_filters(count):
    rng = random.Random(99)
    pieces = [
        "metrics.acc", "params.lr", "tags.team", "attributes.status", "attributes.run_id", "datasets.name",
        "attributes.start_time", "metrics.`a b`", "tags.\"mlflow.runName\"", "metric", "params", ".", "`",
        "=", "!=", ">", ">=", "<", "<=", "==", "LIKE", "ilike", "IN", "NOT", "IS", "NULL", "AND", "and", "OR",
        "0.5", "-1", "1e3", ".5", "'a'", "\"a\"", "'it''s'", "'%'", "('a', 'b')", "(", ")", ",", ";", "x",
        "'", "\"", " ", " ", " ", "\t", "\n", "\u00e9", "_", "%", "\\", "--", "*",
    ]
    out = []
    for _ in range(count):
        n = rng.randint(1, 8)
        text = ""
        for _ in range(n):
            text += rng.choice(pieces)
            if rng.random() < 0.7:
                text += " "
        out.append(text.strip(" ") if rng.random() < 0.8 else text)
    return out


def fuzz_valid(count):
    """Random well-formed clause lists: the accepted side must agree too."""
    rng = random.Random(7)
    keys = ["metrics.acc", "metrics.loss", "metrics.z", "params.lr", "params.opt", "tags.team", "tags.empty",
            "attributes.status", "attributes.start_time", "attributes.end_time", "attributes.user_id",
            "attributes.run_name", "datasets.name", "datasets.context"]
    out = []
    for _ in range(count):
        clauses = []
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(keys)
            if key.startswith("metrics.") or key.endswith("_time"):
                op = rng.choice([">", ">=", "=", "!=", "<", "<="])
                val = rng.choice(["0", "0.5", "0.9", "-1", "1e308", "1000", "2000", "2500"])
            else:
                op = rng.choice(["=", "!=", "LIKE", "ILIKE"])
                val = rng.choice(["'Vision'", "'vision'", "'0.01'", "'%a%'", "'FINISHED'", "'alice'",
                                  "'train-ds'", "'training'", "'_ision'", "''", "'%'"])
            clauses.append(f"{key} {op} {val}")
        out.append(" AND ".join(clauses))
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        store, exp_id, ids = make_store(tmp)
        label_of = {rid: label for label, rid in ids.items()}

        def subst(text):
            text = text.replace("{alpha_prefix}", ids["alpha"][:6])
            text = text.replace("{alpha_upper}", ids["alpha"].upper())
            for label, rid in ids.items():
                text = text.replace("{" + label + "}", rid)
            return text

        def search(filter_string, order_by):
            try:
                runs = store.search_runs([exp_id], filter_string, 3, None, order_by, None)
            except MlflowException as e:
                return None, e.message
            except Exception as e:  # MLflow lets some malformed input escape as other errors
                return None, f"{type(e).__name__}: {e}"
            return [label_of[r.info.run_id] for r in runs], None

        def parsed_clauses(filter_string):
            return [clause_json(p) for p in SearchUtils.parse_search_filter(filter_string)]

        filter_cases = []
        texts = [unmark(subst(line)) for line in FILTERS.strip("\n").split("\n")]
        seen = set()
        for text in texts + FILTERS_EXTRA + fuzz_filters(600) + fuzz_valid(150):
            if text in seen:
                continue
            seen.add(text)
            matched, error = search(text, None)
            case = {"filter": text}
            if error is None:
                case["clauses"] = parsed_clauses(text)
                case["matches"] = sorted(matched)
                # `a = 'x' b IS NULL` becomes one IS NULL clause on the key "x = 'x' b":
                # SearchFilter.parse refuses such input instead.
                if any(re.search(r"[=<>!']", c["key"]) for c in case["clauses"]):
                    case["glued"] = True
            else:
                case["error"] = error[:200]
            filter_cases.append(case)

        order_cases = []
        for text in [unmark(t) for t in ORDERS.strip("\n").split("\n")]:
            order, error = search("", [text])
            case = {"orderBy": [text]}
            if error is None:
                key_type, key, ascending = SearchUtils.parse_order_by_for_search_runs(text)
                case["parsed"] = [{"type": key_type, "key": SearchUtils.translate_key_alias(key),
                                   "ascending": ascending}]
                case["order"] = order
            else:
                case["error"] = error[:200]
            order_cases.append(case)
        for texts in ORDER_LISTS:
            order, error = search("", texts)
            case = {"orderBy": texts}
            if error is None:
                case["order"] = order
            else:
                case["error"] = error[:200]
            order_cases.append(case)

        runs = [run_json(store, ids[r["label"]], r["label"]) for r in RUNS]

    corpus = {"mlflowVersion": mlflow.__version__, "runs": runs, "filters": filter_cases, "orders": order_cases}
    body = json.dumps(corpus, ensure_ascii=True, indent=1, sort_keys=True)
    assert '"""##' not in body
    with open(OUT, "w") as f:
        f.write("// Generated by scripts/search-corpus/generate.py from MLflow "
                f"{mlflow.__version__}; do not edit.\n")
        f.write("// Filters and order_by strings with what a real MLflow SQL store (SQLite) made of them.\n\n")
        f.write("let searchCorpusJSON = ##\"\"\"\n")
        f.write(body)
        f.write("\n\"\"\"##\n")
    accepted = sum(1 for c in filter_cases if "error" not in c)
    print(f"{len(filter_cases)} filters ({accepted} accepted), {len(order_cases)} order_by cases -> {OUT}")


if __name__ == "__main__":
    sys.exit(main())
