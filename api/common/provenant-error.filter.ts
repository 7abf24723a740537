import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProvenantError } from '../../domain/errors';
import { logger } from '../../platform/logger';

/**
 * Refused requests are the caller's problem, not the server's: log them at info with
 * their code and field, and hand them to the GraphQL error formatter unchanged.
 */
@Catch(ProvenantError)
export class ProvenantErrorFilter implements GqlExceptionFilter {
  catch(error: ProvenantError): ProvenantError {
    logger.info({ code: error.code, field: error.field, reason: error.message }, 'request refused');
    return error;
  }
}
