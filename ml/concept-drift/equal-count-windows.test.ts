import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToWindows, emptyEqualCountWindows, performanceWindows } from './equal-count-windows';

const at = (i: number) => `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`;

test('25 predictions make 10 windows of 2 or 3, each with its time span and mean', () => {
  const windows = emptyEqualCountWindows(25);
  for (let i = 0; i < 25; i += 1) addToWindows(windows, at(i), i % 2);
  const result = performanceWindows(windows);
  assert.deepEqual(result.map((w) => w.rows), [2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
  assert.deepEqual(result[0], { from: at(0), to: at(1), rows: 2, value: 0.5 });
  assert.deepEqual(result[1], { from: at(2), to: at(4), rows: 3, value: 1 / 3 });
  assert.deepEqual(result[9], { from: at(22), to: at(24), rows: 3, value: 1 / 3 });
});

test('fewer predictions than windows: one window each; none: no windows', () => {
  const windows = emptyEqualCountWindows(3);
  [0.5, 2, 4].forEach((value, i) => addToWindows(windows, at(i), value));
  assert.deepEqual(performanceWindows(windows), [
    { from: at(0), to: at(0), rows: 1, value: 0.5 },
    { from: at(1), to: at(1), rows: 1, value: 2 },
    { from: at(2), to: at(2), rows: 1, value: 4 },
  ]);
  assert.deepEqual(performanceWindows(emptyEqualCountWindows(0)), []);
});

test('adding more or fewer predictions than announced is a RangeError', () => {
  const windows = emptyEqualCountWindows(1);
  assert.throws(() => performanceWindows(windows), { name: 'RangeError', message: /0 of the 1/ });
  addToWindows(windows, at(0), 1);
  assert.throws(() => addToWindows(windows, at(1), 1), { name: 'RangeError', message: /more than the 1/ });
});
