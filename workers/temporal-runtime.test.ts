import assert from 'node:assert/strict';
import { test } from 'node:test';
import { temporalLogLevel } from './temporal-runtime';

const REPORT = [
  'asset workflow-bundle-3f1c0e6b3f0a6f3b5e1d.js 1.21 MiB [emitted] [immutable] (name: main)',
  'runtime modules 937 bytes 4 modules',
  'modules by path ./node_modules/@temporalio/ 178 KiB 33 modules',
  'webpack 5.112.2 compiled successfully in 2841 ms',
].join('\n');

test("webpack's report of the workflow bundle is logged at debug, coloured or not", () => {
  assert.equal(temporalLogLevel('INFO', REPORT), 'DEBUG');
  assert.equal(temporalLogLevel('INFO', REPORT.replace('webpack 5.112.2', '\x1b[1mwebpack 5.112.2\x1b[39m\x1b[22m')), 'DEBUG');
});

test("a worker's notes on its own wiring go to debug: activity-only queues are by design", () => {
  assert.equal(temporalLogLevel('WARN', 'No workflows registered, not polling for workflow tasks'), 'DEBUG');
  assert.equal(temporalLogLevel('INFO', 'No Nexus services registered, not polling for Nexus tasks'), 'DEBUG');
  assert.equal(temporalLogLevel('INFO', 'Worker state changed'), 'DEBUG');
});

test('every other line keeps its level, a failed bundle report included', () => {
  assert.equal(temporalLogLevel('INFO', 'Workflow bundle created'), 'INFO');
  assert.equal(temporalLogLevel('WARN', 'Activity failed'), 'WARN');
  assert.equal(temporalLogLevel('ERROR', REPORT.replace('compiled successfully', 'compiled with 1 error')), 'ERROR');
});
