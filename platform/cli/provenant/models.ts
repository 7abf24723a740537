import type { Model } from '../../../client/types';
import { keyMetrics } from './approvals';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, UsageError, connect, onePositional, outputFormat, parseCommand, render, type Command } from './command';
import { formatTable } from './table';

export function modelsTable(models: Model[]): string {
  return formatTable([
    ['NAME', 'TASK', 'VERSIONS', 'LATEST', 'ALIASES', 'CREATED'],
    ...models.map((model) => [
      model.name,
      model.task,
      String(model.versions.length),
      model.versions.length === 0 ? '-' : String(Math.max(...model.versions.map((v) => v.version))),
      model.aliases.map((alias) => `${alias.alias}=v${alias.version}`).join(',') || '-',
      model.createdAt,
    ]),
  ]);
}

export function describeModel(model: Model): string {
  const header = formatTable([
    ['name', model.name],
    ['task', model.task],
    ['created', model.createdAt],
    ['aliases', model.aliases.map((alias) => `${alias.alias} → version ${alias.version} (set by ${alias.setBy})`).join('; ') || '-'],
  ]);
  const versions = formatTable([
    ['VERSION', 'ID', 'ALIASES', 'CREATED', 'KEY METRICS'],
    ...[...model.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => [String(v.version), v.id, v.aliases.join(',') || '-', v.createdAt, keyMetrics(v.metrics)]),
  ]);
  return `${header}\n\n${versions}`;
}

export const modelsList: Command = {
  name: 'models list',
  summary: 'registered models with their versions and aliases',
  usage: `
Usage: provenant models list [-o table|json|yaml]

Lists the registered models (models, every role): name, task, number of versions, the
latest, and the aliases pointing at versions (champion=v3).

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const models = await connect(values).models();
    render(format, models, () => (models.length === 0 ? 'no models are registered' : modelsTable(models)));
    return 0;
  },
};

export const modelsGet: Command = {
  name: 'models get',
  summary: "one model: its aliases and every version's key metrics",
  usage: `
Usage: provenant models get NAME [-o table|json|yaml]

Shows a model (model, every role): its task, aliases, and each version newest first with
its id, aliases, registration time and key metrics. -o json or yaml gives every field of
every version (features, hyperparameters, artifact hash, tags).

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    const name = onePositional(positionals, 'NAME');
    const format = outputFormat(values);
    const model = await connect(values).model(name);
    render(format, model, () => describeModel(model));
    return 0;
  },
};
