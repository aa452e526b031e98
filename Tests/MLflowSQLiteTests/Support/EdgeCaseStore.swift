import Foundation
import TestFixtures

/// A small database written by MLflow for the cases the fixture does not hold: ties in a
/// metric's order, NaN next to 0 at one step, 60,000 points at one step, NUL characters in
/// values, and a run whose name is only in its `mlflow.runName` tag (MLflow <= 1.29).
enum EdgeCaseStore {
    /// The database's path; it is made once per test process.
    static func path() async throws -> String { try await making.value }

    private static let making = Task<String, Error> {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("sqlite-edge-cases")
        try script.write(toFile: folder + "/make_edge_cases.py", atomically: true, encoding: .utf8)
        try await PythonRunner.run(python, [folder + "/make_edge_cases.py", folder])
        return folder + "/mlflow.db"
    }

    static let script = #"""
import math, os, sqlite3, sys, warnings
warnings.filterwarnings("ignore")
folder = sys.argv[1]
os.chdir(folder)
uri = "sqlite:///" + os.path.join(folder, "mlflow.db")
os.environ["MLFLOW_TRACKING_URI"] = uri
os.environ["MLFLOW_REGISTRY_URI"] = uri
from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient
c = MlflowClient(uri)
e = c.create_experiment("edge")
r = c.create_run(e, run_name="ties", start_time=1000)
rid = r.info.run_id
ms = [Metric("dup", float(k % 17), 10_000 + k, 0) for k in range(3000)]
for s in range(200):
    ms += [Metric("mixed", s * 0.5, 5000 + s, s), Metric("mixed", float("nan"), 5000 + s, s), Metric("mixed", -1.0, 4000, s)]
    if s % 3 == 0:
        ms.append(Metric("mixed", 0.0, 5000 + s, s))
for i in range(0, len(ms), 1000):
    c.log_batch(rid, metrics=ms[i:i + 1000])
c.log_batch(rid, params=[Param("nul", "a\x00b"), Param("ctrl", "\x1b[31m\x07\r\n")], tags=[RunTag("nul.tag", "x\x00y")])
old = c.create_run(e, run_name="from-tag", start_time=2000)
c.set_terminated(old.info.run_id, "FINISHED", end_time=3000)
c.set_terminated(rid, "KILLED", end_time=4000)
# The registry: a prompt (left out of model searches), a model with versions from a run and
# from a logged model, aliases on both versions, and one without description or tags.
c.register_prompt(name="a-prompt", template="Hello {{name}}")
c.create_registered_model("b-model", tags={"k": "v", "a": "b"}, description="two versions")
c.create_model_version("b-model", "runs:/%s/model" % rid, run_id=rid, tags={"t": "1"})
logged = c.create_logged_model(e, name="lm", source_run_id=rid)
c.create_model_version("b-model", "models:/" + logged.model_id, model_id=logged.model_id)
c.set_registered_model_alias("b-model", "prod", "2")
c.set_registered_model_alias("b-model", "old", "1")
c.set_registered_model_alias("b-model", "best", "2")
c.create_registered_model("c-bare")
db = sqlite3.connect(os.path.join(folder, "mlflow.db"))
# MLflow <= 1.29 left runs.name empty; the name is in the mlflow.runName tag.
db.execute("UPDATE runs SET name = NULL WHERE run_uuid = ?", (old.info.run_id,))
db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('big', ?, ?, ?, 7, 0)",
               ((k * 0.25, 100_000 - k, rid) for k in range(60_000)))
db.commit()
db.close()
"""#
}
