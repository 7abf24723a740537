import { ApplicationFailure } from '@temporalio/activity';

/** Bad input cannot get better by retrying: fail at once and name the field. */
export function invalidInput(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'InvalidInput',
    message: `${field}: ${message}`,
    nonRetryable: true,
    details: [{ field }],
  });
}
