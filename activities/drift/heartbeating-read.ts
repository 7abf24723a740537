import { Context } from '@temporalio/activity';
import type { ChunkedRead } from '../../db/prediction-log';
import { keepAliveWhile } from '../batch-scoring.activity';

/**
 * A cursor read of the prediction log that keeps its activity alive: it heartbeats while a
 * FETCH waits (the first may sort the whole window) and after each chunk with the rows read
 * so far, so a long scan stays alive and a dead worker is noticed.
 */
export function heartbeatingRead(fetchRows: number): ChunkedRead {
  const context = Context.current();
  return {
    fetchRows,
    whileWaiting: (work) => keepAliveWhile(work, undefined),
    rowsRead: (total) => context.heartbeat({ rowsRead: total }),
  };
}
