import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfigHook = NonNullable<BundleOptions['webpackConfigHook']>;

/**
 * A webpack hook that writes the decision verify keys into the workflow bundle as the
 * constant workflows/trusted-decision-keys.ts reads. The keys reach the sandbox from the
 * worker's own configuration, never from a workflow's input. Webpack is the one
 * @temporalio/worker bundles with, resolved from there so both agree on its version.
 */
export function defineTrustedDecisionKeys(keys: readonly string[], previous: WebpackConfigHook | undefined): WebpackConfigHook {
  const workerPackage = path.dirname(require.resolve('@temporalio/worker/package.json'));
  const { DefinePlugin } = require(require.resolve('webpack', { paths: [workerPackage] })) as typeof import('webpack');
  return (config) => {
    const configured = previous ? previous(config) : config;
    return {
      ...configured,
      plugins: [...(configured.plugins ?? []), new DefinePlugin({ PROVENANT_DECISION_VERIFY_KEYS: JSON.stringify(keys) })],
    };
  };
}
