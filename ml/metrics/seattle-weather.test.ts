import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { parseTable } from '../tabular/parse-table';
import type { Cell } from '../tabular/table';
import { macroF1 } from './classification-metrics';
import { confusionMatrix } from './confusion-matrix';
import { macroAverage, perClassMetrics } from './per-class-metrics';
import { rocAucOneVsRest } from './roc-auc';

/**
 * The metrics on a real dataset (1,461 days of Seattle weather, sample-data/README.md),
 * checked against the same quantities computed another way: by counting rows, and by
 * comparing every positive–negative pair. The literal values were computed separately by
 * a plain Python script over the CSV.
 */
const table = parseTable(readFileSync(path.join(REPO_ROOT, 'sample-data', 'seattle-weather.csv')), 'csv');
const column = (name: string): Cell[] => table.columns[table.columnNames.indexOf(name)];
const weather = column('weather') as string[];
const [precipitation, tempMax, tempMin, wind] = ['precipitation', 'temp_max', 'temp_min', 'wind'].map((name) => column(name) as number[]);
const classLabels = [...new Set(weather)].sort();
const classCount = classLabels.length;
const rows = table.rowCount;

const actual = weather.map((label) => classLabels.indexOf(label));
/** A deterministic stand-in for a model: rain on any wet day, otherwise sun. */
const predicted = precipitation.map((mm) => classLabels.indexOf(mm > 0 ? 'rain' : 'sun'));
/** Class probabilities from a fixed rule on the features, rounded to 0.01 so that many scores tie. */
const probabilities = Float32Array.from(
  Array.from({ length: rows }, (_, r) => {
    const score: Record<string, number> = {
      drizzle: 1 / (1 + wind[r]),
      fog: 1 / (1 + tempMax[r] - tempMin[r]),
      rain: precipitation[r] / (1 + precipitation[r]),
      snow: Math.max(0, 2 - tempMin[r]) / 10,
      sun: Math.max(0, tempMax[r]) / 40,
    };
    const raw = classLabels.map((label) => score[label] + 0.01);
    const total = raw.reduce((sum, value) => sum + value, 0);
    return raw.map((value) => Math.floor((value / total) * 100 + 0.5) / 100);
  }).flat(),
);

test('the dataset is as expected', () => {
  assert.equal(rows, 1461);
  assert.deepEqual(classLabels, ['drizzle', 'fog', 'rain', 'snow', 'sun']);
});

test('confusion matrix equals counts of (actual, predicted) label pairs', () => {
  const pairCounts = new Map<string, number>();
  weather.forEach((label, r) => {
    const key = `${label}→${classLabels[predicted[r]]}`;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
  });
  const matrix = confusionMatrix(actual, predicted, classCount);
  classLabels.forEach((actualLabel, i) =>
    classLabels.forEach((predictedLabel, j) => assert.equal(matrix[i][j], pairCounts.get(`${actualLabel}→${predictedLabel}`) ?? 0)),
  );
  assert.deepEqual(matrix, [
    [0, 0, 0, 0, 53],
    [0, 0, 0, 0, 101],
    [0, 0, 597, 0, 44],
    [0, 0, 26, 0, 0],
    [0, 0, 0, 0, 640],
  ]);
});

test('precision, recall and F1 equal direct counts of true positives, false positives and false negatives', () => {
  const metrics = perClassMetrics(confusionMatrix(actual, predicted, classCount));
  for (let c = 0; c < classCount; c++) {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (let r = 0; r < rows; r++) {
      if (predicted[r] === c && actual[r] === c) truePositives++;
      else if (predicted[r] === c) falsePositives++;
      else if (actual[r] === c) falseNegatives++;
    }
    const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    assert.ok(Math.abs(metrics.precision[c] - precision) < 1e-12, `precision of ${classLabels[c]}`);
    assert.ok(Math.abs(metrics.recall[c] - recall) < 1e-12, `recall of ${classLabels[c]}`);
    assert.ok(Math.abs(metrics.f1[c] - f1) < 1e-12, `F1 of ${classLabels[c]}`);
    assert.equal(metrics.support[c], truePositives + falseNegatives);
  }
  // rain: 597 / 623, 597 / 641; sun: 640 / 838, 640 / 640.
  assert.deepEqual(metrics.precision, [0, 0, 597 / 623, 0, 640 / 838]);
  assert.deepEqual(metrics.recall, [0, 0, 597 / 641, 0, 1]);
  assert.ok(Math.abs(macroAverage(metrics.f1, metrics.support, metrics.predictedCount) - macroF1(actual, predicted, classCount)) < 1e-15);
});

test('one-vs-rest AUC equals the share of positive–negative pairs ranked correctly', () => {
  const auc = rocAucOneVsRest(actual, probabilities, classCount);
  for (let c = 0; c < classCount; c++) {
    let wins = 0;
    let pairs = 0;
    for (let positive = 0; positive < rows; positive++) {
      if (actual[positive] !== c) continue;
      for (let negative = 0; negative < rows; negative++) {
        if (actual[negative] === c) continue;
        pairs++;
        const difference = probabilities[positive * classCount + c] - probabilities[negative * classCount + c];
        wins += difference > 0 ? 1 : difference === 0 ? 0.5 : 0;
      }
    }
    assert.ok(Math.abs(auc.perClass[c] - wins / pairs) < 1e-12, `AUC of ${classLabels[c]}: ${auc.perClass[c]} vs ${wins / pairs}`);
  }
  const expected = [0.7833873820754716, 0.5965892545136867, 0.9484456451428789, 0.8423076923076923, 0.8556352771010962];
  auc.perClass.forEach((value, c) => assert.ok(Math.abs(value - expected[c]) < 1e-12, classLabels[c]));
  assert.ok(Math.abs(auc.macro - 0.8052730502281651) < 1e-12);
});
