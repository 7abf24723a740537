import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, DEFAULT_API_URL, loadConfig, parseHttpUrl } from '../../config';
import { handleHelp } from '../help';
import { ProvenantClient } from '../../../client/provenant-client';

/** One `provenant` subcommand: its words, a line for the overview, its --help, and what it does. */
export interface Command {
  /** The words after `provenant`, e.g. `pipeline start`. */
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process's exit status. */
  run(argv: string[]): Promise<number>;
}

/** A mistake in the command line itself; reported with a pointer to --help and exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Every command's --help ends with this. */
export const CONNECTION_HELP = `Connection:
  --url URL      the API's base URL (default: PROVENANT_URL, else ${DEFAULT_API_URL})
  --token TOKEN  bearer token to send (default: PROVENANT_TOKEN)`;

const CONNECTION_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Prints the command's --help when asked, then parses its arguments with the connection
 * options added; unknown options and missing values become usage errors.
 */
export function parseCommand<O extends Options>(command: Command, argv: string[], options: O) {
  handleHelp(command.usage, argv);
  try {
    return parseArgs({ args: argv, options: { ...CONNECTION_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --url and --token win over PROVENANT_URL and PROVENANT_TOKEN. */
export function connect(values: { url?: string | boolean; token?: string | boolean }): ProvenantClient {
  const { cli } = loadConfig();
  const url = typeof values.url === 'string' ? checkUrlOption(values.url) : cli.url;
  const token = typeof values.token === 'string' ? values.token : cli.token;
  return new ProvenantClient({ url, token });
}

function checkUrlOption(value: string): string {
  try {
    const url = parseHttpUrl('--url', value, DEFAULT_API_URL);
    if (!url) throw new UsageError('--url needs a value');
    return url;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The one positional argument a command takes, e.g. a gate id. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  return positionals[0];
}

export function requiredOption(value: string | boolean | undefined, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${option} is required`);
  return value;
}

/** One of a fixed set of words, case-insensitive, e.g. --task regression. */
export function oneOf<T extends string>(value: string, option: string, allowed: readonly T[]): T {
  const upper = value.toUpperCase();
  const match = allowed.find((candidate) => candidate === upper);
  if (!match) throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return match;
}

export function positiveInteger(value: string, option: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new UsageError(`--${option} must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return parsed;
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}
