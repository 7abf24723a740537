import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, SAMPLE_DATA } from './harness';

/** A file reference an API field must refuse with BAD_USER_INPUT on that field, and the message that says why. */
export interface HostileFile {
  label: string;
  uri: string;
  message: RegExp;
}

const OUTSIDE_ROOTS = /must be inside one of the data roots/;

/**
 * References that leave the data roots or are no file at all: traversal (plain,
 * relative, URL-encoded), symlinked files and directories pointing out, other URL
 * schemes, a NUL byte, a directory and a FIFO (which would block a reader forever).
 * Links and special files are made in `dataDir`, which must be a data root.
 */
export async function hostilePaths(dataDir: string): Promise<HostileFile[]> {
  const linkedFile = path.join(dataDir, 'escape.csv');
  await symlink('/etc/hostname', linkedFile);
  const linkedDirectory = path.join(dataDir, 'etc-link');
  await symlink('/etc', linkedDirectory);
  const directory = path.join(dataDir, 'a-directory.csv');
  await mkdir(directory);
  const fifo = path.join(dataDir, 'a-fifo.csv');
  await promisify(execFile)('mkfifo', [fifo]);
  return [
    { label: 'traversal out of a data root', uri: `${dataDir}/../../../../../../etc/passwd`, message: OUTSIDE_ROOTS },
    { label: 'a sibling of a data root', uri: path.join(FIXTURES, '..', 'support', 'harness.ts'), message: OUTSIDE_ROOTS },
    { label: 'relative traversal', uri: '../../../../../../etc/passwd', message: OUTSIDE_ROOTS },
    { label: 'an absolute path outside', uri: '/etc/hostname', message: OUTSIDE_ROOTS },
    { label: 'a file:// URL outside', uri: 'file:///etc/passwd', message: OUTSIDE_ROOTS },
    { label: 'URL-encoded traversal', uri: `file://${dataDir}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`, message: OUTSIDE_ROOTS },
    { label: 'an encoded slash', uri: 'file:///etc%2fpasswd', message: /is not a valid file:\/\/ URL/ },
    { label: 'a file:// URL on another host', uri: 'file://attacker.example/etc/passwd', message: /is not a valid file:\/\/ URL/ },
    { label: 'a symlink out of a data root', uri: linkedFile, message: OUTSIDE_ROOTS },
    { label: 'a symlinked directory out of a data root', uri: path.join(linkedDirectory, 'passwd'), message: OUTSIDE_ROOTS },
    { label: 'an https URL', uri: 'https://example.com/data.csv', message: /only local paths and file:\/\/ URLs/ },
    { label: 'a NUL byte', uri: `${path.join(SAMPLE_DATA, 'cars.jsonl')}\u0000.png`, message: /must not contain a NUL character/ },
    { label: 'a missing file', uri: path.join(FIXTURES, 'no-such-file.csv'), message: /no such file/ },
    { label: 'a directory', uri: directory, message: /is not a regular file/ },
    { label: 'a FIFO', uri: fifo, message: /is not a regular file/ },
  ];
}

/** Files inside the data roots that are not the tables they claim to be. */
export async function malformedTables(dataDir: string): Promise<HostileFile[]> {
  const randomParquet = path.join(dataDir, 'random.parquet');
  await writeFile(randomParquet, createHash('sha512').update('not parquet').digest());
  const brokenJsonLines = path.join(dataDir, 'broken.jsonl');
  await writeFile(brokenJsonLines, '{"a": 1, "b": 2}\n{"a": 3, "b": \n');
  return [
    { label: 'an empty CSV', uri: path.join(FIXTURES, 'empty.csv'), message: /input\.uri: file is empty/ },
    { label: 'a CSV with a header only', uri: path.join(FIXTURES, 'header-only.csv'), message: /no data rows/ },
    { label: 'a malformed CSV', uri: path.join(FIXTURES, 'malformed.csv'), message: /input\.uri: malformed CSV at line \d/ },
    { label: 'random bytes as Parquet', uri: randomParquet, message: /input\.uri: malformed Parquet: parquet file invalid \(footer != PAR1\)/ },
    { label: 'a broken JSON line', uri: brokenJsonLines, message: /input\.uri: malformed JSON/ },
  ];
}

/** Files inside the data roots that are not ONNX models. */
export async function malformedModels(dataDir: string): Promise<HostileFile[]> {
  const random = path.join(dataDir, 'random.onnx');
  await writeFile(random, randomBytes(2048));
  const empty = path.join(dataDir, 'empty.onnx');
  await writeFile(empty, '');
  const table = path.join(dataDir, 'cars-as.onnx');
  await copyFile(path.join(SAMPLE_DATA, 'cars.jsonl'), table);
  return [
    { label: 'random bytes as ONNX', uri: random, message: /not a valid ONNX model/ },
    { label: 'an empty ONNX file', uri: empty, message: /not a valid ONNX model/ },
    { label: 'a table as ONNX', uri: table, message: /not a valid ONNX model/ },
  ];
}
