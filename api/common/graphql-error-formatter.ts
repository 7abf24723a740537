import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ProvenantError } from '../../domain/errors';
import { logger } from '../../platform/logger';
import { QueryTooComplexError } from './query-complexity';
import { variableErrorField } from './variable-error-field';

/**
 * Our errors keep their stable code and field, a refused too-complex operation its
 * QUERY_TOO_COMPLEX; GraphQL's own validation errors pass
 * through, a variable that fails its type naming its field as ours do; anything else is
 * logged and reported without internals.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ProvenantError) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  if (error instanceof GraphQLError && error.originalError instanceof QueryTooComplexError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: QueryTooComplexError.CODE } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const field = code === 'BAD_USER_INPUT' ? variableErrorField(formatted.message) : undefined;
    return field ? { ...formatted, extensions: { ...formatted.extensions, field } } : formatted;
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL resolver');
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL' } };
}
