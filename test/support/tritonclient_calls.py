#!/usr/bin/env python3
"""Every call of NVIDIA's tritonclient.http against a Provenant serving process.

    python tritonclient_calls.py SPEC.json

SPEC names the server (`url`, host:port), a serving token that may call every model
(`token`) and one limited to some models (`limitedToken`), the `phase`, and the models
with rows to send (`models`: name, version, and `inputs`, one per feature: name,
datatype FP32 or BYTES, values). Prints one JSON object with what each call returned,
for test/open-inference-protocol.test.ts to check.

Phases: "unready" asks only readiness and the repository index (while a routed version
cannot load); "full" makes every call, JSON and binary.
"""

import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


class Headers(dict):
    """The Authorization header, copied for every call: tritonclient adds its own headers
    (Inference-Header-Content-Length) to the dict it is given, which must not leak into
    the next request."""

    def __init__(self, token):
        super().__init__({"Authorization": "Bearer " + token})

    def fresh(self):
        return dict(self)


def refusal(call):
    """The status and message of a call that must fail."""
    try:
        call()
    except InferenceServerException as error:
        return {"status": error.status(), "message": error.message()}
    return None


def array(datatype, values):
    if datatype == "BYTES":
        return np.array(values, dtype=np.object_)
    return np.array(values, dtype=np.float32)


def feature_inputs(model, binary):
    """One tensor per feature, named by the feature, [N]."""
    inputs = []
    for feature in model["inputs"]:
        data = array(feature["datatype"], feature["values"])
        tensor = httpclient.InferInput(feature["name"], list(data.shape), feature["datatype"])
        tensor.set_data_from_numpy(data, binary_data=binary)
        inputs.append(tensor)
    return inputs


def own_inputs(model, metadata):
    """The ONNX graph's own inputs as the metadata describes them, columns in its feature order, as binary data."""
    by_name = {feature["name"]: feature for feature in model["inputs"]}
    inputs = []
    for described in metadata["inputs"]:
        columns = described["parameters"]["features"]
        rows = list(zip(*(by_name[column]["values"] for column in columns)))
        data = array(described["datatype"], rows)
        tensor = httpclient.InferInput(described["name"], list(data.shape), described["datatype"])
        tensor.set_data_from_numpy(data, binary_data=True)
        inputs.append(tensor)
    return inputs


def answer(result, names):
    """The outputs `names` of an inference result, as plain values, and whether each came as binary data."""
    response = result.get_response()
    outputs = {}
    for output in response["outputs"]:
        values = result.as_numpy(output["name"])
        if values.dtype == np.object_:
            values = np.vectorize(lambda value: value.decode("utf-8") if isinstance(value, bytes) else value, otypes=[object])(values)
        outputs[output["name"]] = {
            "shape": output["shape"],
            "binary": "binary_data_size" in output.get("parameters", {}),
            "data": values.flatten().tolist(),
        }
    return {
        "model_name": response["model_name"],
        "model_version": response["model_version"],
        "id": response.get("id"),
        "names": [output["name"] for output in response["outputs"]],
        "outputs": {name: outputs[name] for name in names if name in outputs},
    }


def unready_phase(client, spec, headers):
    return {
        "is_server_ready": client.is_server_ready(),
        "is_model_ready": {model["name"]: client.is_model_ready(model["name"], headers=headers.fresh()) for model in spec["models"]},
        "repository_index": client.get_model_repository_index(headers=headers.fresh()),
    }


def model_calls(client, model, headers):
    name = model["name"]
    calls = {"ready_before_infer": client.is_model_ready(name, headers=headers.fresh())}
    calls["stats_before"] = client.get_inference_statistics(name, headers=headers.fresh())
    metadata = client.get_model_metadata(name, headers=headers.fresh())
    output_names = [output["name"] for output in metadata["outputs"]]
    calls["metadata"] = metadata
    calls["metadata_version"] = client.get_model_metadata(name, model["version"], headers=headers.fresh())
    calls["config"] = client.get_model_config(name, headers=headers.fresh())

    as_json = [httpclient.InferRequestedOutput(output, binary_data=False) for output in output_names]
    as_binary = [httpclient.InferRequestedOutput(output, binary_data=True) for output in output_names]
    calls["json"] = answer(client.infer(name, feature_inputs(model, False), outputs=as_json, request_id="json-" + name, headers=headers.fresh()), output_names)
    calls["ready_after_infer"] = client.is_model_ready(name, headers=headers.fresh())
    calls["ready_version"] = client.is_model_ready(name, model["version"], headers=headers.fresh())
    calls["ready_without_token"] = client.is_model_ready(name)
    calls["binary"] = answer(client.infer(name, feature_inputs(model, True), outputs=as_binary, headers=headers.fresh()), output_names)
    # No outputs named: the client asks for every output as binary data (binary_data_output).
    calls["binary_default"] = answer(client.infer(name, feature_inputs(model, True), headers=headers.fresh()), output_names)
    calls["own_tensors_binary"] = answer(client.infer(name, own_inputs(model, metadata), outputs=as_binary, headers=headers.fresh()), output_names)
    calls["pinned_version_binary"] = answer(client.infer(name, feature_inputs(model, True), model_version=model["version"], outputs=as_binary, headers=headers.fresh()), output_names)
    last = output_names[-1]
    calls["selected"] = answer(client.infer(name, feature_inputs(model, False), outputs=[httpclient.InferRequestedOutput(last, binary_data=False)], headers=headers.fresh()), output_names)
    calls["unknown_output"] = refusal(
        lambda: client.infer(name, feature_inputs(model, False), outputs=[httpclient.InferRequestedOutput("no_such_output")], headers=headers.fresh())
    )
    calls["stats_after"] = client.get_inference_statistics(name, headers=headers.fresh())
    calls["stats_version"] = client.get_inference_statistics(name, model["version"], headers=headers.fresh())
    return calls


def full_phase(client, spec, headers):
    limited = Headers(spec["limitedToken"])
    calls = {
        "is_server_live": client.is_server_live(),
        "is_server_ready": client.is_server_ready(),
        "server_metadata": client.get_server_metadata(headers=headers.fresh()),
        "server_metadata_without_token": refusal(lambda: client.get_server_metadata()),
        "models": {model["name"]: model_calls(client, model, headers) for model in spec["models"]},
    }
    calls["repository_index"] = client.get_model_repository_index(headers=headers.fresh())
    calls["repository_index_limited"] = client.get_model_repository_index(headers=limited.fresh())
    calls["all_stats"] = client.get_inference_statistics(headers=headers.fresh())
    calls["unknown_model"] = {
        "is_model_ready": client.is_model_ready("no-such-model", headers=headers.fresh()),
        "metadata": refusal(lambda: client.get_model_metadata("no-such-model", headers=headers.fresh())),
        "config": refusal(lambda: client.get_model_config("no-such-model", headers=headers.fresh())),
        "stats": refusal(lambda: client.get_inference_statistics("no-such-model", headers=headers.fresh())),
        "infer": refusal(lambda: client.infer("no-such-model", feature_inputs(spec["models"][0], True), headers=headers.fresh())),
    }
    calls["load_model"] = refusal(lambda: client.load_model(spec["models"][0]["name"], headers=headers.fresh()))
    return calls


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        spec = json.load(file)
    client = httpclient.InferenceServerClient(url=spec["url"])
    headers = Headers(spec["token"])
    phase = unready_phase if spec["phase"] == "unready" else full_phase
    print(json.dumps(phase(client, spec, headers)))


if __name__ == "__main__":
    main()
