import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { test } from 'node:test';
import { chooseLogFormat, createLogger } from './logger';

test('readable lines at a terminal, JSON lines anywhere else, unless LOG_FORMAT says', () => {
  assert.equal(chooseLogFormat(undefined, true), 'pretty');
  assert.equal(chooseLogFormat(undefined, false), 'json');
  assert.equal(chooseLogFormat('', false), 'json');
  assert.equal(chooseLogFormat('json', true), 'json');
  assert.equal(chooseLogFormat('PRETTY', false), 'pretty');
  assert.throws(() => chooseLogFormat('text', true), /^ConfigError: LOG_FORMAT: must be json or pretty \(got "text"\)$/);
});

function capture(format: 'json' | 'pretty'): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const log = createLogger(destination, format);
  // npm test runs suites at LOG_LEVEL=warn; these look at an info line.
  log.level = 'info';
  return { lines, log };
}

test('json writes one object per line with the time, level, component and fields', async () => {
  const { lines, log } = capture('json');
  log.child({ component: 'api' }).info({ port: 4000 }, 'listening');
  await tick();
  const line = JSON.parse(lines.join(''));
  assert.deepEqual([line.level, line.msg, line.component, line.port, line.app], [30, 'listening', 'api', 4000, 'provenant']);
  assert.match(line.time, /^\d{4}-\d{2}-\d{2}T/);
});

test('pretty writes the time, level, component and message on one line, without colours off a terminal, fields below', async () => {
  const { lines, log } = capture('pretty');
  log.child({ component: 'api' }).info({ port: 4000 }, 'listening');
  await tick();
  const text = lines.join('');
  assert.match(text, /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: \(api\) listening\n {4}port: 4000\n/);
  assert.doesNotMatch(text, /\x1b\[/);
  assert.doesNotMatch(text, /"level"|hostname|pid/);
});
