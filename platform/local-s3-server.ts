import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { newS3Client } from '../storage/s3-artifact-store';
import { stopChild } from './child-process';
import { REPO_ROOT } from './config';
import { freePort } from './free-port';
import { ensurePinnedVenv } from './python-venv';

const REQUIREMENTS = path.join(REPO_ROOT, 'platform', 'moto-requirements.txt');

/** Credentials the local server accepts; it takes any pair, as a real server would take these keys. */
export const S3_TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'provenant-test', AWS_SECRET_ACCESS_KEY: 'provenant-test-secret', AWS_REGION: 'us-east-1' };

export interface S3Server {
  /** The endpoint clients use (AWS_ENDPOINT_URL_S3). */
  endpoint: string;
  /** A client of that endpoint with the test credentials. */
  client: S3Client;
  /** The environment that points the AWS SDK (and so Provenant) at this server. */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  /** SIGSTOP: the server keeps its objects and its port but answers nothing, as a hung or partitioned store. */
  pause(): Promise<void>;
  /** SIGCONT: it answers again. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server on loopback: moto's server mode, from PyPI in a pinned venv
 * built once per machine. It keeps objects in memory, so they last as long as the process:
 * right for tests and for trying the production shape on one machine, never for data
 * that must outlive it (point PROVENANT_ARTIFACT_STORE at a real bucket for that).
 */
export async function startS3Server(): Promise<S3Server> {
  const python = await ensurePinnedVenv({ requirements: REQUIREMENTS, parentDir: os.tmpdir(), name: 'provenant-moto-venv', logPrefix: 's3-server' });
  const port = await freePort();
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  // Whatever ends this process, a crash included, the server must not outlive it.
  const stopWithUs = () => child.kill('SIGKILL');
  process.once('exit', stopWithUs);
  child.once('exit', () => process.off('exit', stopWithUs));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForPort(port, child, () => stderr);
  const env = { ...S3_TEST_CREDENTIALS, AWS_ENDPOINT_URL_S3: endpoint };
  const client = s3ClientFor(endpoint);
  return {
    endpoint,
    client,
    env,
    createBucket: async (name) => void (await client.send(new CreateBucketCommand({ Bucket: name }))),
    pause: async () => void child.kill('SIGSTOP'),
    resume: async () => void child.kill('SIGCONT'),
    stop: async () => {
      child.kill('SIGCONT');
      await stopChild(child, { graceMs: 5000 });
    },
  };
}

export function s3ClientFor(endpoint: string): S3Client {
  return newS3Client({
    endpoint,
    region: S3_TEST_CREDENTIALS.AWS_REGION,
    credentials: { accessKeyId: S3_TEST_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the S3 server exited with ${child.exitCode}: ${output()}`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (connected) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`the S3 server did not listen on ${port} within 60 s: ${output()}`);
}
