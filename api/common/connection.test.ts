import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPageSize, decodeCursor, encodeCursor } from './connection';

test('cursors round-trip and foreign strings are refused', () => {
  assert.equal(decodeCursor(encodeCursor('2026-11-23T10:00:00.123456Z|id')), '2026-11-23T10:00:00.123456Z|id');
  assert.throws(() => decodeCursor('***'), /not a cursor this API returned/);
  assert.throws(() => decodeCursor(''), /not a cursor/);
});

test('page size is bounded', () => {
  assert.equal(checkPageSize(1), 1);
  assert.throws(() => checkPageSize(0), /first: must be an integer from 1 to 500/);
  assert.throws(() => checkPageSize(501), /first/);
});
