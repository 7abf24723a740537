import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { startServiceProcess } from './service-process';

test('a service that exits by itself says so, and its last log lines say why', async () => {
  const api = startServiceProcess(path.join('api', 'main.js'), { PORT: 'not-a-port', LOG_FORMAT: 'json' });
  const deadline = Date.now() + 30_000;
  while (!api.hasExited() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(api.hasExited(), true);
  assert.match(api.recentLogs().join('\n'), /PORT/);
  await api.stop();
});
