"""Times what MLflow's own Python client needs against a server holding the benchmark store.

    bench_search.py SERVER_URL EXPERIMENT_ID HUGE_RUN_ID [SERVER_PGID]

Prints JSON: fetching all runs with search_runs (pages of 1000), the full 1M-point history with
get_metric_history (pages of 25,000) and one sampled history (get-history-bulk-interval), each
with wall time; the client's peak RSS; and, given the server's process group, the sum of the
peak RSS (VmHWM) of its processes.
"""

import json
import os
import resource
import sys
import time


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def group_peak_rss_mb(pgid):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return round(total / 1024, 1)


def main():
    url, experiment, huge = sys.argv[1:4]
    pgid = int(sys.argv[4]) if len(sys.argv) > 4 else None
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import requests
    from mlflow.tracking import MlflowClient

    client = MlflowClient(url)
    client.search_experiments()  # connection set up before timing
    result = {"rss_after_imports_mb": peak_rss_mb()}

    started = time.monotonic()
    runs, token, pages = [], None, 0
    while True:
        page = client.search_runs([experiment], max_results=1000, page_token=token)
        runs += page
        pages += 1
        token = page.token
        if not token:
            break
    result["search_runs"] = {"runs": len(runs), "pages": pages, "seconds": round(time.monotonic() - started, 2),
                             "client_peak_rss_mb": peak_rss_mb()}
    del runs

    started = time.monotonic()
    response = requests.get(f"{url}/api/2.0/mlflow/metrics/get-history-bulk-interval",
                            params={"run_ids": huge, "metric_key": "loss", "max_results": 2500}, timeout=600)
    response.raise_for_status()
    result["sampled_history_2500"] = {"points": len(response.json().get("metrics", [])),
                                      "seconds": round(time.monotonic() - started, 2)}

    started = time.monotonic()
    history = client.get_metric_history(huge, "loss")
    result["full_history"] = {"points": len(history), "seconds": round(time.monotonic() - started, 2),
                              "client_peak_rss_mb": peak_rss_mb()}
    if pgid is not None:
        result["server_peak_rss_mb_sum"] = group_peak_rss_mb(pgid)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
