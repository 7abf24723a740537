import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { REPO_ROOT } from '../../config';
import { CONNECTION_HELP, UsageError, connect, parseCommand, requiredOption, type Command } from './command';

/** Counts lines on their way through, so the summary can say how many events were written. */
function lineCounter(): Transform & { lines: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (const byte of chunk) if (byte === 0x0a) counter.lines += 1;
      callback(null, chunk);
    },
  }) as Transform & { lines: number };
  counter.lines = 0;
  return counter;
}

export const auditExport: Command = {
  name: 'audit export',
  summary: 'download a stretch of the audit log (JSON lines) to verify offline',
  usage: `
Usage: provenant audit export --since ISO [--until ISO] [--out FILE]

Streams GET /audit/export (roles ops and admin): the events that occurred from --since
(inclusive) to --until (exclusive, default now) as JSON lines, a header first, each event
with its hash. Times are ISO 8601 dates (2025-01-31) or dates and times with a zone
(2025-01-31T09:30:00Z). Check the file with nothing but Node.js:
node scripts/verify-audit-export.mjs FILE.

  --since ISO    first instant to include (required)
  --until ISO    instant to stop before (default: now)
  --out FILE     write to FILE instead of standard output

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      since: { type: 'string' },
      until: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const body = await connect(values).exportAuditLog({ since: requiredOption(values.since, 'since'), until: values.until });
    const counter = lineCounter();
    // The file is opened only once the API has accepted the request, so a refusal leaves nothing behind.
    await pipeline(Readable.fromWeb(body), counter, values.out ? createWriteStream(values.out) : process.stdout);
    // The header is the first line; every other line is one event.
    const events = Math.max(0, counter.lines - 1);
    const verifier = `node ${path.relative(process.cwd(), path.join(REPO_ROOT, 'scripts', 'verify-audit-export.mjs'))}`;
    process.stderr.write(
      values.out
        ? `wrote ${events} events to ${values.out}; verify it offline with: ${verifier} ${values.out}\n`
        : `exported ${events} events; to verify them offline, save them with --out FILE and run: ${verifier} FILE\n`,
    );
    return 0;
  },
};
