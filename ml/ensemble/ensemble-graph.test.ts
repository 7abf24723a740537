import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import type { EnsembleMethod } from '../../domain/ensemble';
import type { ModelTask } from '../../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../features/feature-spec';
import { onnxInputs } from '../features/onnx-inputs';
import { stringsAttribute } from '../onnx/onnx-builders';
import { fitLinearModel } from '../train/fit-linear-model';
import { composeEnsemble, type EnsembleGraphMember, type StackingHead } from './ensemble-graph';

const spec: FeatureSpec = { numeric: ['x', 'y'], categorical: ['colour'] };
const rowCount = 60;
const columns: FeatureColumns = {
  numericColumns: [Float64Array.from({ length: rowCount }, (_, i) => Math.sin(i)), Float64Array.from({ length: rowCount }, (_, i) => (i % 7) - 3)],
  categoricalColumns: [Array.from({ length: rowCount }, (_, i) => ['red', 'green', 'blue', null][i % 4])],
};
const classes = Array.from({ length: rowCount }, (_, i) => ['a', 'b', 'c'][(i + Math.round(Math.sin(i) * 2) + 3) % 3]);
const amounts = Array.from({ length: rowCount }, (_, i) => 3 * Math.sin(i) + ((i % 7) - 3) + (i % 4 === 0 ? 2 : 0) + Math.cos(i * 3));
const rows = Uint32Array.from({ length: rowCount }, (_, i) => i);

function member(task: ModelTask, trainRows: Uint32Array, hyperparameters: Record<string, number>): onnx.IModelProto {
  const fitted = fitLinearModel({ task, spec, ...columns, target: task === 'CLASSIFICATION' ? classes : amounts, trainRows, hyperparameters, metadata: {} });
  return onnx.ModelProto.decode(fitted.onnx);
}

const classifiers = [
  member('CLASSIFICATION', rows.filter((r) => r % 2 === 0), {}),
  member('CLASSIFICATION', rows.filter((r) => r % 3 !== 0), { l2: 0.5 }),
  member('CLASSIFICATION', rows.filter((r) => r % 5 !== 0), { learningRate: 0.05, maxIterations: 20 }),
];
const regressors = [member('REGRESSION', rows.filter((r) => r % 2 === 0), {}), member('REGRESSION', rows.filter((r) => r % 3 !== 0), { l2: 30 })];

async function run(bytes: Uint8Array): Promise<ort.InferenceSession.ReturnType> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(onnxInputs(spec, columns, rows));
  } finally {
    await session.release();
  }
}

function compose(task: ModelTask, method: EnsembleMethod, models: onnx.IModelProto[], weights: number[], extra: { stacking?: StackingHead; members?: EnsembleGraphMember[] } = {}) {
  return composeEnsemble({
    task,
    method,
    members: extra.members ?? models.map((model, i) => ({ model, label: `members[${i}]` })),
    weights,
    classLabels: task === 'CLASSIFICATION' ? ['a', 'b', 'c'] : [],
    stacking: extra.stacking,
    metadata: { 'provenant.test': 'yes' },
    producerName: 'test',
    producerVersion: '0',
  });
}

const encode = (model: onnx.IModelProto) => onnx.ModelProto.encode(model).finish();

test('AVERAGING of regressors is the weighted mean of their predictions', async () => {
  const [p0, p1] = await Promise.all(regressors.map(async (model) => (await run(encode(model))).prediction.data as Float32Array));
  const ensemble = await run(compose('REGRESSION', 'AVERAGING', regressors, [0.25, 0.75]));
  assert.deepEqual(ensemble.prediction.dims, [rowCount, 1]);
  const actual = ensemble.prediction.data as Float32Array;
  for (let i = 0; i < rowCount; i++) {
    const expected = 0.25 * p0[i] + 0.75 * p1[i];
    assert.ok(Math.abs(actual[i] - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `row ${i}: ${actual[i]} vs ${expected}`);
  }
});

test('SOFT_VOTING averages probabilities and takes their argmax; a ZipMap member is read before its ZipMap', async () => {
  const outputs = await Promise.all(classifiers.slice(0, 2).map((model) => run(encode(model))));
  const ensemble = await run(compose('CLASSIFICATION', 'SOFT_VOTING', classifiers.slice(0, 2), [0.5, 0.5]));
  const probabilities = ensemble.probabilities.data as Float32Array;
  const labels = ensemble.label.data as string[];
  for (let i = 0; i < rowCount; i++) {
    const mean = [0, 1, 2].map((c) => 0.5 * (outputs[0].probabilities.data as Float32Array)[i * 3 + c] + 0.5 * (outputs[1].probabilities.data as Float32Array)[i * 3 + c]);
    mean.forEach((value, c) => assert.ok(Math.abs(probabilities[i * 3 + c] - value) < 1e-6));
    assert.equal(labels[i], ['a', 'b', 'c'][mean.indexOf(Math.max(...mean))]);
  }

  // The same first member as scikit-learn exports a classifier: probabilities as a sequence of maps.
  const zipped = structuredClone(classifiers[0]) as onnx.IModelProto;
  zipped.graph!.node!.push({
    name: 'zipmap',
    opType: 'ZipMap',
    domain: 'ai.onnx.ml',
    input: ['probabilities'],
    output: ['output_probability'],
    attribute: [stringsAttribute('classlabels_strings', ['a', 'b', 'c'])],
  });
  zipped.graph!.output = [
    zipped.graph!.output![0],
    { name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: onnx.TensorProto.DataType.STRING, valueType: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } } } } } },
  ];
  const withZipMap = await run(
    compose('CLASSIFICATION', 'SOFT_VOTING', [], [0.5, 0.5], {
      members: [
        { model: onnx.ModelProto.decode(encode(zipped)), label: 'members[0]', outputs: { probabilities: 'output_probability' } },
        { model: classifiers[1], label: 'members[1]' },
      ],
    }),
  );
  assert.deepEqual(Array.from(withZipMap.probabilities.data as Float32Array), Array.from(probabilities));
});

test('VOTING takes the majority label; a tie goes to the first class; vote shares are the probabilities', async () => {
  const labelsOf = await Promise.all(classifiers.map(async (model) => (await run(encode(model))).label.data as string[]));
  const ensemble = await run(compose('CLASSIFICATION', 'VOTING', classifiers, [1 / 3, 1 / 3, 1 / 3]));
  const labels = ensemble.label.data as string[];
  const shares = ensemble.probabilities.data as Float32Array;
  let disagreements = 0;
  for (let i = 0; i < rowCount; i++) {
    const votes = ['a', 'b', 'c'].map((label) => labelsOf.filter((memberLabels) => memberLabels[i] === label).length);
    if (new Set(labelsOf.map((memberLabels) => memberLabels[i])).size > 1) disagreements += 1;
    assert.equal(labels[i], ['a', 'b', 'c'][votes.indexOf(Math.max(...votes))], `row ${i}: votes ${votes}`);
    votes.forEach((count, c) => assert.ok(Math.abs(shares[i * 3 + c] - count / 3) < 1e-6));
  }
  assert.ok(disagreements > 0, 'the members must disagree somewhere for the vote to mean anything');
});

test('STACKING applies the meta-model to the members’ outputs side by side', async () => {
  const [p0, p1] = await Promise.all(regressors.map(async (model) => (await run(encode(model))).prediction.data as Float32Array));
  const regression = await run(compose('REGRESSION', 'STACKING', regressors, [], { stacking: { coefficients: [0.3, 0.6], intercepts: [1.5] } }));
  const predictions = regression.prediction.data as Float32Array;
  for (let i = 0; i < rowCount; i++) assert.ok(Math.abs(predictions[i] - (0.3 * p0[i] + 0.6 * p1[i] + 1.5)) < 1e-4);

  const outputs = await Promise.all(classifiers.slice(0, 2).map((model) => run(encode(model))));
  // Class c's score is member 1's probability of c: the meta-model just follows member 1.
  const coefficients = [0, 1, 2].flatMap((c) => [0, 0, 0, ...[0, 1, 2].map((k) => (k === c ? 20 : 0))]);
  const classification = await run(compose('CLASSIFICATION', 'STACKING', classifiers.slice(0, 2), [], { stacking: { coefficients, intercepts: [0, 0, 0] } }));
  assert.deepEqual(classification.label.data, outputs[1].label.data);
});

test('members must agree on shared inputs and have the outputs they are read from', () => {
  const narrower = structuredClone(regressors[1]) as onnx.IModelProto;
  narrower.graph!.input![0].type!.tensorType!.shape!.dim![1] = { dimValue: 5 };
  assert.throws(() => compose('REGRESSION', 'AVERAGING', [regressors[0], narrower], [0.5, 0.5]), /input "numeric_features" is FLOAT \[\?, 2\] in members\[0\] but FLOAT \[\?, 5\] in members\[1\]/);
  assert.throws(() => compose('CLASSIFICATION', 'SOFT_VOTING', [classifiers[0], regressors[0]], [0.5, 0.5]), /members\[1\] has no output "probabilities" \(its outputs are \["prediction"\]\)/);
  assert.throws(() => compose('REGRESSION', 'AVERAGING', regressors, [1]), /weights has 1 entries for 2 members/);
  assert.throws(() => compose('REGRESSION', 'STACKING', regressors, []), /STACKING needs a fitted meta-model/);
});
