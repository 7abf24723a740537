import { ActivityFailure, ChildWorkflowFailure } from '@temporalio/workflow';

/** The innermost cause is the message a person can act on, not Temporal's wrappers around it. */
export function failureMessage(error: unknown): string {
  let current = error;
  while ((current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
