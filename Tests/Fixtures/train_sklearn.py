"""A training script run under `runboard track` in the tests.

It uses MLflow's fluent API as a data scientist would (autolog, start_run, log_metric) and writes
model files, a plot and a json file that it does not log, for the sweep to pick up. It prints one
line per epoch for --metrics-from-stdout. Arguments: OUTPUT_DIR [--fail CODE] [--sleep SECONDS].
"""
import argparse
import json
import os
import pickle
import sys
import time

import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("output")
parser.add_argument("--fail", type=int, default=0)
parser.add_argument("--sleep", type=float, default=0)
args = parser.parse_args()

os.makedirs(args.output, exist_ok=True)
mlflow.autolog(log_models=True, silent=True)

try:
    from sklearn.linear_model import LogisticRegression
    have_sklearn = True
except ImportError:
    have_sklearn = False

with mlflow.start_run() as run:
    print(f"run_id={run.info.run_id}", flush=True)
    print("to stderr: \x1b[31mred\x1b[0m", file=sys.stderr, flush=True)
    if have_sklearn:
        X = [[0.0, 1.0], [1.0, 0.0], [0.2, 0.9], [0.9, 0.1], [0.1, 0.8], [0.8, 0.3]]
        y = [0, 1, 0, 1, 0, 1]
        model = LogisticRegression(C=0.5, max_iter=50).fit(X, y)
    else:
        model = {"weights": [0.1, 0.2]}
    for epoch in range(3):
        loss = 1.0 / (epoch + 1)
        mlflow.log_metric("script_loss", loss, step=epoch)
        print(f"epoch={epoch} loss={loss:.4f} acc={0.5 + epoch / 10:.2f}", flush=True)
    with open(os.path.join(args.output, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    with open(os.path.join(args.output, "meta.json"), "w") as f:
        json.dump({"classes": [0, 1]}, f)
    # A 1x1 PNG, written by hand so the script needs no plotting package.
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")
    with open(os.path.join(args.output, "loss.png"), "wb") as f:
        f.write(png)
    if args.sleep:
        print("sleeping", flush=True)
        time.sleep(args.sleep)
    if args.fail:
        print("failing on purpose", file=sys.stderr, flush=True)
        sys.exit(args.fail)
