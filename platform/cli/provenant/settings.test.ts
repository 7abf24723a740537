import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cliSettings, configFilePath } from './settings';

async function configFile(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'provenant-settings-')), 'config.yaml');
  await writeFile(file, text);
  return file;
}

test('the config file is PROVENANT_CONFIG, else under XDG_CONFIG_HOME, else ~/.config', () => {
  assert.deepEqual(configFilePath({ PROVENANT_CONFIG: '/etc/provenant.yaml' }), { file: '/etc/provenant.yaml', explicit: true });
  assert.deepEqual(configFilePath({ XDG_CONFIG_HOME: '/xdg' }), { file: '/xdg/provenant/config.yaml', explicit: false });
  assert.deepEqual(configFilePath({}), { file: path.join(os.homedir(), '.config', 'provenant', 'config.yaml'), explicit: false });
});

test('flags win over the environment, which wins over the file, which wins over the local defaults', async () => {
  const file = await configFile('url: https://file.example.com\ntoken: file-token\nservingUrl: https://serving.example.com/\n');
  assert.deepEqual(cliSettings({}, { PROVENANT_CONFIG: file }), { url: 'https://file.example.com', token: 'file-token', servingUrl: 'https://serving.example.com' });
  assert.deepEqual(cliSettings({}, { PROVENANT_CONFIG: file, PROVENANT_URL: 'https://env.example.com', PROVENANT_TOKEN: 'env-token' }), {
    url: 'https://env.example.com',
    token: 'env-token',
    servingUrl: 'https://serving.example.com',
  });
  assert.deepEqual(cliSettings({ url: 'https://flag.example.com', token: 'flag-token' }, { PROVENANT_CONFIG: file, PROVENANT_TOKEN: 'env-token' }).token, 'flag-token');
  const missingDefault = path.join(os.tmpdir(), 'provenant-settings-no-such-dir');
  assert.deepEqual(cliSettings({}, { XDG_CONFIG_HOME: missingDefault }), { url: 'http://127.0.0.1:4000', token: undefined, servingUrl: 'http://127.0.0.1:4100' });
});

test('a config file mistake names the file and the key', async () => {
  const typo = await configFile('url: https://a.example.com\ntokn: x\n');
  assert.throws(() => cliSettings({}, { PROVENANT_CONFIG: typo }), { name: 'ConfigError', message: `${typo}: unknown key "tokn"; the keys are url, token, servingUrl` });
  const badUrl = await configFile('url: a.example.com\n');
  assert.throws(() => cliSettings({}, { PROVENANT_CONFIG: badUrl }), { name: 'ConfigError', message: new RegExp(`^${badUrl}: url: must be an http\\(s\\) URL`) });
  const notYaml = await configFile('url: [\n');
  assert.throws(() => cliSettings({}, { PROVENANT_CONFIG: notYaml }), { name: 'ConfigError', message: new RegExp(`^${notYaml}: is not YAML`) });
  const list = await configFile('- url\n');
  assert.throws(() => cliSettings({}, { PROVENANT_CONFIG: list }), { name: 'ConfigError', message: `${list}: must be a mapping of url, token, servingUrl` });
  assert.throws(() => cliSettings({ url: 'nope' }, { PROVENANT_CONFIG: typo.replace('config.yaml', 'absent.yaml') }), /cannot be read/);
  assert.throws(() => cliSettings({ url: 'nope' }, { XDG_CONFIG_HOME: '/nonexistent' }), { name: 'ConfigError', message: /^--url: must be an http\(s\) URL/ });
});
