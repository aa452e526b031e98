"""Artifact downloads side by side: runboard, curl on the same route, and MLflow's own CLI.

Run by `scripts/bench --only artifacts` with a running MLflow server (serving artifacts) and a
release runboard. Logs one run with a 50 MB file and a folder of 1,500 small files (once per
server), then times, as medians of --repeat runs each:
  - the 50 MB file: runboard download and curl of the same proxied route in turn (the ratio is
    the median of the pairs' ratios), then `mlflow artifacts download`;
  - the 1,500-file folder: `mlflow artifacts download` and runboard download in turn (ratio as
    above), and runboard with 16 jobs;
  - peak RSS of runboard downloading the 50 MB file against downloading a 1 KB file.
Every download is checked byte for byte (size and SHA-256) before its time counts.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIG = 50 * 1024 * 1024
SMALL_COUNT = 1500


def log_run(server, work):
    import mlflow
    from mlflow.tracking import MlflowClient

    mlflow.set_tracking_uri(server)
    client = MlflowClient()
    exp = client.get_experiment_by_name("bench-artifacts")
    exp_id = exp.experiment_id if exp else client.create_experiment("bench-artifacts")
    runs = client.search_runs([exp_id], max_results=1)
    if runs:
        return runs[0].info.run_id
    run = client.create_run(exp_id, run_name="artifacts")
    src = os.path.join(work, "src")
    os.makedirs(os.path.join(src, "many"), exist_ok=True)
    with open(os.path.join(src, "big.bin"), "wb") as f:
        f.write(os.urandom(BIG))
    with open(os.path.join(src, "small.txt"), "wb") as f:
        f.write(b"x" * 1024)
    for n in range(SMALL_COUNT):
        with open(os.path.join(src, "many", f"item-{n:04d}.json"), "w") as f:
            f.write('{"n": %d, "pad": "%s"}\n' % (n, "p" * (n % 200)))
    client.log_artifact(run.info.run_id, os.path.join(src, "big.bin"))
    client.log_artifact(run.info.run_id, os.path.join(src, "small.txt"))
    client.log_artifacts(run.info.run_id, os.path.join(src, "many"), artifact_path="many")
    client.set_terminated(run.info.run_id)
    shutil.rmtree(src)
    return run.info.run_id


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def timed(argv, env=None):
    """Seconds and peak RSS (KiB, the child's VmHWM after exec, polled) of one child, which must succeed.

    wait4's ru_maxrss would count the forked Python before exec, so the peak is read from /proc."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(argv)}\n{err}")
    return elapsed, peak


def tree_digest(folder):
    digest = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            digest[os.path.relpath(path, folder)] = sha(path)
    return digest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runboard", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--mlflow", required=True, help="the venv's mlflow command")
    ap.add_argument("--work", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    run_id = log_run(args.server, args.work)
    env = dict(os.environ, MLFLOW_TRACKING_URI=args.server)
    rb = [args.runboard]
    mlflow_cli = [args.mlflow, "artifacts", "download", "-r", run_id]
    # The proxied route runboard itself takes for this run.
    from mlflow.tracking import MlflowClient
    import mlflow
    mlflow.set_tracking_uri(args.server)
    root = MlflowClient().get_run(run_id).info.artifact_uri
    assert root.startswith("mlflow-artifacts:/"), root
    route = args.server + "/api/2.0/mlflow-artifacts/artifacts/" + root[len("mlflow-artifacts:/"):].strip("/")

    # Every download goes to a new folder, written to disk (sync) before the next one starts, and
    # the folders are removed only after the last timing. Otherwise each download would also time
    # the file system's work for the one before: writing back its pages, or, had its files been
    # removed, scanning the freed inodes (on ext4 without a journal, creating a file skips the
    # inodes freed in the last minutes, the kernel's recently_deleted(), which doubled the wall
    # time of either tool here).
    outputs = []

    def once(make_argv, check):
        """One download into a new folder, checked and written to disk: its seconds and peak RSS."""
        out = tempfile.mkdtemp(dir=args.work, prefix="dl-")
        outputs.append(out)
        elapsed, peak = timed(make_argv(out), env)
        check(out)
        os.sync()
        return elapsed, peak

    reference = None
    figures = {}

    def paired(name_a, argv_a, name_b, argv_b, check):
        """A and B in turn, A B A B ...: the ratio A/B is taken pair by pair, so that the machine's
        drift during the measurement (a noisy neighbour, a busy server) moves both sides alike."""
        times_a, times_b, ratios, rss_a = [], [], [], []
        for _ in range(args.repeat):
            seconds = [once(argv_a, check), once(argv_b, check)]
            times_a.append(seconds[0][0])
            rss_a.append(seconds[0][1])
            times_b.append(seconds[1][0])
            ratios.append(seconds[0][0] / seconds[1][0])
        for name, times in ((name_a, times_a), (name_b, times_b)):
            print(f"  {name:<44} median {statistics.median(times):7.3f} s  (min {min(times):.3f}, max {max(times):.3f})", flush=True)
        ratio = statistics.median(ratios)
        print(f"  {name_a} / {name_b}: median of {len(ratios)} pairs {ratio:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})", flush=True)
        figures[name_a] = (statistics.median(times_a), max(rss_a))
        figures[name_b] = (statistics.median(times_b), 0)
        return ratio

    def measure(name, make_argv, check):
        times, rss = [], []
        for _ in range(args.repeat):
            seconds, peak = once(make_argv, check)
            times.append(seconds)
            rss.append(peak)
        figures[name] = (statistics.median(times), max(rss))
        print(f"  {name:<44} median {statistics.median(times):7.3f} s  (min {min(times):.3f}, max {max(times):.3f})  peak RSS {max(rss) / 1024:6.1f} MiB", flush=True)

    def check_big(out, name="big.bin"):
        nonlocal reference
        path = os.path.join(out, name)
        if not os.path.exists(path):
            sys.exit(f"no {path}")
        assert os.path.getsize(path) == BIG, os.path.getsize(path)
        digest = sha(path)
        reference = reference or digest
        assert digest == reference, "bytes differ"

    print(f"run {run_id}: big.bin ({BIG} bytes), many/ ({SMALL_COUNT} files); {os.cpu_count()} cores, "
          f"load {open('/proc/loadavg').read().split()[0]}", flush=True)
    print("50 MB file", flush=True)
    big_ratio = paired("runboard download", lambda out: rb + ["download", f"runs:/{run_id}/big.bin", "-d", out],
                       "curl (same proxied route)", lambda out: ["curl", "-sf", "-o", os.path.join(out, "big.bin"), route + "/big.bin"],
                       check_big)
    measure("mlflow artifacts download (50 MB)", lambda out: mlflow_cli + ["-a", "big.bin", "-d", out], check_big)
    measure("runboard download of a 1 KB file (RSS base)", lambda out: rb + ["download", f"runs:/{run_id}/small.txt", "-d", out], lambda out: None)

    print(f"{SMALL_COUNT} small files", flush=True)
    expected = {}

    def check_many(out):
        nonlocal expected
        digest = tree_digest(os.path.join(out, "many"))
        assert len(digest) == SMALL_COUNT, len(digest)
        expected = expected or digest
        assert digest == expected, "files differ"

    many_ratio = paired("mlflow artifacts download (folder)", lambda out: mlflow_cli + ["-a", "many", "-d", out],
                        "runboard download (4 jobs, the default)", lambda out: rb + ["download", f"runs:/{run_id}/many", "-d", out],
                        check_many)
    measure("runboard download (16 jobs)", lambda out: rb + ["download", f"runs:/{run_id}/many", "-d", out, "--jobs", "16"], check_many)

    for out in outputs:
        shutil.rmtree(out, ignore_errors=True)

    big_rb, big_rss = figures["runboard download"]
    mlflow_big, _ = figures["mlflow artifacts download (50 MB)"]
    _, base_rss = figures["runboard download of a 1 KB file (RSS base)"]
    print("targets", flush=True)
    print(f"  50 MB: runboard / curl = {big_ratio:.2f}, median of pairs (target <= 1.1); runboard / mlflow = {big_rb / mlflow_big:.2f} (target < 1)")
    print(f"  1,500 files: mlflow / runboard = {many_ratio:.1f}x, median of pairs (target >= 3)")
    print(f"  peak RSS growth for 50 MB: {(big_rss - base_rss) / 1024:.1f} MiB (target < 20)")


if __name__ == "__main__":
    main()
