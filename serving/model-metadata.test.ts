import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { modelMetadata } from './model-metadata';
import type { ServedVersion } from './model-sessions';

test("the metadata lists the graph's own inputs with the features each carries, and the outputs every response holds", () => {
  const tensor = (name: string, type: ort.Tensor.Type, shape: (number | string)[]) => ({ name, isTensor: true, type, shape }) as ort.InferenceSession.ValueMetadata;
  const served = {
    id: 'v',
    modelName: 'penguins',
    version: 3,
    task: 'CLASSIFICATION',
    classLabels: ['Adelie', 'Gentoo'],
    spec: { numeric: ['Beak Length (mm)', 'Year', 'Mass'], categorical: ['Island'] },
    signature: {
      inputs: [
        { name: 'Island', type: 'string', features: ['Island'] },
        { name: 'Beak_Length__mm_', type: 'float32', features: ['Beak Length (mm)'] },
        { name: 'Year', type: 'int64', features: ['Year'] },
        { name: 'Mass', type: 'float64', features: ['Mass'] },
      ],
      outputs: { kind: 'CLASSIFIER', label: 'output_label', probabilities: 'output_probability', zipMapInput: 'probabilities' },
    },
    // Only the graph's input descriptions are read.
    session: {
      inputMetadata: [
        tensor('Island', 'string', ['N', 1]),
        tensor('Beak_Length__mm_', 'float32', ['N', 1]),
        tensor('Year', 'int64', ['N', 1]),
        tensor('Mass', 'float64', ['N', 1]),
      ],
    } as unknown as ort.InferenceSession,
  } as ServedVersion;
  const metadata = modelMetadata(served, ['3']);
  assert.deepEqual(metadata.inputs, [
    { name: 'Island', datatype: 'BYTES', shape: [-1, 1], parameters: { features: ['Island'] } },
    { name: 'Beak_Length__mm_', datatype: 'FP32', shape: [-1, 1], parameters: { features: ['Beak Length (mm)'] } },
    { name: 'Year', datatype: 'INT64', shape: [-1, 1], parameters: { features: ['Year'] } },
    { name: 'Mass', datatype: 'FP64', shape: [-1, 1], parameters: { features: ['Mass'] } },
  ]);
  assert.deepEqual(metadata.outputs, [
    { name: 'label', datatype: 'BYTES', shape: [-1] },
    { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
  ]);
});
