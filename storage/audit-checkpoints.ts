import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isTrustedAuditCheckpoint, type AuditCheckpoint } from '../domain/audit-checkpoint';

const CHECKPOINT_FILE = /^[1-9][0-9]*\.json$/;

/**
 * Writes `<dir>/<sequence>.json` unless a checkpoint of that sequence is there already
 * (another API process, or an earlier call, signed the same head); returns whether it wrote.
 * Written under a temporary name and hard-linked into place, which fails if the name is
 * taken: a reader never sees half a file and a checkpoint is never overwritten.
 */
export async function writeAuditCheckpoint(dir: string, checkpoint: AuditCheckpoint): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${checkpoint.sequence}.json`);
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/** The checkpoints in `dir` that `verifyKey` signed, oldest first; files that fail the signature vouch for nothing and are left out. */
export async function readAuditCheckpoints(dir: string, verifyKey: string): Promise<AuditCheckpoint[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const checkpoints: AuditCheckpoint[] = [];
  for (const name of names.filter((entry) => CHECKPOINT_FILE.test(entry))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (isTrustedAuditCheckpoint(parsed, verifyKey) && `${parsed.sequence}.json` === name) checkpoints.push(parsed);
  }
  return checkpoints.sort((a, b) => a.sequence - b.sequence);
}
