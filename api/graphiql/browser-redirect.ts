import type { RequestHandler } from 'express';

export const GRAPHIQL_PATH = '/graphiql';

/**
 * A browser opening `/graphql` (a bookmark, the README, an old evidence link) gets
 * GraphiQL, with the address's query string kept; API clients, which ask for JSON, reach
 * GraphQL as before.
 */
export function graphiqlForBrowsers(): RequestHandler {
  return (request, response, next) => {
    if (request.method !== 'GET' || request.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    const queryString = request.originalUrl.indexOf('?');
    response.redirect(302, `${GRAPHIQL_PATH}${queryString === -1 ? '' : request.originalUrl.slice(queryString)}`);
  };
}
