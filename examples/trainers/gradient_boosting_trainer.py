#!/usr/bin/env python3
"""An external Provenant trainer on scikit-learn's gradient boosting, exported by skl2onnx.

    python gradient_boosting_trainer.py /path/to/spec.json   # or PROVENANT_TRAINER_SPEC

Trains a Pipeline of an imputer (numeric features: the mean; categorical ones: a
constant, then one-hot encoding) and GradientBoostingClassifier or
GradientBoostingRegressor on spec.trainFile, and writes outputDir/model.onnx as
skl2onnx converts it with its default options: one input per feature, named as
skl2onnx spells the column, and its own output names (output_label,
output_probability as a ZipMap, variable). Provenant infers the mapping, as it does
for an imported model; nothing has to follow its contract. Needs the packages of
examples/sklearn/requirements.txt.

Exit codes as README.md beside this file says: 0 trained, 2 unusable input (not retried).
"""

import json
import math
import os
import sys

EXIT_BAD_INPUT = 2
SPEC_VERSION = 1
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}

# name: (default, check, requirement). Unknown names are refused: they are usually typos.
HYPERPARAMETERS = {
    "nEstimators": (100, lambda v: float(v).is_integer() and 1 <= v <= 5000, "an integer from 1 to 5000"),
    "learningRate": (0.1, lambda v: math.isfinite(v) and v > 0, "a positive number"),
    "maxDepth": (3, lambda v: float(v).is_integer() and 1 <= v <= 32, "an integer from 1 to 32"),
}


class BadInput(Exception):
    """Input no retry can fix: bad data, bad hyperparameters, a spec this trainer does not understand."""


def log(message):
    print(message, file=sys.stderr, flush=True)


def read_spec(path):
    with open(path, encoding="utf-8") as file:
        spec = json.load(file)
    if spec.get("specVersion") != SPEC_VERSION:
        raise BadInput(f"specVersion {spec.get('specVersion')!r} is not {SPEC_VERSION}, the one this trainer knows")
    return spec


def hyperparameters(given):
    unknown = sorted(set(given) - set(HYPERPARAMETERS))
    if unknown:
        raise BadInput(f"unknown hyperparameters {unknown}; this trainer takes {sorted(HYPERPARAMETERS)}")
    resolved = {}
    for name, (default, check, requirement) in HYPERPARAMETERS.items():
        value = given.get(name, default)
        if not check(value):
            raise BadInput(f"hyperparameter {name} must be {requirement}; got {value}")
        resolved[name] = value
    return resolved


def main():
    import numpy as np
    import pandas as pd
    from skl2onnx import to_onnx
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    spec_path = sys.argv[-1] if len(sys.argv) > 1 else os.environ.get("PROVENANT_TRAINER_SPEC")
    if not spec_path:
        raise BadInput("no spec: pass its path as the last argument or in PROVENANT_TRAINER_SPEC")
    spec = read_spec(spec_path)
    params = hyperparameters(spec["hyperparameters"])
    classification = spec["task"] == "CLASSIFICATION"
    features = spec["features"]
    categorical = [name for model_input in spec["model"]["inputs"] if model_input["type"] == "string" for name in model_input["features"]]
    numeric = [name for name in features if name not in categorical]

    def read(path):
        # Categorical columns stay text ('' is missing, as Provenant sends it); numeric ones float32, as Provenant sends them.
        frame = pd.read_csv(path, dtype={name: str for name in categorical + ([spec["target"]] if classification else [])}, keep_default_na=False, na_values={name: [""] for name in numeric})
        x = frame[features].astype({name: np.float32 for name in numeric})
        return x, frame[spec["target"]]

    x_train, y_train = read(spec["trainFile"])
    x_test, y_test = read(spec["testFile"])
    log(f"trainer {spec['trainer']} attempt {spec['attempt']}: {spec['task']} of {spec['target']!r}, {len(x_train)} training rows")
    if len(x_train) < 2:
        raise BadInput(f"trainFile has {len(x_train)} rows; at least 2 are needed")

    blocks = []
    if numeric:
        blocks.append(("numeric", SimpleImputer(strategy="mean"), numeric))
    if categorical:
        blocks.append(("categorical", OneHotEncoder(handle_unknown="ignore"), categorical))
    booster = (GradientBoostingClassifier if classification else GradientBoostingRegressor)(
        n_estimators=int(params["nEstimators"]), learning_rate=params["learningRate"], max_depth=int(params["maxDepth"]), random_state=spec["seed"]
    )
    pipeline = Pipeline([("columns", ColumnTransformer(blocks)), ("model", booster)])
    pipeline.fit(x_train, y_train)
    if classification and [str(label) for label in pipeline.classes_] != spec["classLabels"]:
        raise BadInput(f"the training rows hold the classes {list(pipeline.classes_)}, not classLabels {spec['classLabels']}")

    model = to_onnx(pipeline, x_train[:1], target_opset=TARGET_OPSET)
    model.producer_name = "provenant example gradient_boosting_trainer.py"
    with open(os.path.join(spec["outputDir"], "model.onnx"), "wb") as file:
        file.write(model.SerializeToString())

    predicted = pipeline.predict(x_test)
    if classification:
        metrics = {"accuracy": float(np.mean(predicted.astype(str) == y_test.astype(str).to_numpy()))}
    else:
        metrics = {"rmse": float(np.sqrt(np.mean((predicted - y_test.to_numpy(dtype=float)) ** 2)))}
    metrics["trainRows"] = len(x_train)
    with open(os.path.join(spec["outputDir"], "metrics.json"), "w", encoding="utf-8") as file:
        json.dump(metrics, file)
    log(f"wrote model.onnx; test {json.dumps(metrics)}")


if __name__ == "__main__":
    try:
        main()
    except BadInput as error:
        print(f"bad input: {error}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
