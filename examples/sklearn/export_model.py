#!/usr/bin/env python3
"""Models made outside Provenant, the way a data scientist would make them.

Trains two scikit-learn pipelines on datasets that scikit-learn ships, converts
them to ONNX with skl2onnx in the shape of Provenant's model contract
(ml/onnx/model-contract.ts), and writes each next to the CSV it was trained on:

    python export_model.py OUTPUT_DIR

- iris.csv + iris.onnx: logistic regression predicting the species name from
  the four measurements; outputs `label` (string [N]) and `probabilities`
  (float [N, 3], columns in sorted species order).
- diabetes.csv + diabetes.onnx: linear regression predicting disease
  progression from ten measurements; output `prediction` (float [N, 1]).

Both take `numeric_features` (float32 [N, k], columns in CSV order, NaN for a
missing value, which a mean imputer fills). They carry no Provenant
metadata_props: an importer declares the features itself.
"""

import csv
import os
import sys

import numpy as np
from onnx.helper import make_opsetid
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.datasets import load_diabetes, load_iris
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

NUMERIC_INPUT = "numeric_features"
# Opsets onnxruntime-node has supported for years; the newest skl2onnx would pick is not needed.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def write_csv(path, header, features, target):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for row, value in zip(features.tolist(), target.tolist()):
            writer.writerow([*row, value])


def write_onnx(path, pipeline, feature_count, outputs, options=None):
    model = convert_sklearn(
        pipeline,
        # Named, or skl2onnx names the graph by a random uuid and no two exports are alike.
        name=os.path.splitext(os.path.basename(path))[0],
        initial_types=[(NUMERIC_INPUT, FloatTensorType([None, feature_count]))],
        # final_types renames skl2onnx's outputs (output_label, output_probability, variable) to the contract's.
        final_types=outputs,
        options=options,
        target_opset=TARGET_OPSET,
    )
    model.producer_name = "scikit-learn example (examples/sklearn/export_model.py)"
    # skl2onnx lists the opsets in set order, which changes with Python's hash seed; sorted, equal models give equal bytes.
    opsets = sorted((opset.domain, opset.version) for opset in model.opset_import)
    del model.opset_import[:]
    model.opset_import.extend(make_opsetid(domain, version) for domain, version in opsets)
    with open(path, "wb") as file:
        file.write(model.SerializeToString())


def export_iris(output_dir):
    iris = load_iris()
    species = np.asarray(iris.target_names)[iris.target]
    write_csv(os.path.join(output_dir, "iris.csv"), [*iris.feature_names, "species"], iris.data, species)
    classifier = LogisticRegression(max_iter=1000)
    pipeline = make_pipeline(SimpleImputer(strategy="mean"), StandardScaler(), classifier)
    pipeline.fit(iris.data.astype(np.float32), species)
    outputs = [("label", StringTensorType([None])), ("probabilities", FloatTensorType([None, len(classifier.classes_)]))]
    # zipmap=False: probabilities as one tensor, not a sequence of {label: probability} maps.
    options = {id(classifier): {"zipmap": False}}
    write_onnx(os.path.join(output_dir, "iris.onnx"), pipeline, len(iris.feature_names), outputs, options)
    print(f"iris: training accuracy {pipeline.score(iris.data.astype(np.float32), species):.3f}")


def export_diabetes(output_dir):
    # scaled=False keeps the measurements in their clinical units, as a CSV export would hold them.
    diabetes = load_diabetes(scaled=False)
    write_csv(os.path.join(output_dir, "diabetes.csv"), [*diabetes.feature_names, "progression"], diabetes.data, diabetes.target)
    pipeline = make_pipeline(SimpleImputer(strategy="mean"), LinearRegression())
    pipeline.fit(diabetes.data.astype(np.float32), diabetes.target)
    outputs = [("prediction", FloatTensorType([None, 1]))]
    write_onnx(os.path.join(output_dir, "diabetes.onnx"), pipeline, len(diabetes.feature_names), outputs)
    print(f"diabetes: training R^2 {pipeline.score(diabetes.data.astype(np.float32), diabetes.target):.3f}")


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} OUTPUT_DIR")
    output_dir = argv[1]
    os.makedirs(output_dir, exist_ok=True)
    export_iris(output_dir)
    export_diabetes(output_dir)


if __name__ == "__main__":
    main(sys.argv)
