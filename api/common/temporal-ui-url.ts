import type { Config } from '../../platform/config';

/** The Temporal CLI dev server's UI, where `npm start` serves it; links point there unless TEMPORAL_UI_URL says otherwise. */
const DEV_SERVER_UI_URL = 'http://127.0.0.1:8233';

/**
 * A workflow's page in the Temporal UI. The link names no run: the UI opens the latest
 * one, so it stays right after a retry resets the workflow to a new run.
 */
export function temporalUiUrl(config: Pick<Config, 'temporalUiUrl' | 'temporalNamespace'>, workflowId: string): string {
  const base = (config.temporalUiUrl ?? DEV_SERVER_UI_URL).replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(config.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
