/**
 * Set at bundle time by ProvenantPlugin (a webpack DefinePlugin constant), so the keys
 * that verify decision attestations live in the worker's configuration: never in a
 * workflow's input or history, where anyone who can start workflows could choose them.
 */
declare const PROVENANT_DECISION_VERIFY_KEYS: readonly string[] | undefined;

/** Empty in a bundle made without the plugin (a replay, say): such a worker accepts no decision. */
export function trustedDecisionKeys(): readonly string[] {
  return typeof PROVENANT_DECISION_VERIFY_KEYS === 'undefined' ? [] : PROVENANT_DECISION_VERIFY_KEYS;
}
