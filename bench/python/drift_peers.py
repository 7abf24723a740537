"""The drift benchmark's peers: scipy.stats per column and Evidently's DataDriftPreset.

Reads the columns bench/drift wrote (manifest.json and one raw little-endian file per
column and side), times each peer over the same values the TypeScript engine gets, and
prints one JSON object on stdout. Only the computation is timed; building arrays and
DataFrames is not. Peak memory is the process's VmHWM, reset before each peer.
"""

import argparse
import json
import platform
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

# Evidently's score for each method, and how it decides drift from the threshold
# (evidently/legacy/calculations/stattests: K-S drifts at p <= threshold, chi-square and
# the Z-test at p < threshold, the distances at score >= threshold).
EVIDENTLY_DRIFT_RULES = {
    "K-S p_value": lambda score, threshold: score <= threshold,
    "chi-square p_value": lambda score, threshold: score < threshold,
    "Z-test p_value": lambda score, threshold: score < threshold,
    "Wasserstein distance (normed)": lambda score, threshold: score >= threshold,
    "Jensen-Shannon distance": lambda score, threshold: score >= threshold,
}


def reset_peak_memory():
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_bytes():
    match = re.search(r"^VmHWM:\s+(\d+) kB$", Path("/proc/self/status").read_text(), re.MULTILINE)
    return int(match.group(1)) * 1024


def load_columns(data_dir):
    manifest = json.loads((data_dir / "manifest.json").read_text())
    columns = []
    for column in manifest["columns"]:
        sides = {}
        for side in ("reference", "current"):
            if column["kind"] == "numeric":
                sides[side] = np.fromfile(data_dir / column[side], dtype="<f8")
            else:
                codes = np.fromfile(data_dir / column[side], dtype="<i4")
                # Code -1 is a missing value: the last entry, None.
                labels = np.array(column["categories"] + [None], dtype=object)
                sides[side] = labels[codes]
        columns.append({**column, **sides})
    return columns


def counts_table(reference, current):
    """The 2 x k table of counts over the categories of both sides, missing values left out."""
    table = pd.concat([pd.Series(reference).value_counts(), pd.Series(current).value_counts()], axis=1).fillna(0)
    return table.to_numpy().T


def present(values):
    return values[~np.isnan(values)]


def ks(reference, current):
    result = stats.ks_2samp(present(reference), present(current))
    return {"statistic": float(result.statistic), "pValue": float(result.pvalue)}


def wasserstein(reference, current):
    a = present(reference)
    b = present(current)
    return {"statistic": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)), "pValue": None}


def chi_square(reference, current):
    statistic, p_value, _, _ = stats.chi2_contingency(counts_table(reference, current), correction=False)
    return {"statistic": float(statistic), "pValue": float(p_value)}


def jensen_shannon(reference, current):
    table = counts_table(reference, current)
    # scipy's default natural logarithm, as Evidently calls it; the engine's base 2 is converted when compared.
    return {"statistic": float(jensenshannon(table[0], table[1])), "pValue": None}


SCIPY_TESTS = {"ks": ks, "wasserstein": wasserstein, "chi_square": chi_square, "jensen_shannon": jensen_shannon}


def run_scipy(columns, repetitions):
    tests = {}
    for name, test in SCIPY_TESTS.items():
        chosen = [column for column in columns if name in column["scipyTests"]]
        if not chosen:
            continue
        milliseconds = []
        results = {}
        reset_peak_memory()
        for _ in range(repetitions):
            started = time.perf_counter()
            for column in chosen:
                results[column["name"]] = test(column["reference"], column["current"])
            milliseconds.append((time.perf_counter() - started) * 1000)
        tests[name] = {"milliseconds": milliseconds, "columns": results, "peakRssBytes": peak_memory_bytes()}
    return tests


def run_evidently(columns, repetitions):
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    definition = DataDefinition(
        numerical_columns=[c["name"] for c in columns if c["kind"] == "numeric"],
        categorical_columns=[c["name"] for c in columns if c["kind"] == "categorical"],
    )
    frames = {side: pd.DataFrame({c["name"]: c[side] for c in columns}) for side in ("reference", "current")}
    reset_peak_memory()
    datasets = {side: Dataset.from_pandas(frame, data_definition=definition) for side, frame in frames.items()}
    milliseconds = []
    snapshot = None
    for _ in range(repetitions):
        started = time.perf_counter()
        snapshot = Report([DataDriftPreset()]).run(datasets["current"], datasets["reference"])
        milliseconds.append((time.perf_counter() - started) * 1000)
    peak = peak_memory_bytes()
    results = {}
    share = None
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if config["type"].endswith(":ValueDrift"):
            method = config["method"]
            score = float(metric["value"])
            if method not in EVIDENTLY_DRIFT_RULES:
                raise SystemExit(f"Evidently chose a method this script does not know: {method}")
            results[config["column"]] = {
                "method": method,
                "score": score,
                "threshold": config["threshold"],
                "drifted": bool(EVIDENTLY_DRIFT_RULES[method](score, config["threshold"])),
            }
        elif config["type"].endswith(":DriftedColumnsCount"):
            share = metric["value"]["share"]
    return {"milliseconds": milliseconds, "peakRssBytes": peak, "columns": results, "driftShare": share}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--evidently-repetitions", type=int, default=1)
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore")
    columns = load_columns(arguments.data_dir)
    import evidently

    report = {
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": scipy.__version__,
            "evidently": evidently.__version__,
        },
        "scipy": run_scipy(columns, arguments.repetitions),
        "evidently": run_evidently(columns, arguments.evidently_repetitions),
    }
    json.dump(report, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
