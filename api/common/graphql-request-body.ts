import { json, type ErrorRequestHandler, type RequestHandler } from 'express';
import { logger } from '../../platform/logger';

export const GRAPHQL_PATH = '/graphql';

/** Express's default, named: the largest real request (a pipeline with expectations and a tuning space) is a few KiB. */
export const GRAPHQL_MAX_BODY_BYTES = 100 * 1024;

/** What body-parser attaches to the errors it passes on: `expose` is set when the message is meant for the client. */
interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
}

/**
 * GraphQL request bodies, parsed ahead of the application's parsers (which then leave
 * them alone). A body too large or not JSON is the client's mistake: it is answered as
 * GraphQL answers any malformed request, with Apollo's BAD_REQUEST code and HTTP 413 or
 * 400, rather than in Nest's error shape and logged as a server error.
 */
export function graphqlRequestBody(): [RequestHandler, ErrorRequestHandler] {
  return [
    json({ limit: GRAPHQL_MAX_BODY_BYTES }),
    (error: BodyParserError, _request, response, next) => {
      if (!error.type || !error.expose || !error.status) return next(error);
      const message =
        error.type === 'entity.too.large'
          ? `request body is larger than ${GRAPHQL_MAX_BODY_BYTES} bytes`
          : error.type === 'entity.parse.failed'
            ? `request body is not JSON: ${error.message}`
            : error.message;
      logger.info({ code: 'BAD_REQUEST', reason: message }, 'request refused');
      response.status(error.status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    },
  ];
}
