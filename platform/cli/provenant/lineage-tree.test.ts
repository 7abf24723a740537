import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LineageGraph } from '../../../client/types';
import { formatLineage } from './lineage-tree';

// dataset → validation report → run, dataset → run → model → evaluation report ← dataset
const graph: LineageGraph = {
  nodes: [
    { id: 'd', kind: 'dataset_version', label: 'weather v1' },
    { id: 'v', kind: 'validation_report', label: 'WARN' },
    { id: 'r', kind: 'pipeline_run', label: 'pipeline:weather' },
    { id: 'm', kind: 'model_version', label: 'weather v1' },
    { id: 'e', kind: 'evaluation_report', label: 'test split' },
  ],
  edges: [
    { from: 'd', to: 'v', relation: 'validated_by' },
    { from: 'd', to: 'r', relation: 'used_by' },
    { from: 'v', to: 'r', relation: 'used_by' },
    { from: 'r', to: 'm', relation: 'produced' },
    { from: 'm', to: 'e', relation: 'evaluated_by' },
    { from: 'd', to: 'e', relation: 'used_by' },
  ],
};

test('ancestors indent one level per hop; a node reached twice is expanded once', () => {
  assert.equal(
    formatLineage(graph, 'm', 'UPSTREAM'),
    [
      'model_version weather v1 [m]',
      '  upstream (where it came from):',
      '    <- produced -- pipeline_run pipeline:weather [r]',
      '        <- used_by -- dataset_version weather v1 [d]',
      '        <- used_by -- validation_report WARN [v]',
      '            <- validated_by -- dataset_version weather v1 [d] (shown above)',
      '  other edges among these nodes:',
      '    model_version weather v1 [m] -- evaluated_by -> evaluation_report test split [e]',
      '    dataset_version weather v1 [d] -- used_by -> evaluation_report test split [e]',
    ].join('\n'),
  );
});

test('both directions: descendants follow edges out; edges across branches are listed after the trees', () => {
  const text = formatLineage(graph, 'r', 'BOTH');
  assert.match(text, /^ {2}downstream \(what came of it\):\n {4}-- produced -> model_version weather v1 \[m\]\n {8}-- evaluated_by -> evaluation_report test split \[e\]$/m);
  assert.match(text, /other edges among these nodes:\n {4}dataset_version weather v1 \[d\] -- used_by -> evaluation_report test split \[e\]$/);
});

test('a node without ancestors says so', () => {
  assert.equal(formatLineage(graph, 'd', 'UPSTREAM').split('\n').slice(0, 3).join('\n'), 'dataset_version weather v1 [d]\n  upstream (where it came from):\n    (none)');
});
