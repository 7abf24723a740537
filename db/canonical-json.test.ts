import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json';

test('sorts keys at every depth and drops undefined', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
});

test('the same value built in a different order gives the same text', () => {
  assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
});

test('dates become ISO strings; non-finite numbers are refused', () => {
  assert.equal(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') }), '{"at":"2026-01-02T03:04:05.006Z"}');
  assert.throws(() => canonicalJson({ n: Number.NaN }), /non-finite/);
  assert.throws(() => canonicalJson({ f: () => 1 }), /type function/);
});

test('keys sort by UTF-16 code units, as the offline verifier sorts them', () => {
  // U+1F600 is the surrogate pair D83D DE00, so it comes before U+FFFF; "Z" before "a" before "é".
  assert.equal(canonicalJson({ '\uffff': 1, '😀': 2, é: 3, a: 4, Z: 5 }), '{"Z":5,"a":4,"é":3,"😀":2,"\uffff":1}');
});
