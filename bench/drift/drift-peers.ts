import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../platform/config';
import { ensurePinnedVenv } from '../../platform/python-venv';
import type { DriftTest } from '../../domain/drift';

const run = promisify(execFile);

const REQUIREMENTS = path.join(REPO_ROOT, 'bench', 'python', 'requirements.txt');
const PEERS_SCRIPT = path.join(REPO_ROOT, 'bench', 'python', 'drift_peers.py');
/** Kept with the rest of the local state, which .gitignore leaves out. */
const VENV_PARENT = path.join(REPO_ROOT, '.provenant');

export interface PeerScore {
  statistic: number;
  pValue: number | null;
}

export interface EvidentlyColumn {
  method: string;
  score: number;
  threshold: number;
  drifted: boolean;
}

/** What drift_peers.py prints. */
export interface DriftPeersReport {
  versions: Record<string, string>;
  scipy: Partial<Record<DriftTest, { milliseconds: number[]; columns: Record<string, PeerScore>; peakRssBytes: number }>>;
  evidently: { milliseconds: number[]; peakRssBytes: number; columns: Record<string, EvidentlyColumn>; driftShare: number };
}

/** The python of the pinned peers' venv (bench/python/requirements.txt), built on first use under .provenant/. */
export function peersPython(): Promise<string> {
  return ensurePinnedVenv({ requirements: REQUIREMENTS, parentDir: VENV_PARENT, name: 'bench-venv', logPrefix: 'bench' });
}

/** Runs scipy and Evidently over the files writePeerInputFiles wrote. */
export async function runDriftPeers(python: string, dir: string, repetitions: { scipy: number; evidently: number }): Promise<DriftPeersReport> {
  const { stdout } = await run(
    python,
    [PEERS_SCRIPT, dir, '--repetitions', String(repetitions.scipy), '--evidently-repetitions', String(repetitions.evidently)],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as DriftPeersReport;
}
