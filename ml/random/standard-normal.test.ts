import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from './seeded-random';
import { standardNormal } from './standard-normal';

test('100 000 seeded draws have mean 0, variance 1 and 95% within ±1.96', () => {
  const random = seededRandom(7);
  const draws = Array.from({ length: 100_000 }, () => standardNormal(random));
  const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
  const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws.length - 1);
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  const inside = draws.filter((x) => Math.abs(x) < 1.96).length / draws.length;
  assert.ok(Math.abs(inside - 0.95) < 0.003, `share within ±1.96: ${inside}`);
});

test('a draw of u₁ = 0 stays finite', () => {
  assert.equal(Math.abs(standardNormal(() => 0)), 0);
});
