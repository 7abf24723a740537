// Every model's versions as links, for pages that start from a model version.

import { h } from './dom.mjs';
import { graphql } from './graphql.mjs';

const MODELS = `query Models { models { name versions { id version aliases } } }`;

/** A list of models, each with its versions (newest first) linking to `hrefOf(version)`. */
export async function versionPicker(hrefOf, signal) {
  const { models } = await graphql(MODELS, {}, { signal });
  if (models.length === 0) return h('p', { class: 'muted' }, 'No model is registered yet.');
  return h(
    'ul',
    { class: 'version-picker' },
    models.map((model) =>
      h(
        'li',
        {},
        h('span', { class: 'model-name' }, model.name),
        ' ',
        model.versions.map((version) => [
          h('a', { href: hrefOf(version) }, `v${version.version}`),
          version.aliases.length > 0 ? h('span', { class: 'muted' }, ` (${version.aliases.join(', ')})`) : null,
          ' ',
        ]),
      ),
    ),
  );
}
