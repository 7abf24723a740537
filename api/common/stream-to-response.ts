import type { Response } from 'express';
import { pipeline, type Readable } from 'node:stream';
import { logger } from '../../platform/logger';

/** What pipeline reports when the response closes first: the client hung up, nothing of ours broke. */
const CLIENT_LEFT = 'ERR_STREAM_PREMATURE_CLOSE';

/**
 * Sends a streamed body whose status and headers are already set. They may be on the
 * wire by the time the source fails, so failing breaks the connection off: the client
 * sees a broken download, never one that looks complete.
 */
export function streamToResponse(source: Readable, response: Response, what: string, context: Record<string, unknown>): void {
  pipeline(source, response, (error) => {
    if (!error) return;
    if ((error as NodeJS.ErrnoException).code === CLIENT_LEFT) logger.info(context, `client left before the ${what} finished`);
    else logger.error({ err: error, ...context }, `${what} broke off`);
  });
}
