#!/usr/bin/env python3
"""scikit-learn models exported as skl2onnx exports them by default, for import as they are.

No renaming and no converter options: each model keeps the input and output names
skl2onnx gives it (`X` or one input per column, `output_label`, `output_probability`
as a ZipMap, `variable`), and Provenant infers the mapping when it is imported.

    python standard_exports.py data OUTPUT_DIR
        writes the datasets as CSV files (iris.csv, wine.csv, diabetes.csv); the
        penguins come from sample-data/penguins.jsonl
    python standard_exports.py export OUTPUT_DIR SPLITS_JSON
        trains each model on the training rows SPLITS_JSON names per model
        ({"iris-logistic": {"train": [...], "test": [...]}, ...}), writes
        <model>.onnx, and writes <model>.sklearn.json: what scikit-learn itself computes
        on the test rows (accuracy or RMSE, and the predicted probabilities per row)
    python standard_exports.py mlflow OUTPUT_DIR
        logs iris-logistic.onnx to an MLflow run (mlflow.onnx.log_model) with a column
        signature and downloads the model directory to OUTPUT_DIR/iris-mlflow (needs
        mlflow-skinny, in requirements-mlflow.txt)

The models:
- iris-logistic: LogisticRegression on the four measurements, one float input `X`
  [N, 4]; outputs output_label (string) and output_probability (ZipMap).
- wine-forest: RandomForestClassifier (TreeEnsembleClassifier) on wine's 13
  measurements, classes coded 0, 1, 2: output_label is int64.
- penguins-pipeline: Pipeline(ColumnTransformer(imputer + StandardScaler on the
  measurements, OneHotEncoder on Island), LogisticRegression), exported from a
  DataFrame: one input per column, float or string [N, 1], named as skl2onnx spells
  the column ("Beak Length (mm)" -> "Beak_Length__mm_").
- diabetes-forest: RandomForestRegressor (TreeEnsembleRegressor) on `X` float [N, 10];
  output `variable` float [N, 1]. Float32 throughout, so its predictions agree with
  scikit-learn's (float64) to float32 precision.
- diabetes-linear: LinearRegression on `X` double [N, 10], converted in double
  precision (MatMul, Add); output `variable` double [N, 1].
"""

import csv
import json
import os
import sys

import numpy as np
import pandas as pd
from onnx.helper import make_opsetid
from skl2onnx import to_onnx
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_diabetes, load_iris, load_wine
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, mean_squared_error
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
PENGUINS = os.path.join(HERE, "..", "..", "sample-data", "penguins.jsonl")
PENGUIN_NUMERIC = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)"]
PENGUIN_CATEGORICAL = ["Island"]
# Opsets onnxruntime-node has supported for years; the newest skl2onnx would pick is not needed.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def sklearn_frame(data, target):
    return pd.DataFrame(data.data, columns=data.feature_names).assign(**{target: data.target})


def datasets():
    """Each model's training data as a DataFrame, its features and its target column."""
    iris = load_iris()
    iris_frame = pd.DataFrame(iris.data, columns=iris.feature_names).assign(species=np.asarray(iris.target_names)[iris.target])
    wine = load_wine()
    # scaled=False keeps the measurements in their clinical units, as a CSV export would hold them.
    diabetes = load_diabetes(scaled=False)
    penguins = pd.read_json(PENGUINS, lines=True)
    return {
        "iris": (iris_frame, list(iris.feature_names), "species"),
        "wine": (sklearn_frame(wine, "cultivar"), list(wine.feature_names), "cultivar"),
        "diabetes": (sklearn_frame(diabetes, "progression"), list(diabetes.feature_names), "progression"),
        "penguins": (penguins, PENGUIN_CATEGORICAL + PENGUIN_NUMERIC, "Species"),
    }


def models():
    """Model name -> (dataset, estimator, how its features are given to skl2onnx)."""
    columns = ColumnTransformer(
        [
            ("measurements", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), PENGUIN_NUMERIC),
            # Unknown islands (and a missing one, sent as '') encode as all zeros rather than failing.
            ("island", OneHotEncoder(handle_unknown="ignore"), PENGUIN_CATEGORICAL),
        ]
    )
    return {
        "iris-logistic": ("iris", LogisticRegression(max_iter=1000), "float32"),
        "wine-forest": ("wine", RandomForestClassifier(n_estimators=50, random_state=0), "float32"),
        "penguins-pipeline": ("penguins", Pipeline([("columns", columns), ("classifier", LogisticRegression(max_iter=1000))]), "frame"),
        "diabetes-forest": ("diabetes", RandomForestRegressor(n_estimators=50, random_state=0), "float32"),
        "diabetes-linear": ("diabetes", LinearRegression(), "float64"),
    }


def write_data(output_dir):
    os.makedirs(output_dir, exist_ok=True)
    for name, (frame, _, _) in datasets().items():
        if name == "penguins":
            continue
        frame.to_csv(os.path.join(output_dir, f"{name}.csv"), index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def model_input(frame, features, form):
    """The features as the estimator is fitted on them and as skl2onnx sees them."""
    if form == "frame":
        # Measurements as float32, as Provenant sends numeric features; missing values stay NaN.
        return frame[features].astype({name: np.float32 for name in PENGUIN_NUMERIC})
    return frame[features].to_numpy(dtype=np.float32 if form == "float32" else np.float64)


def export(output_dir, splits_file):
    with open(splits_file, encoding="utf-8") as file:
        splits = json.load(file)
    data = datasets()
    for name, (dataset, estimator, form) in models().items():
        frame, features, target = data[dataset]
        usable = frame[frame[target].notna()]
        train, test = splits[name]["train"], splits[name]["test"]
        x_all = model_input(frame, features, form)
        y_all = frame[target]
        pick = (lambda rows: x_all.iloc[rows]) if form == "frame" else (lambda rows: x_all[rows])
        estimator.fit(pick(train), y_all.iloc[train])
        # Default converter options: skl2onnx names inputs and outputs itself and keeps the ZipMap.
        onnx_model = to_onnx(estimator, pick(train)[:1], target_opset=TARGET_OPSET)
        onnx_model.producer_name = "scikit-learn example (examples/sklearn/standard_exports.py)"
        # skl2onnx lists the opsets in set order, which changes with Python's hash seed; sorted, equal models give equal bytes.
        opsets = sorted((opset.domain, opset.version) for opset in onnx_model.opset_import)
        del onnx_model.opset_import[:]
        onnx_model.opset_import.extend(make_opsetid(domain, version) for domain, version in opsets)
        with open(os.path.join(output_dir, f"{name}.onnx"), "wb") as file:
            file.write(onnx_model.SerializeToString())

        x_test, y_test = pick(test), y_all.iloc[test]
        predicted = estimator.predict(x_test)
        if hasattr(estimator, "predict_proba"):
            result = {
                "metric": "accuracy",
                "value": float(accuracy_score(y_test.astype(str), predicted.astype(str))),
                "classes": [str(label) for label in estimator.classes_],
                "probabilities": estimator.predict_proba(x_test).tolist(),
            }
        else:
            result = {"metric": "rmse", "value": float(np.sqrt(mean_squared_error(y_test, predicted))), "predictions": predicted.tolist()}
        result.update(testRows=len(test), usableRows=len(usable))
        with open(os.path.join(output_dir, f"{name}.sklearn.json"), "w", encoding="utf-8") as file:
            json.dump(result, file)
        print(f"{name}: scikit-learn {result['metric']} {result['value']:.6f} on {len(test)} test rows")


def save_mlflow(output_dir):
    """iris-logistic.onnx logged to an MLflow run (mlflow.onnx.log_model, file store) with the column
    signature its DataFrame gives, then downloaded as the model directory MLflow keeps: OUTPUT_DIR/iris-mlflow."""
    import mlflow
    import onnx
    from mlflow.models import infer_signature

    frame, features, target = datasets()["iris"]
    model = onnx.load(os.path.join(output_dir, "iris-logistic.onnx"))
    signature = infer_signature(frame[features], frame[target])
    # A plain directory store, as MLflow's own examples use: no tracking server or database needed.
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    mlflow.set_tracking_uri("file:" + os.path.join(output_dir, "mlruns"))
    with mlflow.start_run() as run:
        logged = mlflow.onnx.log_model(model, name="model", signature=signature)
    mlflow.artifacts.download_artifacts(artifact_uri=logged.model_uri, dst_path=os.path.join(output_dir, "iris-mlflow"))
    print(json.dumps({"runId": run.info.run_id}))


def main(argv):
    commands = {"data": (write_data, 3), "export": (export, 4), "mlflow": (save_mlflow, 3)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) != commands[argv[1]][1]:
        sys.exit(f"usage: {argv[0]} data OUTPUT_DIR | export OUTPUT_DIR SPLITS_JSON | mlflow OUTPUT_DIR")
    command, _ = commands[argv[1]]
    command(*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
