import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelStatistics } from './model-statistics';

describe('ModelStatistics', () => {
  test('counts successes with their phases, failures, rows and batch sizes per model version', () => {
    const statistics = new ModelStatistics();
    assert.equal(statistics.get('m', 1).inference_stats.success.count, 0, 'a version that answered nothing has zeros');
    statistics.success('m', 1, 3, { inputNs: 10, inferNs: 100, outputNs: 5 });
    statistics.success('m', 1, 3, { inputNs: 20, inferNs: 200, outputNs: 5 });
    statistics.success('m', 1, 1, { inputNs: 1, inferNs: 10, outputNs: 1 });
    statistics.failure('m', 1, 7);
    statistics.success('m', 2, 1, { inputNs: 1, inferNs: 1, outputNs: 1 });

    const stat = statistics.get('m', 1);
    assert.equal(stat.version, '1');
    assert.equal(stat.inference_count, 7);
    assert.equal(stat.execution_count, 3);
    assert.deepEqual(stat.inference_stats.success, { count: 3, ns: 352 });
    assert.deepEqual(stat.inference_stats.fail, { count: 1, ns: 7 });
    assert.deepEqual(stat.inference_stats.compute_infer, { count: 3, ns: 310 });
    assert.deepEqual(
      stat.batch_stats.map((batch) => [batch.batch_size, batch.compute_infer]),
      [
        [1, { count: 1, ns: 10 }],
        [3, { count: 2, ns: 300 }],
      ],
    );
    assert.ok(stat.last_inference > 0);
    assert.deepEqual(statistics.versionsOf('m'), [1, 2]);
    assert.deepEqual(statistics.modelNames(), ['m']);

    stat.inference_stats.success.count = 1000;
    assert.equal(statistics.get('m', 1).inference_stats.success.count, 3, 'callers get a copy');
  });
});
