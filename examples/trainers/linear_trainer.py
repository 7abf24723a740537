#!/usr/bin/env python3
"""An external Provenant trainer in pure Python (standard library only).

Ridge regression (closed form) or multinomial logistic regression (gradient
descent) on standardised numeric features, written as an ONNX model by
hand-encoding its protobuf. See README.md beside this file for the spec and the
exit-code contract; in short:

    python3 linear_trainer.py /path/to/spec.json   # or PROVENANT_TRAINER_SPEC

exits 0 after writing outputDir/model.onnx and outputDir/metrics.json, 2 when
its input is unusable (Provenant will not retry), and anything else on a crash
(Provenant retries).
"""

import csv
import json
import math
import os
import signal
import struct
import sys
import time

EXIT_BAD_INPUT = 2
SPEC_VERSION = 1
ONNX_ML_DOMAIN = "ai.onnx.ml"


class BadInput(Exception):
    """Input no retry can fix: bad data, bad hyperparameters, a spec this trainer does not understand."""


def non_negative(value):
    return math.isfinite(value) and value >= 0


def positive(value):
    return math.isfinite(value) and value > 0


def whole(low, high):
    return lambda value: float(value).is_integer() and low <= value <= high


# name: (default, check, requirement). Unknown names are refused: they are usually typos.
HYPERPARAMETERS = {
    "l2": (1e-4, non_negative, "a non-negative number"),
    "learningRate": (0.5, positive, "a positive number"),
    "maxIterations": (300, whole(1, 100_000), "an integer from 1 to 100000"),
    "tolerance": (1e-6, positive, "a positive number"),
    # For exercising Provenant's process handling: sleep before training (timeouts,
    # cancellation), or die by SIGKILL on the first k attempts (retries after a crash).
    "sleepSeconds": (0, non_negative, "a non-negative number"),
    "crashFirstAttempts": (0, whole(0, 100), "an integer from 0 to 100"),
}


def main():
    spec_path = sys.argv[-1] if len(sys.argv) > 1 else os.environ.get("PROVENANT_TRAINER_SPEC")
    if not spec_path:
        raise BadInput("no spec: pass its path as the last argument or in PROVENANT_TRAINER_SPEC")
    spec = read_spec(spec_path)
    params = resolve_hyperparameters(spec["hyperparameters"])
    log(f"trainer {spec['trainer']} attempt {spec['attempt']}: {spec['task']} of {spec['target']!r} on {spec['features']}")

    if spec["attempt"] <= params["crashFirstAttempts"]:
        print(f"simulating a crash on attempt {spec['attempt']} (crashFirstAttempts={params['crashFirstAttempts']})", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    if params["sleepSeconds"] > 0:
        log(f"sleeping {params['sleepSeconds']} s (sleepSeconds)")
        time.sleep(params["sleepSeconds"])

    model_input = numeric_input(spec["model"])
    classification = spec["task"] == "CLASSIFICATION"
    x_train, y_train = read_split(spec["trainFile"], spec, model_input["features"], classification)
    x_test, y_test = read_split(spec["testFile"], spec, model_input["features"], classification)
    log(f"read {len(x_train)} training and {len(x_test)} test rows")
    if len(x_train) < 2:
        raise BadInput(f"trainFile has {len(x_train)} rows; at least 2 are needed")
    means, scales = standardiser(x_train, model_input["features"])
    z_train = [standardise(row, means, scales) for row in x_train]
    z_test = [standardise(row, means, scales) for row in x_test]

    if classification:
        labels = spec["classLabels"]
        if len(labels) < 2:
            raise BadInput(f"classLabels has {len(labels)} label(s); classification needs at least 2")
        weights, intercepts, iterations = fit_logistic(z_train, [labels.index(y) for y in y_train], len(labels), params)
        head = linear_classifier(labels, weights, intercepts, spec["model"]["outputs"])
        metrics = classification_metrics(z_test, y_test, labels, weights, intercepts)
        metrics["iterations"] = iterations
    else:
        weights, intercept = fit_ridge(z_train, y_train, params["l2"])
        head = linear_regressor(weights, intercept, spec["model"]["outputs"])
        metrics = regression_metrics([dot(weights, z) + intercept for z in z_test], y_test)
    metrics["trainRows"] = len(x_train)

    model = encode_model(model_input, spec["model"]["metadata"], means, scales, head, spec["modelName"])
    with open(os.path.join(spec["outputDir"], "model.onnx"), "wb") as out:
        out.write(model)
    with open(os.path.join(spec["outputDir"], "metrics.json"), "w", encoding="utf-8") as out:
        json.dump(metrics, out, indent=2)
    log(f"wrote model.onnx ({len(model)} bytes) and metrics.json: {json.dumps(metrics)}")


def log(message):
    print(message, flush=True)


# --- input -------------------------------------------------------------------


def read_spec(path):
    try:
        with open(path, encoding="utf-8") as file:
            spec = json.load(file)
    except (OSError, ValueError) as error:
        raise BadInput(f"cannot read spec {path}: {error}")
    if spec.get("specVersion") != SPEC_VERSION:
        raise BadInput(f"specVersion {spec.get('specVersion')!r} is not supported (this trainer reads version {SPEC_VERSION})")
    if spec["task"] not in ("CLASSIFICATION", "REGRESSION"):
        raise BadInput(f"task {spec['task']!r} is not supported")
    return spec


def resolve_hyperparameters(given):
    unknown = sorted(set(given) - set(HYPERPARAMETERS))
    if unknown:
        raise BadInput(f"unknown hyperparameter(s) {', '.join(unknown)}; this trainer takes {', '.join(HYPERPARAMETERS)}")
    resolved = {}
    for name, (default, check, requirement) in HYPERPARAMETERS.items():
        value = given.get(name, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not check(value):
            raise BadInput(f"hyperparameters.{name} must be {requirement} (got {value!r})")
        resolved[name] = value
    resolved["maxIterations"] = int(resolved["maxIterations"])
    return resolved


def numeric_input(contract):
    """The model's one input; this example handles numeric features only."""
    kinds = {model_input["type"]: model_input for model_input in contract["inputs"]}
    if "string" in kinds:
        raise BadInput(f"this trainer takes numeric features only; {kinds['string']['features']} are categorical")
    return kinds["float32"]


def read_split(path, spec, features, classification):
    """Rows of the given feature columns (None where a value is missing) and the target."""
    target = spec["target"]
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if header != spec["features"] + [target]:
            raise BadInput(f"{path}: header {header} is not the features followed by the target")
        columns = [header.index(name) for name in features]
        x, y = [], []
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                raise BadInput(f"{path} line {line}: {len(row)} fields, expected {len(header)}")
            x.append([number(row[c], f"{path} line {line}: feature {header[c]!r}") for c in columns])
            y.append(row[-1] if classification else number(row[-1], f"{path} line {line}: target {target!r}"))
    if not classification and None in y:
        raise BadInput(f"{path}: the target {target!r} has missing values")
    return x, y


def number(text, where):
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadInput(f"{where} is not a number: {text!r}")
    if not math.isfinite(value):
        raise BadInput(f"{where} is not finite: {text!r}")
    return value


# --- models ------------------------------------------------------------------


def standardiser(rows, features):
    """Means and 1/standard deviations of the present values; a missing value is later imputed as the mean."""
    means, scales = [], []
    for name, column in zip(features, zip(*rows)):
        present = [v for v in column if v is not None]
        if not present:
            raise BadInput(f"feature {name!r} has no values in trainFile")
        mean = sum(present) / len(present)
        std = math.sqrt(sum((v - mean) ** 2 for v in present) / len(present))
        means.append(mean)
        # A constant column carries no information; scale 1 keeps it harmless.
        scales.append(1 / std if std > 0 else 1.0)
    return means, scales


def standardise(row, means, scales):
    # A missing value is imputed as the mean, which standardises to 0 (as the model's Imputer does).
    return [0.0 if v is None else (v - m) * s for v, m, s in zip(row, means, scales)]


def dot(a, b):
    return sum(p * q for p, q in zip(a, b))


def fit_ridge(z, y, l2):
    """Solves (ZᵀZ + l2·I) w = Zᵀ(y − ȳ); features are centred, so the intercept is ȳ."""
    width = len(z[0])
    mean_y = sum(y) / len(y)
    gram = [[dot([row[i] for row in z], [row[j] for row in z]) + (l2 if i == j else 0) for j in range(width)] for i in range(width)]
    rhs = [sum(row[i] * (t - mean_y) for row, t in zip(z, y)) for i in range(width)]
    return solve(gram, rhs), mean_y


def solve(a, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [rhs] for row, rhs in zip(a, b)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            raise BadInput("features are collinear; raise hyperparameters.l2 or drop a feature")
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= factor * m[col][c]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (m[r][n] - dot(m[r][r + 1 : n], x[r + 1 :])) / m[r][r]
    return x


def softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def fit_logistic(z, y, class_count, params):
    """Full-batch gradient descent on the mean cross-entropy plus l2/2·‖W‖²."""
    width, count = len(z[0]), len(z)
    weights = [[0.0] * width for _ in range(class_count)]
    intercepts = [0.0] * class_count
    rate, l2 = params["learningRate"], params["l2"]
    for iteration in range(1, params["maxIterations"] + 1):
        grad_w = [[l2 * w for w in row] for row in weights]
        grad_b = [0.0] * class_count
        loss = 0.0
        for row, label in zip(z, y):
            probabilities = softmax([dot(w, row) + b for w, b in zip(weights, intercepts)])
            loss -= math.log(max(probabilities[label], 1e-15))
            for k, p in enumerate(probabilities):
                error = (p - (1.0 if k == label else 0.0)) / count
                grad_b[k] += error
                for j, v in enumerate(row):
                    grad_w[k][j] += error * v
        if not math.isfinite(loss):
            raise BadInput(f"training diverged at iteration {iteration}; lower hyperparameters.learningRate (got {rate})")
        for k in range(class_count):
            intercepts[k] -= rate * grad_b[k]
            for j in range(width):
                weights[k][j] -= rate * grad_w[k][j]
        if iteration % 50 == 0:
            log(f"iteration {iteration}: training loss {loss / count:.6f}")
        if max(abs(g) for g in grad_b + [g for row in grad_w for g in row]) < params["tolerance"]:
            return weights, intercepts, iteration
    return weights, intercepts, params["maxIterations"]


def regression_metrics(predicted, actual):
    count = len(actual)
    if count == 0:
        return {}
    mean = sum(actual) / count
    squared = sum((p - a) ** 2 for p, a in zip(predicted, actual))
    total = sum((a - mean) ** 2 for a in actual)
    return {
        "rmse": math.sqrt(squared / count),
        "mae": sum(abs(p - a) for p, a in zip(predicted, actual)) / count,
        "r2": 1 - squared / total if total > 0 else 0.0,
    }


def classification_metrics(z, y, labels, weights, intercepts):
    # Test labels the training split never saw cannot be scored; they are left out.
    known = [(row, labels.index(label)) for row, label in zip(z, y) if label in labels]
    correct, log_loss = 0, 0.0
    for row, label in known:
        probabilities = softmax([dot(w, row) + b for w, b in zip(weights, intercepts)])
        correct += probabilities.index(max(probabilities)) == label
        log_loss -= math.log(max(probabilities[label], 1e-15))
    return {"accuracy": correct / len(known), "logLoss": log_loss / len(known)} if known else {}


# --- ONNX --------------------------------------------------------------------
# Protobuf wire format (https://protobuf.dev/programming-guides/encoding/) for
# the few onnx.proto messages a linear model needs; field numbers are onnx.proto's.

FLOAT, STRING = 1, 8  # TensorProto.DataType
ATTRIBUTE_FLOAT, ATTRIBUTE_INT, ATTRIBUTE_STRING, ATTRIBUTE_FLOATS, ATTRIBUTE_STRINGS = 1, 2, 3, 6, 8


def varint(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def field_string(number, text):
    return field_bytes(number, text.encode("utf-8"))


def field_float(number, value):
    try:
        packed = struct.pack("<f", value)
    except OverflowError:
        raise BadInput(f"a model weight ({value}) does not fit in float32; rescale the data or raise hyperparameters.l2")
    return varint(number << 3 | 5) + packed


def attribute(name, kind, payload):
    """AttributeProto: name = 1, f = 2, i = 3, s = 4, floats = 7, strings = 9, type = 20."""
    return field_string(1, name) + payload + field_varint(20, kind)


def floats_attribute(name, values):
    return attribute(name, ATTRIBUTE_FLOATS, b"".join(field_float(7, v) for v in values))


def float_attribute(name, value):
    return attribute(name, ATTRIBUTE_FLOAT, field_float(2, value))


def int_attribute(name, value):
    return attribute(name, ATTRIBUTE_INT, field_varint(3, value))


def string_attribute(name, value):
    return attribute(name, ATTRIBUTE_STRING, field_string(4, value))


def strings_attribute(name, values):
    return attribute(name, ATTRIBUTE_STRINGS, b"".join(field_string(9, v) for v in values))


def node(name, op_type, inputs, outputs, attributes):
    """NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7."""
    return (
        b"".join(field_string(1, i) for i in inputs)
        + b"".join(field_string(2, o) for o in outputs)
        + field_string(3, name)
        + field_string(4, op_type)
        + b"".join(field_bytes(5, a) for a in attributes)
        + field_string(7, ONNX_ML_DOMAIN)
    )


def tensor_value_info(name, elem_type, dims):
    """ValueInfoProto{name = 1, type = 2: TypeProto{tensor_type = 1: {elem_type = 1, shape = 2: {dim = 1}}}}."""
    shape = b"".join(field_bytes(1, field_string(2, d) if isinstance(d, str) else field_varint(1, d)) for d in dims)
    tensor_type = field_varint(1, elem_type) + field_bytes(2, shape)
    return field_string(1, name) + field_bytes(2, field_bytes(1, tensor_type))


def linear_regressor(weights, intercept, outputs):
    (prediction,) = outputs
    attributes = [
        floats_attribute("coefficients", weights),
        floats_attribute("intercepts", [intercept]),
        int_attribute("targets", 1),
        string_attribute("post_transform", "NONE"),
    ]
    return node("linear_regressor", "LinearRegressor", ["scaled"], outputs, attributes), [
        tensor_value_info(prediction, FLOAT, ["N", 1])
    ]


def linear_classifier(labels, weights, intercepts, outputs):
    label, probabilities = outputs
    attributes = [
        strings_attribute("classlabels_strings", labels),
        floats_attribute("coefficients", [w for row in weights for w in row]),
        floats_attribute("intercepts", intercepts),
        int_attribute("multi_class", 0),
        string_attribute("post_transform", "SOFTMAX"),
    ]
    return node("linear_classifier", "LinearClassifier", ["scaled"], outputs, attributes), [
        tensor_value_info(label, STRING, ["N"]),
        tensor_value_info(probabilities, FLOAT, ["N", len(labels)]),
    ]


def encode_model(model_input, metadata, means, scales, head, model_name):
    """input ─ Imputer(NaN → training mean) ─ Scaler ─ LinearRegressor | LinearClassifier."""
    head_node, outputs = head
    nodes = [
        node("impute", "Imputer", [model_input["name"]], ["imputed"], [
            floats_attribute("imputed_value_floats", means),
            float_attribute("replaced_value_float", math.nan),
        ]),
        node("standardise", "Scaler", ["imputed"], ["scaled"], [
            floats_attribute("offset", means),
            floats_attribute("scale", scales),
        ]),
        head_node,
    ]
    # GraphProto: node = 1, name = 2, input = 11, output = 12.
    graph = (
        b"".join(field_bytes(1, n) for n in nodes)
        + field_string(2, "example_linear_trainer")
        + field_bytes(11, tensor_value_info(model_input["name"], FLOAT, ["N", len(model_input["features"])]))
        + b"".join(field_bytes(12, o) for o in outputs)
    )
    # ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6,
    # graph = 7, opset_import = 8 (domain = 1, version = 2), metadata_props = 14 (key = 1, value = 2).
    opsets = [("", 17), (ONNX_ML_DOMAIN, 3)]
    return (
        field_varint(1, 8)
        + field_string(2, "provenant-example-linear-trainer")
        + field_string(3, "1")
        + field_string(6, f"Example external linear model for {model_name}")
        + field_bytes(7, graph)
        + b"".join(field_bytes(8, field_string(1, domain) + field_varint(2, version)) for domain, version in opsets)
        + b"".join(field_bytes(14, field_string(1, k) + field_string(2, v)) for k, v in sorted(metadata.items()))
    )


if __name__ == "__main__":
    try:
        main()
    except BadInput as error:
        print(f"bad input: {error}", file=sys.stderr, flush=True)
        sys.exit(EXIT_BAD_INPUT)
