import { parseArgs, type ParseArgsConfig } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { DEFAULT_API_URL, DEFAULT_SERVING_URL } from '../../config';
import { handleHelp } from '../help';
import { ProvenantClient } from '../../../client/provenant-client';
import { cliSettings } from './settings';

/** One `provenant` subcommand: its words, a line for the overview, its --help, and what it does. */
export interface Command {
  /** The words after `provenant`, e.g. `runs start`. */
  name: string;
  /** Other words for the same command, kept from earlier releases (e.g. `pipeline start`). */
  aliases?: string[];
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
export const CONNECTION_HELP = `Connection (flags win over the environment, which wins over the config file):
  --url URL      the API's base URL (PROVENANT_URL, config key url; default ${DEFAULT_API_URL})
  --token TOKEN  bearer token to send (PROVENANT_TOKEN, config key token)
  The config file is PROVENANT_CONFIG, else ~/.config/provenant/config.yaml (YAML: url, token, servingUrl).`;

/** The --help lines of -o, for commands that print records. */
export const OUTPUT_HELP = `  -o, --output F  table (the default), json or yaml`;

const CONNECTION_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;

export const OUTPUT_OPTIONS = { output: { type: 'string', short: 'o' } } as const;

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

/** A client for the settings the flags, environment and config file give (see cliSettings). */
export function connect(values: { url?: string | boolean; token?: string | boolean; 'serving-url'?: string | boolean }): ProvenantClient {
  const flag = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
  return new ProvenantClient(cliSettings({ url: flag(values.url), token: flag(values.token), servingUrl: flag(values['serving-url']) }));
}

export const SERVING_URL_HELP = `  --serving-url URL  a serving process's base URL (PROVENANT_SERVING_URL, config key servingUrl;
                     default ${DEFAULT_SERVING_URL})`;

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** -o table|json|yaml; the older --json flag of some commands means -o json. */
export function outputFormat(values: { output?: string | boolean; json?: string | boolean }): OutputFormat {
  if (values.json === true) {
    if (typeof values.output === 'string' && values.output !== 'json') throw new UsageError('--json and -o disagree; use one');
    return 'json';
  }
  if (typeof values.output !== 'string') return 'table';
  const format = OUTPUT_FORMATS.find((candidate) => candidate === values.output);
  if (!format) throw new UsageError(`-o must be one of ${OUTPUT_FORMATS.join(', ')} (got ${JSON.stringify(values.output)})`);
  return format;
}

/** Prints `value` as JSON or YAML, or as the command's own table of it. */
export function render(format: OutputFormat, value: unknown, table: () => string): void {
  if (format === 'json') printJson(value);
  else if (format === 'yaml') print(toYaml(value, { lineWidth: 0 }));
  else print(table());
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
