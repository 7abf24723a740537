import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, DEFAULT_API_URL, DEFAULT_SERVING_URL, loadConfig, parseHttpUrl } from '../../config';

/** Where the command line finds the API and a serving process, and the bearer token it sends to both. */
export interface CliSettings {
  url: string;
  token: string | undefined;
  servingUrl: string;
}

/** What a config file may set, by its key in the file. */
const FILE_KEYS = { url: 'PROVENANT_URL', token: 'PROVENANT_TOKEN', servingUrl: 'PROVENANT_SERVING_URL' } as const;
type FileKey = keyof typeof FILE_KEYS;

/** PROVENANT_CONFIG, else $XDG_CONFIG_HOME/provenant/config.yaml, else ~/.config/provenant/config.yaml. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): { file: string; explicit: boolean } {
  if (env.PROVENANT_CONFIG) return { file: path.resolve(env.PROVENANT_CONFIG), explicit: true };
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return { file: path.join(base, 'provenant', 'config.yaml'), explicit: false };
}

/**
 * The config file's settings, checked key by key. The default file may be absent; a file
 * named by PROVENANT_CONFIG must exist, since whoever named it expects it to be read.
 */
export function readConfigFile(file: string, explicit: boolean): Partial<Record<FileKey, string>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return {};
    throw new ConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(file, `is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof document !== 'object' || Array.isArray(document)) throw new ConfigError(file, `must be a mapping of ${Object.keys(FILE_KEYS).join(', ')}`);
  const settings: Partial<Record<FileKey, string>> = {};
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if (!(key in FILE_KEYS)) throw new ConfigError(file, `unknown key ${JSON.stringify(key)}; the keys are ${Object.keys(FILE_KEYS).join(', ')}`);
    if (typeof value !== 'string' || value === '') throw new ConfigError(file, `${key} must be a non-empty string`);
    if (key !== 'token') parseHttpUrl(`${file}: ${key}`, value, key === 'url' ? DEFAULT_API_URL : DEFAULT_SERVING_URL);
    settings[key as FileKey] = value;
  }
  return settings;
}

/**
 * Flags win over the environment (PROVENANT_URL, PROVENANT_TOKEN, PROVENANT_SERVING_URL),
 * which wins over the config file, which wins over the defaults of a local `npm start`.
 */
export function cliSettings(flags: Partial<Record<FileKey, string>>, env: NodeJS.ProcessEnv = process.env): CliSettings {
  const { file, explicit } = configFilePath(env);
  const fromFile = readConfigFile(file, explicit);
  const layered: Record<string, string | undefined> = {};
  for (const [key, variable] of Object.entries(FILE_KEYS) as [FileKey, string][]) {
    layered[variable] = flags[key] ?? (env[variable] || fromFile[key]);
  }
  // A flag's mistake is named by the flag, not by the variable it stands in for.
  parseHttpUrl('--url', flags.url, DEFAULT_API_URL);
  parseHttpUrl('--serving-url', flags.servingUrl, DEFAULT_SERVING_URL);
  return loadConfig(layered).cli;
}
