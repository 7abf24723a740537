import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv, trainerModelContract, writeTrainerInputs, type TrainerRunContext, type TrainerSpec } from './external-trainer-spec';

test('CSV quotes exactly the fields that need it and parses back unchanged', () => {
  const header = ['Weight in, lbs', 'naïve "quoted"', 'température', ' padded', 'multi\nline', 'plain'];
  const row = [3504, -0.5, 1e-7, 'a,b', '', 'sun'];
  const csv = toCsv(header, [row]);
  assert.equal(csv, '"Weight in, lbs","naïve ""quoted""",température," padded","multi\nline",plain\n3504,-0.5,1e-7,"a,b",,sun\n');
  assert.deepEqual(parse(csv), [header, row.map(String)]);
});

test('numbers keep every digit of their float64 value', () => {
  const value = 0.1 + 0.2;
  const [, [cell]] = parse(toCsv(['x'], [[value]])) as string[][];
  assert.equal(Number(cell), value);
});

test('the model contract has an input per kind of feature, the outputs of the task and the feature lists', () => {
  assert.deepEqual(trainerModelContract('REGRESSION', { numeric: ['Horsepower', 'Weight in lbs'], categorical: [] }), {
    inputs: [{ name: 'numeric_features', type: 'float32', features: ['Horsepower', 'Weight in lbs'] }],
    outputs: ['prediction'],
    metadata: { 'provenant.numeric_features': '["Horsepower","Weight in lbs"]', 'provenant.categorical_features': '[]' },
  });
  const mixed = trainerModelContract('CLASSIFICATION', { numeric: [], categorical: ['Origin'] });
  assert.deepEqual(mixed.inputs, [{ name: 'categorical_features', type: 'string', features: ['Origin'] }]);
  assert.deepEqual(mixed.outputs, ['label', 'probabilities']);
});

test('writes the splits in feature order with missing values empty, and a spec naming them', async () => {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'trainer-spec-test-'));
  try {
    const input: TrainerRunContext['input'] = {
      modelName: 'm',
      task: 'CLASSIFICATION',
      features: ['Origin', 'Horse power'],
      target: 'class',
      hyperparameters: { l2: 0.5 },
      seed: 7,
    };
    const { specPath, spec } = await writeTrainerInputs(
      workDir,
      {
        spec: { numeric: ['Horse power'], categorical: ['Origin'] },
        columns: { numericColumns: [Float64Array.from([130, Number.NaN, 95])], categoricalColumns: [['USA', 'Japan', null]] },
        target: ['b', 'a', 'c'],
        splits: { train: Uint32Array.from([1, 0]), validation: new Uint32Array(), test: Uint32Array.from([2]) },
      },
      { input, trainer: 'py', attempt: 3 },
    );
    assert.deepEqual(JSON.parse(await readFile(specPath, 'utf8')), spec);
    assert.deepEqual(
      { ...spec, trainFile: path.basename(spec.trainFile), testFile: path.basename(spec.testFile), outputDir: path.basename(spec.outputDir) },
      {
        specVersion: 1,
        trainer: 'py',
        attempt: 3,
        modelName: 'm',
        task: 'CLASSIFICATION',
        features: ['Origin', 'Horse power'],
        target: 'class',
        classLabels: ['a', 'b'],
        trainFile: 'train.csv',
        testFile: 'test.csv',
        hyperparameters: { l2: 0.5 },
        seed: 7,
        outputDir: 'output',
        model: trainerModelContract('CLASSIFICATION', { numeric: ['Horse power'], categorical: ['Origin'] }),
      } satisfies TrainerSpec,
    );
    assert.equal(await readFile(spec.trainFile, 'utf8'), 'Origin,Horse power,class\nJapan,,a\nUSA,130,b\n');
    assert.equal(await readFile(spec.testFile, 'utf8'), 'Origin,Horse power,class\n,95,c\n');
    assert.deepEqual(await readdir(spec.outputDir), []);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});
