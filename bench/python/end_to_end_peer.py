"""The end-to-end drift scan's peer: Evidently reading the same Parquet files with pandas.

Each repetition is what a user of Evidently runs for one scan: read the reference and
current files' columns with pandas (pyarrow), then DataDriftPreset on those columns.
Prints JSON: the wall time and the process's CPU time (all threads) of each repetition,
and the drift share Evidently found.
"""

import argparse
import json
import sys
import time
import warnings

import pandas as pd


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reference")
    parser.add_argument("current")
    parser.add_argument("--numeric", action="append", default=[])
    parser.add_argument("--categorical", action="append", default=[])
    parser.add_argument("--repetitions", type=int, default=1)
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore")
    import evidently
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    columns = arguments.numeric + arguments.categorical
    definition = DataDefinition(numerical_columns=arguments.numeric, categorical_columns=arguments.categorical)
    milliseconds = []
    cpu_milliseconds = []
    share = None
    for _ in range(arguments.repetitions):
        started = time.perf_counter()
        cpu_started = time.process_time()
        frames = [pd.read_parquet(path, columns=columns) for path in (arguments.reference, arguments.current)]
        reference, current = (Dataset.from_pandas(frame, data_definition=definition) for frame in frames)
        snapshot = Report([DataDriftPreset()]).run(current, reference)
        for metric in snapshot.dict()["metrics"]:
            if metric["config"]["type"].endswith(":DriftedColumnsCount"):
                share = metric["value"]["share"]
        milliseconds.append((time.perf_counter() - started) * 1000)
        cpu_milliseconds.append((time.process_time() - cpu_started) * 1000)
    json.dump(
        {"evidently": evidently.__version__, "pandas": pd.__version__, "milliseconds": milliseconds, "cpuMilliseconds": cpu_milliseconds, "driftShare": share},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
