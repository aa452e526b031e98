"""Writes Runboard's demo data set into a fresh SQLite store with MLflow's own client.

    demo_store.py FOLDER

FOLDER gets mlflow.db and, beside it, mlruns/ with the artifacts (where MLflow puts them for a
SQLite store used without a server). Values are seeded, so every generation holds the same
names, params, metrics and artifact contents; only ids and store-set times differ.
"""

import io
import math
import os
import random
import sys
import tempfile

BASE_TIME = 1_740_992_400_000  # 2025-03-03T09:00:00Z, in ms
MINUTE = 60_000
COMMIT = "3f9c2a7e41d0b8c5a6e2f1d9b7c4a3e8f0d6b5a2"


def smooth(rng, values, noise):
    return [round(v + rng.gauss(0, noise), 5) for v in values]


class Demo:
    def __init__(self, folder):
        from mlflow.tracking import MlflowClient

        self.folder = folder
        self.client = MlflowClient()
        self.clock = BASE_TIME

    # --- helpers ---

    def experiment(self, name, description, tags):
        return self.client.create_experiment(name, tags=dict(tags, **{"mlflow.note.content": description}))

    def start(self, experiment_id, name, params, tags, minutes, parent=None, user="maria", source="train.py"):
        """A run starting at the demo clock, which then moves on by `minutes`."""
        from mlflow.entities import Param

        all_tags = {"mlflow.user": user, "mlflow.source.name": source, "mlflow.source.type": "LOCAL",
                    "mlflow.source.git.commit": COMMIT}
        all_tags.update(tags)
        if parent:
            all_tags["mlflow.parentRunId"] = parent
        start = self.clock
        run = self.client.create_run(experiment_id, start_time=start, tags=all_tags, run_name=name)
        self.client.log_batch(run.info.run_id, params=[Param(k, str(v)) for k, v in params.items()])
        self.clock += minutes * MINUTE + 7_000
        return run.info.run_id, start

    def metrics(self, run_id, start, series, seconds_per_step=20):
        from mlflow.entities import Metric

        points = [
            Metric(key, value, start + (step + 1) * seconds_per_step * 1000, step)
            for key, values in series.items()
            for step, value in enumerate(values)
        ]
        for offset in range(0, len(points), 1000):
            self.client.log_batch(run_id, metrics=points[offset:offset + 1000])

    def end(self, run_id, start, status, minutes):
        self.client.set_terminated(run_id, status=status, end_time=start + minutes * MINUTE)

    def artifact(self, run_id, path, data):
        with tempfile.TemporaryDirectory() as folder:
            full = os.path.join(folder, os.path.basename(path))
            with open(full, "wb") as handle:
                handle.write(data)
            self.client.log_artifact(run_id, full, os.path.dirname(path) or None)

    def datasets(self, run_id, datasets):
        from mlflow.entities import DatasetInput, InputTag

        self.client.log_inputs(run_id, datasets=[
            DatasetInput(ds._to_mlflow_entity(), tags=[InputTag("mlflow.data.context", context)])
            for ds, context in datasets
        ])

    # --- the three experiments ---

    def image_sweep(self):
        import mlflow.data
        import numpy as np

        rng = random.Random(7)
        exp = self.experiment(
            "image-classifier-sweep",
            "ResNet-18 on CIFAR-10: a grid over **learning rate**, **batch size** and **optimizer**.\n\n"
            "Adam is best around lr 1e-3; SGD at lr 1e-1 diverges with small batches.",
            {"project": "vision", "dataset": "cifar10"},
        )
        sample = np.random.default_rng(7).integers(0, 256, size=(16, 32, 32, 3), dtype=np.uint8)
        labels = np.arange(16, dtype=np.int64) % 10
        train = mlflow.data.from_numpy(sample, targets=labels, name="cifar10-train",
                                       source="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz")
        test = mlflow.data.from_numpy(sample[:8], targets=labels[:8], name="cifar10-test",
                                      source="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz")
        best = {"adam": math.log10(1e-3), "sgd": math.log10(3e-2)}
        grid = [(opt, lr, bs) for opt in ("adam", "sgd") for lr in (("1e-4", "3e-4", "1e-3", "3e-3") if opt == "adam"
                                                                     else ("3e-3", "1e-2", "3e-2", "1e-1"))
                for bs in (32, 64, 128)]
        best_run = None
        for index, (opt, lr, bs) in enumerate(grid):
            steps = 200 if (opt, lr, bs) == ("adam", "1e-3", 64) else (50, 55, 60, 70)[index % 4]
            final_acc = 0.935 - 0.06 * abs(math.log10(float(lr)) - best[opt]) - 0.012 * (bs == 128) - 0.02 * (opt == "sgd")
            final_acc += rng.gauss(0, 0.004)
            tau = steps / (4.5 if opt == "adam" else 3.5)
            diverged = opt == "sgd" and lr == "1e-1" and bs == 32
            running = index == len(grid) - 1
            name = f"{opt}-lr{lr}-bs{bs}"
            params = {"optimizer": opt, "lr": lr, "batch_size": bs, "epochs": steps, "model": "resnet18",
                      "weight_decay": "5e-4", "augment": "true"}
            minutes = steps // 2 + 5
            run_id, start = self.start(exp, name, params, {"sweep": "grid-2025-03"}, minutes, source="train_cifar.py")
            n = steps if not (diverged or running) else (23 if diverged else steps // 2)
            ts = range(n)
            acc = [final_acc - (final_acc - 0.1) * math.exp(-t / tau) for t in ts]
            train_loss = [2.3 * math.exp(-t / tau) + 0.12 + 0.25 * (1 - final_acc) for t in ts]
            val_loss = [2.3 * math.exp(-t / tau) + 0.2 + 0.3 * (1 - final_acc) + 0.0004 * max(0, t - 0.7 * steps)
                        for t in ts]
            series = {"val_accuracy": smooth(rng, acc, 0.006), "train_loss": smooth(rng, train_loss, 0.02),
                      "val_loss": smooth(rng, val_loss, 0.025)}
            if diverged:
                series["train_loss"][-3:] = [8.7, 1e6, float("nan")]
                series["val_loss"][-1] = float("nan")
            self.metrics(run_id, start, series)
            self.datasets(run_id, [(train, "training"), (test, "eval")])
            self.artifact(run_id, "config.yaml", (
                f"model: resnet18\noptimizer:\n  name: {opt}\n  lr: {lr}\n  weight_decay: 5.0e-4\n"
                f"data:\n  name: cifar10\n  batch_size: {bs}\n  augment: true\ntrain:\n  epochs: {steps}\n"
            ).encode())
            if diverged:
                self.client.set_tag(run_id, "mlflow.note.content", "Loss exploded at step 21 (lr too high for SGD).")
                self.end(run_id, start, "FAILED", minutes)
            elif not running:
                self.end(run_id, start, "FINISHED", minutes)
            if (opt, lr, bs) == ("adam", "1e-3", 64):
                best_run = (run_id, series)
        run_id, series = best_run
        self.artifact(run_id, "plots/training_curves.png", plot(series, "adam-lr1e-3-bs64"))

    def hparam_search(self):
        rng = random.Random(11)
        exp = self.experiment(
            "hparam-search",
            "LightGBM churn model: a 8-trial search, each trial a child run; the best trial is "
            "cross-validated in 3 folds (grandchildren).",
            {"project": "churn", "search": "tpe"},
        )
        parent, parent_start = self.start(exp, "study-churn-v2", {"n_trials": 8, "sampler": "tpe", "metric": "val_auc"},
                                          {}, 2, user="li", source="search.py")
        best_auc, best_trial = 0.0, None
        for trial in range(8):
            params = {"learning_rate": round(10 ** rng.uniform(-2.5, -0.7), 4), "num_leaves": rng.choice([15, 31, 63, 127]),
                      "max_depth": rng.choice([4, 6, 8, -1]), "feature_fraction": round(rng.uniform(0.5, 1.0), 2)}
            pruned = trial in (2, 5)
            rounds = 20 if pruned else rng.choice([40, 60, 80])
            ceiling = 0.78 + 0.08 * rng.random()
            if trial == 3:
                ceiling = 0.875
            run_id, start = self.start(exp, f"trial-{trial}", params, {"trial": str(trial)}, 4, parent=parent,
                                       user="li", source="search.py")
            auc = smooth(rng, [ceiling - (ceiling - 0.62) * math.exp(-r / (rounds / 4)) for r in range(rounds)], 0.003)
            logloss = smooth(rng, [0.69 * math.exp(-r / (rounds / 3)) + 0.32 + 0.3 * (0.9 - ceiling)
                                   for r in range(rounds)], 0.004)
            self.metrics(run_id, start, {"val_auc": auc, "val_logloss": logloss}, seconds_per_step=3)
            if pruned:
                self.client.set_tag(run_id, "optuna.pruned", "true")
                self.end(run_id, start, "KILLED", 1)
                continue
            self.end(run_id, start, "FINISHED", 4)
            if auc[-1] > best_auc:
                best_auc, best_trial = auc[-1], (trial, run_id, params)
            if trial == 3:
                for fold in range(3):
                    fold_id, fold_start = self.start(exp, f"trial-3-fold-{fold}", dict(params, fold=fold), {}, 2,
                                                     parent=run_id, user="li", source="search.py")
                    fold_auc = smooth(rng, [0.87 - 0.25 * math.exp(-r / 12) + 0.004 * (fold - 1) for r in range(50)], 0.003)
                    self.metrics(fold_id, fold_start, {"val_auc": fold_auc}, seconds_per_step=2)
                    self.end(fold_id, fold_start, "FINISHED", 2)
        from mlflow.entities import Metric, Param

        trial, run_id, params = best_trial
        self.client.log_batch(parent, metrics=[Metric("best_val_auc", best_auc, parent_start + 60_000, 0)],
                              params=[Param(f"best_{k}", str(v)) for k, v in params.items()])
        self.client.set_tag(parent, "best_trial", f"trial-{trial}")
        self.end(parent, parent_start, "FINISHED", (self.clock - parent_start) // MINUTE)

    def text_model(self):
        import mlflow.data
        import pandas as pd

        rng = random.Random(23)
        exp = self.experiment(
            "text-sentiment",
            "Review sentiment: TF-IDF baselines against small neural models.",
            {"project": "nlp", "dataset": "reviews-sample"},
        )
        frame = pd.DataFrame({"text": TEXTS, "label": LABELS})
        reviews = mlflow.data.from_pandas(frame, name="reviews-sample", targets="label",
                                          source="https://example.com/datasets/reviews-sample.csv")
        plan = [
            ("tfidf-logreg", "FINISHED", 50, {"model": "logreg", "ngram_range": "1,1", "C": "1.0"}, 0.84),
            ("tfidf-logreg-bigrams", "FINISHED", 50, {"model": "logreg", "ngram_range": "1,2", "C": "2.0"}, 0.87),
            ("lstm-baseline", "FINISHED", 60, {"model": "lstm", "hidden": "128", "dropout": "0.0", "lr": "1e-3"}, 0.82),
            ("lstm-dropout", "FINISHED", 60, {"model": "lstm", "hidden": "128", "dropout": "0.3", "lr": "1e-3"}, 0.85),
            ("distilbert-finetune", "FAILED", 37, {"model": "distilbert", "lr": "5e-5", "batch_size": "32"}, 0.9),
            ("distilbert-lr2e-5", "KILLED", 60, {"model": "distilbert", "lr": "2e-5", "batch_size": "16"}, 0.91),
        ]
        model_runs = {}
        for name, status, steps, params, ceiling in plan:
            run_id, start = self.start(exp, name, params, {"team": "nlp"}, steps // 3 + 2, user="sam",
                                       source="train_text.py")
            loss = smooth(rng, [0.5 * math.exp(-t / (steps / 4)) + 0.2 + 0.8 * (0.92 - ceiling) for t in range(steps)], 0.01)
            f1 = smooth(rng, [ceiling - (ceiling - 0.5) * math.exp(-t / (steps / 5)) for t in range(steps)], 0.005)
            acc = smooth(rng, [v + 0.01 for v in f1], 0.004)
            self.metrics(run_id, start, {"loss": loss, "f1": f1, "accuracy": acc}, seconds_per_step=12)
            self.datasets(run_id, [(reviews, "training")])
            if status == "FAILED":
                self.client.set_tag(run_id, "mlflow.note.content", "CUDA out of memory at step 37 (batch 32).")
            if name.startswith("tfidf"):
                model_runs[name] = (run_id, start, steps // 3 + 2, params)
            else:
                self.end(run_id, start, status, steps // 3 + 2)
        for version, name in enumerate(("tfidf-logreg", "tfidf-logreg-bigrams"), start=1):
            run_id, start, minutes, params = model_runs[name]
            self.log_text_model(run_id, params)
            # log_model ran inside the run: put the demo's fixed end time back.
            self.end(run_id, start, "FINISHED", minutes)
        self.client.update_registered_model("sentiment-classifier", description=(
            "Review sentiment classifier (TF-IDF + logistic regression). `champion` serves production."))
        self.client.set_registered_model_tag("sentiment-classifier", "owner", "nlp-team")
        self.client.update_model_version("sentiment-classifier", "1", description="Unigram baseline.")
        self.client.update_model_version("sentiment-classifier", "2", description="Bigrams, C=2: +3 points F1.")
        self.client.set_model_version_tag("sentiment-classifier", "2", "validation_status", "approved")
        self.client.set_registered_model_alias("sentiment-classifier", "champion", "2")
        self.client.set_registered_model_alias("sentiment-classifier", "baseline", "1")

    def log_text_model(self, run_id, params):
        import mlflow
        import mlflow.sklearn
        from mlflow.models import infer_signature
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        low, high = (int(x) for x in params["ngram_range"].split(","))
        model = make_pipeline(TfidfVectorizer(ngram_range=(low, high)), LogisticRegression(C=float(params["C"])))
        model.fit(TEXTS, LABELS)
        import sklearn

        with mlflow.start_run(run_id=run_id):
            mlflow.sklearn.log_model(
                model, name="model", registered_model_name="sentiment-classifier",
                signature=infer_signature(TEXTS[:3], model.predict(TEXTS[:3])),
                pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
            )


def plot(series, title):
    """A PNG of a run's curves, rendered without any timestamp in its metadata."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3), dpi=80)
    left.plot(series["train_loss"], label="train_loss")
    left.plot(series["val_loss"], label="val_loss")
    left.set_xlabel("epoch")
    left.legend()
    right.plot(series["val_accuracy"], color="tab:green")
    right.set_xlabel("epoch")
    right.set_title("val_accuracy")
    fig.suptitle(title)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


TEXTS = [
    "a wonderful, moving film", "terrible plot and worse acting", "I loved every minute",
    "boring and far too long", "great performances all round", "a complete waste of time",
    "funny, sharp and warm", "the script is a mess", "beautifully shot and scored",
    "I walked out halfway", "an instant favourite", "dull, predictable, forgettable",
]
LABELS = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]


def main():
    folder = os.path.abspath(sys.argv[1])
    os.makedirs(folder, exist_ok=True)
    if os.path.exists(os.path.join(folder, "mlflow.db")):
        raise SystemExit(f"{folder} already holds mlflow.db; the demo needs a fresh folder")
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ["MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"] = "true"
    os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{folder}/mlflow.db"
    os.environ.pop("MLFLOW_REGISTRY_URI", None)
    # Artifacts of a SQLite store used without a server go to ./mlruns.
    os.chdir(folder)
    import warnings

    warnings.filterwarnings("ignore")
    demo = Demo(folder)
    demo.image_sweep()
    demo.hparam_search()
    demo.text_model()


if __name__ == "__main__":
    main()
