import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import yaml from 'js-yaml';
import { CONFIG_VARIABLES, REPO_ROOT } from '../platform/config';

/**
 * No Docker engine is needed: these checks read docker-compose.yml the way Compose
 * would (YAML merge keys, `${VAR}` interpolation) and hold it to what the code reads.
 */

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: unknown[];
  volumes?: unknown[];
  container_name?: string;
  healthcheck?: { test?: string[] | string };
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const APP_SERVICES = ['migrate', 'api', 'worker'];
const EXPECTED_SERVICES = ['postgres', 'temporal', 'temporal-ui', ...APP_SERVICES];

/** What the host would export before `docker compose up`. */
const HOST_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 'not-a-real-password',
  PROVENANT_API_TOKENS: 'test-token-123:admin:alice',
  PROVENANT_DECISION_SIGNING_KEY: '11'.repeat(32),
  PROVENANT_DECISION_VERIFY_KEYS: 'd04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737',
};

function loadCompose(): ComposeFile {
  // Compose honours YAML merge keys (`<<: *anchor`); js-yaml's default schema does not.
  const schema = yaml.CORE_SCHEMA.withTags(yaml.mergeTag);
  const parsed = yaml.load(readFileSync(COMPOSE_FILE, 'utf8'), { schema }) as ComposeFile;
  assert.equal(typeof parsed?.services, 'object', 'docker-compose.yml has a services map');
  return parsed;
}

/** `${VAR}`, `${VAR:-default}`, `${VAR:?error}` and `$$`, as Compose interpolates them. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name, operator, argument) => {
    if (match === '$$') return '$';
    const present = env[name] !== undefined && (env[name] !== '' || !operator?.startsWith(':'));
    if (present) return env[name];
    if (operator?.endsWith('?')) throw new Error(`required variable ${name} is unset: ${argument}`);
    return operator?.endsWith('-') ? argument : '';
  });
}

function environmentOf(service: Service): Record<string, string> {
  const { environment } = service;
  if (!environment) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = String(entry).split('=');
        return [key, rest.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function dependenciesOf(service: Service): Record<string, string | undefined> {
  const { depends_on: dependsOn } = service;
  if (!dependsOn) return {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, spec]) => [name, spec?.condition]));
}

function commandOf(service: Service): string[] {
  const { command } = service;
  if (command === undefined) return [];
  return Array.isArray(command) ? command.map(String) : command.split(/\s+/).filter(Boolean);
}

/** Named volume mounted at `target`, from short syntax `name:/path[:mode]` or long syntax. */
function namedVolumeAt(service: Service, target: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    if (typeof volume === 'string') {
      const [source, mountPoint] = volume.split(':');
      if (mountPoint === target && !source.startsWith('.') && !source.startsWith('/')) return source;
    } else if (volume && typeof volume === 'object') {
      const { type, source, target: mountPoint } = volume as { type?: string; source?: string; target?: string };
      if (mountPoint === target && (type === undefined || type === 'volume')) return source;
    }
  }
  return undefined;
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;
  const known = new Set<string>(CONFIG_VARIABLES);

  test('defines the production services', () => {
    for (const name of EXPECTED_SERVICES) assert.ok(services[name], `service ${name} is defined`);
  });

  test('every service has an image or a build', () => {
    for (const [name, service] of Object.entries(services)) {
      assert.ok(service.image || service.build, `service ${name} sets image or build`);
    }
    for (const name of APP_SERVICES) {
      assert.ok(services[name].build, `${name} builds the Provenant image from this repository`);
      assert.equal(services[name].image, services.api.image, `${name} runs the same image as api`);
    }
  });

  test('app services set only variables Provenant reads (CONFIG_VARIABLES)', () => {
    for (const name of APP_SERVICES) {
      const keys = Object.keys(environmentOf(services[name]));
      assert.ok(keys.length > 0, `${name} sets its environment`);
      for (const key of keys) {
        assert.ok(known.has(key), `${name} sets ${key}, which platform/config.ts does not read`);
      }
    }
  });

  test('app services run compiled entrypoints that exist', () => {
    const expected: Record<string, string> = {
      migrate: 'dist/platform/cli/migrate.js',
      api: 'dist/api/main.js',
      worker: 'dist/workers/main.js',
    };
    for (const [name, entrypoint] of Object.entries(expected)) {
      assert.deepEqual(commandOf(services[name]), ['node', entrypoint], `${name} command`);
      assert.ok(existsSync(path.join(REPO_ROOT, entrypoint)), `${entrypoint} is built by tsc`);
    }
  });

  test('api and worker reach Postgres and Temporal by their compose service names', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const env = environmentOf(services[name]);
      assert.ok(env.DATABASE_URL, `${name} sets DATABASE_URL`);
      const databaseUrl = new URL(interpolate(env.DATABASE_URL, HOST_ENV));
      assert.match(databaseUrl.protocol, /^postgres(ql)?:$/);
      assert.equal(databaseUrl.hostname, 'postgres', `${name} DATABASE_URL host`);
      assert.ok(services[databaseUrl.hostname], `${name} DATABASE_URL names a compose service`);
      assert.equal(databaseUrl.password, HOST_ENV.POSTGRES_PASSWORD, 'the password comes from the host environment');
      const database = databaseUrl.pathname.slice(1);
      assert.ok(database, `${name} DATABASE_URL names a database`);
      assert.ok(!['temporal', 'temporal_visibility', 'postgres'].includes(database), `Provenant has its own database, not ${database}`);
    }
    for (const name of ['api', 'worker']) {
      const env = environmentOf(services[name]);
      assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233', `${name} TEMPORAL_ADDRESS`);
      assert.ok(services[env.TEMPORAL_ADDRESS.split(':')[0]], `${name} TEMPORAL_ADDRESS names a compose service`);
    }
  });

  test('Provenant and Temporal keep separate databases on the one Postgres', () => {
    const postgres = environmentOf(services.postgres);
    const temporal = environmentOf(services.temporal);
    const api = environmentOf(services.api);
    const provenantDatabase = new URL(interpolate(api.DATABASE_URL, HOST_ENV)).pathname.slice(1);
    assert.equal(postgres.POSTGRES_DB, provenantDatabase, 'the postgres image creates Provenant’s database');
    for (const key of ['DBNAME', 'VISIBILITY_DBNAME']) {
      if (temporal[key]) assert.notEqual(temporal[key], provenantDatabase, `Temporal ${key} is not Provenant’s database`);
    }
    assert.equal(temporal.POSTGRES_USER, postgres.POSTGRES_USER);
    assert.equal(interpolate(temporal.POSTGRES_PWD, HOST_ENV), interpolate(postgres.POSTGRES_PASSWORD, HOST_ENV));
  });

  test('depends_on names only defined services, with conditions Compose knows', () => {
    const conditions = new Set([undefined, 'service_started', 'service_healthy', 'service_completed_successfully']);
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
        assert.ok(services[dependency], `${name} depends on undefined service ${dependency}`);
        assert.ok(conditions.has(condition), `${name} → ${dependency}: unknown condition ${condition}`);
        if (condition === 'service_healthy') assert.ok(services[dependency].healthcheck, `${dependency} needs a healthcheck`);
      }
    }
    assert.equal(dependenciesOf(services.api).migrate, 'service_completed_successfully', 'api starts after migrations succeed');
    assert.equal(dependenciesOf(services.worker).migrate, 'service_completed_successfully', 'worker starts after migrations succeed');
    assert.equal(dependenciesOf(services.temporal).postgres, 'service_healthy', 'temporal waits for a healthy Postgres');
  });

  test('temporal is the auto-setup image on the same Postgres', () => {
    const temporal = services.temporal;
    assert.match(temporal.image ?? '', /^temporalio\/auto-setup(:|$)/);
    const env = environmentOf(temporal);
    assert.equal(env.DB, 'postgres12');
    assert.equal(env.POSTGRES_SEEDS, 'postgres');
    assert.equal(String(env.DB_PORT), '5432');
    assert.match(services.postgres.image ?? '', /^postgres:16/);
    assert.match(JSON.stringify(services.postgres.healthcheck?.test), /pg_isready/);
    assert.equal(environmentOf(services['temporal-ui']).TEMPORAL_ADDRESS, 'temporal:7233');
  });

  test('api listens on every interface, port 4000, with tokens from the host', () => {
    const env = environmentOf(services.api);
    assert.equal(env.HOST, '0.0.0.0');
    assert.equal(String(env.PORT), '4000');
    assert.ok((services.api.ports ?? []).map(String).includes('4000:4000'), 'api publishes 4000:4000');
    assert.match(env.PROVENANT_API_TOKENS, /^\$\{PROVENANT_API_TOKENS:\?[^}]*\}$/, 'tokens are required from the host, not committed');
    assert.throws(() => interpolate(env.PROVENANT_API_TOKENS, {}), /PROVENANT_API_TOKENS/);
  });

  test('api and worker share the data directory as a named volume; worker can be scaled', () => {
    const dataDirs = ['api', 'worker'].map((name) => environmentOf(services[name]).PROVENANT_DATA_DIR);
    assert.equal(dataDirs[0], dataDirs[1], 'same PROVENANT_DATA_DIR');
    assert.ok(dataDirs[0], 'PROVENANT_DATA_DIR is set');
    const apiVolume = namedVolumeAt(services.api, dataDirs[0]);
    assert.ok(apiVolume, `api mounts a named volume at ${dataDirs[0]}`);
    assert.equal(namedVolumeAt(services.worker, dataDirs[0]), apiVolume, 'worker mounts the same volume');
    assert.ok(compose.volumes && apiVolume in compose.volumes, `volume ${apiVolume} is declared`);
    assert.equal(services.worker.container_name, undefined, 'a fixed container_name would stop --scale');
    assert.equal(services.worker.ports, undefined, 'published ports would clash under --scale');
  });

  test('every named volume a service mounts is declared', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume as { source?: string }).source;
        if (!source || source.startsWith('.') || source.startsWith('/')) continue;
        assert.ok(compose.volumes && source in compose.volumes, `${name} mounts undeclared volume ${source}`);
      }
    }
  });
});
