import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { stopChild } from '../../platform/child-process';
import { REPO_ROOT } from '../../platform/config';
import { freePort } from '../../platform/free-port';
import { ensurePinnedVenv } from './python-venv';

const REQUIREMENTS = path.join(REPO_ROOT, 'test', 'support', 'moto-requirements.txt');

/** Credentials moto accepts; any pair works, as on a real server with these keys. */
export const S3_TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'provenant-test', AWS_SECRET_ACCESS_KEY: 'provenant-test-secret', AWS_REGION: 'us-east-1' };

export interface S3Server {
  /** The endpoint clients use (AWS_ENDPOINT_URL_S3). */
  endpoint: string;
  /** A client of that endpoint with the test credentials. */
  client: S3Client;
  /** The environment that points the AWS SDK (and so Provenant) at this server. */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server: moto's server mode, from PyPI in a pinned venv built once
 * per machine. It keeps objects in memory, so it lives as long as the test file.
 */
export async function startS3Server(): Promise<S3Server> {
  const python = await ensurePinnedVenv({ requirements: REQUIREMENTS, parentDir: os.tmpdir(), name: 'provenant-moto-venv', logPrefix: 's3-server' });
  const port = await freePort();
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    stop: () => stopChild(child, { graceMs: 5000 }),
  };
}

export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: S3_TEST_CREDENTIALS.AWS_REGION,
    credentials: { accessKeyId: S3_TEST_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
  });
}

/**
 * A TCP relay in front of a server that can be cut and restored: while cut, connections to
 * it are refused, as when the object store's host is down, and the server keeps its data.
 */
export interface TcpGate {
  endpoint: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpGate(targetPort: number): Promise<TcpGate> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await open();
  return { endpoint: `http://127.0.0.1:${port}`, cut: shut, restore: open, close: shut };
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
