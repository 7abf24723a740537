import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The local stack's admin token: made once, kept in the data dir, so it survives restarts. */
export function readOrCreateAdminToken(dataDir: string): Promise<string> {
  return readOrCreateSecret(path.join(dataDir, 'admin-token'), () => `pvn_${randomBytes(24).toString('base64url')}`);
}

/**
 * The local stack's decision signing key (an Ed25519 seed, hex): made once and kept
 * beside the admin token, so gates opened before a restart still accept decisions after it.
 */
export function readOrCreateDecisionSigningKey(dataDir: string): Promise<string> {
  return readOrCreateSecret(path.join(dataDir, 'decision-signing-key'), () => randomBytes(32).toString('hex'));
}

/** The local stack's audit checkpoint signing key (an Ed25519 seed, hex), kept so old checkpoints still verify after a restart. */
export function readOrCreateAuditSigningKey(dataDir: string): Promise<string> {
  return readOrCreateSecret(path.join(dataDir, 'audit-signing-key'), () => randomBytes(32).toString('hex'));
}

async function readOrCreateSecret(file: string, create: () => string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  const secret = create();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
