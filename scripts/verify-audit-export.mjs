#!/usr/bin/env node
// Verifies a Provenant audit export (GET /audit/export) offline. Plain Node with no
// dependencies and no Provenant code, so whoever receives an export can check it with
// nothing but this file: it re-implements the canonical JSON and the hash chain exactly
// as db/canonical-json.ts and db/audit-hash.ts define them (a unit test holds the two
// together).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const USAGE = `Usage: node scripts/verify-audit-export.mjs FILE [--checkpoints DIR --verify-key HEX]
       node scripts/verify-audit-export.mjs - < FILE

Checks a Provenant audit export, a JSON-lines file:

  line 1    header: {"format":"provenant-audit-export","version":1,"since","until",
            "firstSequence","lastSequence","previousHash", ...}; previousHash is the
            hash of the event just before the range (64 zeros when the range starts
            at the first event)
  line 2..  one event per line: sequence, occurredAt, actor, action, subjectType,
            subjectId, payload, previousHash, hash (and id, which the hash does not cover)

Every event must follow the one before it without a gap (sequence + 1), carry the hash
of the event before it as its previousHash, and carry
  hash = hex(SHA-256(previousHash + "\\n" + canonicalJson({sequence, occurredAt, actor,
                                                         action, subjectType, subjectId, payload})))
where canonicalJson is JSON without whitespace, the keys of every object sorted by UTF-16
code units, and strings and numbers written as JavaScript's JSON.stringify writes them
(1e+21; -0 as 0). The last event must be the header's lastSequence.

Prints "OK: <n> events, sequences <first>-<last>, last hash <hash>" and exits 0, or names
the first line that fails and why (hash mismatch, broken link, gap in sequence,
truncated export, malformed line) and exits 1. Exits 2 on usage errors.

With --checkpoints DIR (the API's <PROVENANT_DATA_DIR>/audit-checkpoints, or a copy) and
--verify-key HEX (the public key the API logs at start-up), the export is also held against
the chain heads the API signed with Ed25519: each checkpoint file <sequence>.json is
{"format":"provenant-audit-checkpoint","version":1,"sequence","hash","checkpointedAt",
"verifyKey","signature"}, the signature over the UTF-8 of
  JSON.stringify(["provenant-audit-checkpoint/v1", sequence, hash, checkpointedAt])
Files another key signed, or whose signature fails, vouch for nothing. An event of the
export whose hash is not the one signed at its sequence fails as a checkpoint mismatch,
naming the first sequence after the last checkpoint that still holds: someone rewrote the
log and recomputed every later hash, which only the signing key could cover up.

To tie the export to the live log, compare the last hash with
  { verifyAuditLog(throughSequence: <last>) { ok lastSequence lastHash } }
(roles ops and admin): the live chain, re-hashed from its first event, must end there
with the same hash.`;

export const EXPORT_FORMAT = 'provenant-audit-export';
export const EXPORT_VERSION = 1;
const GENESIS_HASH = '0'.repeat(64);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** JSON with object keys sorted at every level; the same function as db/canonical-json.ts. */
export function canonicalJson(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a value of type ${typeof value}`);
  }
}

/** The hash of one event, chained to the one before it; the same formula as db/audit-hash.ts. */
export function auditEventHash(previousHash, event) {
  const content = {
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    actor: event.actor,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    payload: event.payload,
  };
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(content)).digest('hex');
}

const STRING_FIELDS = ['occurredAt', 'actor', 'action', 'subjectType', 'subjectId'];
/** What an event line may hold: the hashed content, the two hashes, and the event's id. */
const EVENT_FIELDS = new Set(['sequence', ...STRING_FIELDS, 'payload', 'previousHash', 'hash', 'id']);

/** Why a parsed event line cannot even be hashed, or null when its fields have the right types. */
function malformedEvent(event) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'not a JSON object';
  const unknown = Object.keys(event).find((key) => !EVENT_FIELDS.has(key));
  if (unknown) return `field ${JSON.stringify(unknown)} is not part of an audit event`;
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 1) return 'sequence is not a positive integer';
  for (const field of STRING_FIELDS) if (typeof event[field] !== 'string') return `${field} is not a string`;
  if (event.payload === null || typeof event.payload !== 'object' || Array.isArray(event.payload)) return 'payload is not a JSON object';
  if (typeof event.previousHash !== 'string' || !SHA256_HEX.test(event.previousHash)) return 'previousHash is not 64 lower-case hex digits';
  if (typeof event.hash !== 'string' || !SHA256_HEX.test(event.hash)) return 'hash is not 64 lower-case hex digits';
  return null;
}

function malformedHeader(header) {
  if (header === null || typeof header !== 'object' || header.format !== EXPORT_FORMAT) return `not a ${EXPORT_FORMAT} header`;
  if (header.version !== EXPORT_VERSION) return `format version ${header.version} is not ${EXPORT_VERSION}, the one this script checks`;
  if (typeof header.previousHash !== 'string' || !SHA256_HEX.test(header.previousHash)) return 'previousHash is not 64 lower-case hex digits';
  const bounds = [header.firstSequence, header.lastSequence];
  if (bounds.every((bound) => bound === null)) return null;
  if (!bounds.every((bound) => Number.isSafeInteger(bound) && bound >= 1) || header.firstSequence > header.lastSequence) {
    return 'firstSequence and lastSequence must both be null (an empty range) or positive integers, first <= last';
  }
  if (header.firstSequence === 1 && header.previousHash !== GENESIS_HASH) return 'a range starting at sequence 1 must have 64 zeros as previousHash';
  return null;
}

const CHECKPOINT_FORMAT = 'provenant-audit-checkpoint';
const CHECKPOINT_FILE = /^[1-9][0-9]*\.json$/;

/** The bytes a checkpoint's signature covers; the same as domain/audit-checkpoint.ts. */
export function auditCheckpointMessage(checkpoint) {
  return Buffer.from(JSON.stringify([`${CHECKPOINT_FORMAT}/v1`, checkpoint.sequence, checkpoint.hash, checkpoint.checkpointedAt]), 'utf8');
}

/** Whether a parsed checkpoint file was signed by `verifyKey` (64 hex digits, an Ed25519 public key). */
export function isTrustedCheckpoint(checkpoint, verifyKey) {
  if (checkpoint === null || typeof checkpoint !== 'object' || checkpoint.format !== CHECKPOINT_FORMAT || checkpoint.version !== 1) return false;
  if (checkpoint.verifyKey !== verifyKey || !Number.isSafeInteger(checkpoint.sequence) || checkpoint.sequence < 1) return false;
  if (typeof checkpoint.hash !== 'string' || !SHA256_HEX.test(checkpoint.hash) || typeof checkpoint.checkpointedAt !== 'string') return false;
  if (typeof checkpoint.signature !== 'string' || !/^[0-9a-f]{128}$/.test(checkpoint.signature)) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(verifyKey, 'hex').toString('base64url') }, format: 'jwk' });
  return verify(null, auditCheckpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'hex'));
}

/** The checkpoints in `dir` signed by `verifyKey`, oldest first, and how many files were left out for failing that. */
export async function readCheckpoints(dir, verifyKey) {
  const trusted = [];
  let untrusted = 0;
  for (const name of (await readdir(dir)).filter((entry) => CHECKPOINT_FILE.test(entry))) {
    let parsed = null;
    try {
      parsed = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    } catch {
      // An unreadable file vouches for nothing, like a forged one.
    }
    if (isTrustedCheckpoint(parsed, verifyKey) && `${parsed.sequence}.json` === name) trusted.push({ sequence: parsed.sequence, hash: parsed.hash });
    else untrusted += 1;
  }
  return { checkpoints: trusted.sort((a, b) => a.sequence - b.sequence), untrusted };
}

/**
 * Checks an export given as lines (any iterable or async iterable of strings, without
 * line ends), and, given trusted checkpoints ({ sequence, hash }, see readCheckpoints),
 * that each event they cover carries the signed hash. Returns { ok: true, events,
 * firstSequence, lastSequence, lastHash, checkpoints } or { ok: false, line, sequence,
 * problem, message } for the first line that fails.
 */
export async function verifyAuditExport(lines, checkpoints = []) {
  const signedHashes = new Map(checkpoints.map((checkpoint) => [checkpoint.sequence, checkpoint.hash]));
  let lastVouched = null;
  let checkpointsHeld = 0;
  let lineNumber = 0;
  let header = null;
  let expectedSequence = null;
  let previousHash = null;
  let events = 0;
  const failure = (problem, message, sequence = null) => ({ ok: false, line: lineNumber, sequence, problem, message });
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') return failure('malformed', 'empty line');
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return failure('malformed', `not JSON: ${error.message}`);
    }
    if (!header) {
      const wrong = malformedHeader(parsed);
      if (wrong) return failure('malformed', `header: ${wrong}`);
      header = parsed;
      expectedSequence = header.firstSequence;
      previousHash = header.previousHash;
      continue;
    }
    const wrong = malformedEvent(parsed);
    if (wrong) return failure('malformed', wrong, Number.isSafeInteger(parsed?.sequence) ? parsed.sequence : null);
    const { sequence } = parsed;
    if (expectedSequence === null || sequence > header.lastSequence) {
      return failure('beyond_range', `sequence ${sequence} lies after the header's lastSequence ${header.lastSequence}`, sequence);
    }
    if (sequence !== expectedSequence) {
      const what = sequence > expectedSequence
        ? `gap in sequence: expected ${expectedSequence}, found ${sequence} (${sequence - expectedSequence} event(s) missing)`
        : `gap in sequence: expected ${expectedSequence}, found ${sequence} (repeated or out of order)`;
      return failure('gap', what, sequence);
    }
    if (parsed.previousHash !== previousHash) {
      return failure('broken_link', `broken link: previousHash ${parsed.previousHash} is not the hash of the event before it (${previousHash})`, sequence);
    }
    const recomputed = auditEventHash(previousHash, parsed);
    if (recomputed !== parsed.hash) {
      return failure('hash_mismatch', `hash mismatch: the line says ${parsed.hash}, its content hashes to ${recomputed}`, sequence);
    }
    const signedHash = signedHashes.get(sequence);
    if (signedHash !== undefined) {
      if (signedHash !== parsed.hash) {
        const firstUnvouched = (lastVouched ?? header.firstSequence - 1) + 1;
        return failure(
          'checkpoint_mismatch',
          `checkpoint mismatch: the chain reaches hash ${parsed.hash} at sequence ${sequence}, the checkpoint signed ${signedHash}; no signature vouches for the events from sequence ${firstUnvouched} on (rewritten, with every later hash recomputed)`,
          firstUnvouched,
        );
      }
      lastVouched = sequence;
      checkpointsHeld += 1;
    }
    previousHash = parsed.hash;
    expectedSequence += 1;
    events += 1;
  }
  if (!header) return { ok: false, line: 1, sequence: null, problem: 'malformed', message: 'the file is empty: no header' };
  if (header.lastSequence !== null && expectedSequence !== header.lastSequence + 1) {
    return failure('truncated', `truncated export: the header's range ends at sequence ${header.lastSequence}, the file at ${expectedSequence - 1}`, expectedSequence);
  }
  return { ok: true, events, firstSequence: header.firstSequence, lastSequence: header.lastSequence, lastHash: previousHash, checkpoints: checkpointsHeld };
}

async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseArgs({ args: argv, allowPositionals: true, options: { checkpoints: { type: 'string' }, 'verify-key': { type: 'string' } } });
  } catch (error) {
    console.error(`${USAGE}\n\nerror: ${error.message}`);
    return 2;
  }
  const { positionals, values } = options;
  if (positionals.length !== 1) {
    console.error(`${USAGE}\n\nerror: expected one FILE argument (or - for standard input)`);
    return 2;
  }
  if ((values.checkpoints === undefined) !== (values['verify-key'] === undefined) || (values['verify-key'] !== undefined && !SHA256_HEX.test(values['verify-key']))) {
    console.error(`${USAGE}\n\nerror: --checkpoints DIR and --verify-key HEX (64 lower-case hex digits) go together`);
    return 2;
  }
  let signed = { checkpoints: [], untrusted: 0 };
  if (values.checkpoints !== undefined) {
    try {
      signed = await readCheckpoints(values.checkpoints, values['verify-key']);
    } catch (error) {
      console.error(`error: cannot read the checkpoints in ${values.checkpoints}: ${error.message}`);
      return 2;
    }
    if (signed.untrusted > 0) console.error(`warning: ${signed.untrusted} file(s) in ${values.checkpoints} are not checkpoints signed by this key; they vouch for nothing`);
  }
  const file = positionals[0];
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const opened = await new Promise((resolve) => {
    if (input === process.stdin) return resolve(null);
    input.once('open', () => resolve(null));
    input.once('error', (error) => resolve(error));
  });
  if (opened) {
    console.error(`error: cannot read ${file}: ${opened.message}`);
    return 2;
  }
  const result = await verifyAuditExport(createInterface({ input, crlfDelay: Infinity }), signed.checkpoints);
  if (!result.ok) {
    const at = result.sequence === null ? `line ${result.line}` : `line ${result.line} (sequence ${result.sequence})`;
    console.log(`FAILED at ${at}: ${result.message}`);
    return 1;
  }
  const range = result.events === 0 ? 'an empty range' : `sequences ${result.firstSequence}-${result.lastSequence}`;
  const held = values.checkpoints === undefined ? '' : `, ${result.checkpoints} signed checkpoint(s) held`;
  console.log(`OK: ${result.events} events, ${range}, last hash ${result.lastHash}${held}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
