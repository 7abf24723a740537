import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as ort from 'onnxruntime-node';
import { modelMetadata } from './model-metadata';
import type { ServedVersion } from './model-sessions';

test('the metadata lists one input per feature, typed as the model input that takes it', () => {
  const served: ServedVersion = {
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
    // The metadata never touches the session.
    session: {} as ort.InferenceSession,
  };
  assert.deepEqual(modelMetadata(served, ['3']).inputs, [
    { name: 'Island', datatype: 'BYTES', shape: [-1] },
    { name: 'Beak Length (mm)', datatype: 'FP32', shape: [-1] },
    { name: 'Year', datatype: 'INT64', shape: [-1] },
    { name: 'Mass', datatype: 'FP64', shape: [-1] },
  ]);
});
