import { ConfigError } from '../config';
import { logger } from '../logger';

/** Runs a process's main function; configuration mistakes print one clear line, not a stack. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
    } else {
      logger.fatal({ err: error }, 'fatal error');
    }
    process.exit(1);
  });
}
