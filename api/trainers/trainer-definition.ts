import path from 'node:path';
import { badInput } from '../../domain/errors';
import { isBuiltinTrainer } from '../../domain/pipeline';

export const MAX_TRAINER_NAME_LENGTH = 100;
export const MAX_COMMAND_ARGUMENTS = 64;
export const MAX_ARGUMENT_LENGTH = 4096;
/** A day: longer jobs belong on a batch system that Provenant calls, not in one activity. */
export const MAX_TRAINER_TIMEOUT_SECONDS = 86_400;

export interface TrainerDefinition {
  name: string;
  command: string[];
  timeoutSeconds: number;
}

/**
 * Refuses a definition the worker could not run safely or predictably. The command
 * is argv for `spawn` (no shell), so it is checked for shape, not existence: the API
 * may run on another machine than the training workers.
 */
export function checkTrainerDefinition(definition: TrainerDefinition): TrainerDefinition {
  checkTrainerName('input.name', definition.name);
  checkCommand(definition.command);
  const { timeoutSeconds } = definition;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_TRAINER_TIMEOUT_SECONDS) {
    throw badInput('input.timeoutSeconds', `must be an integer from 1 to ${MAX_TRAINER_TIMEOUT_SECONDS} (got ${timeoutSeconds})`);
  }
  return definition;
}

function checkTrainerName(field: string, name: string): void {
  // Checked first, for a clearer message than the alphabet rule would give.
  if (isBuiltinTrainer(name)) throw badInput(field, 'the prefix "builtin:" is reserved for built-in trainers');
  if (name.length > MAX_TRAINER_NAME_LENGTH || !/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw badInput(
      field,
      `must be 1-${MAX_TRAINER_NAME_LENGTH} characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}

function checkCommand(command: string[]): void {
  if (command.length === 0) throw badInput('input.command', 'must name a program to run');
  if (command.length > MAX_COMMAND_ARGUMENTS) {
    throw badInput('input.command', `has ${command.length} elements; at most ${MAX_COMMAND_ARGUMENTS} are allowed`);
  }
  command.forEach((argument, index) => {
    const field = `input.command[${index}]`;
    if (argument.length === 0 || argument.length > MAX_ARGUMENT_LENGTH) {
      throw badInput(field, `must be 1-${MAX_ARGUMENT_LENGTH} characters`);
    }
    // The operating system cannot pass a NUL inside an argument; spawn would refuse it at run time.
    if (argument.includes('\0')) throw badInput(field, 'must not contain a NUL character');
  });
  const [program] = command;
  // A relative path would depend on the worker's working directory.
  const isBareName = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(program);
  const isAbsolutePath = path.posix.isAbsolute(program) && path.posix.normalize(program) === program;
  if (!isBareName && !isAbsolutePath) {
    throw badInput(
      'input.command[0]',
      'must be an absolute, normalised path to an executable or a program name found on the ' +
        `worker's PATH (e.g. "python3"), not ${JSON.stringify(program)}`,
    );
  }
}
