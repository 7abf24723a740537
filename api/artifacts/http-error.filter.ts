import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ProvenantError, type ErrorCode } from '../../domain/errors';
import { logger } from '../../platform/logger';

const STATUS: Record<ErrorCode, HttpStatus> = {
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  BAD_USER_INPUT: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * REST routes answer a refused request with its HTTP status and a JSON body carrying
 * the code and field GraphQL clients get in `extensions`. The application-wide filter
 * serves GraphQL only: it hands the error back for GraphQL to report, and an HTTP
 * request left that way would be answered 500.
 */
@Catch(ProvenantError)
export class ProvenantHttpErrorFilter implements ExceptionFilter {
  catch(error: ProvenantError, host: ArgumentsHost): void {
    logger.info({ code: error.code, field: error.field, reason: error.message }, 'request refused');
    const response = host.switchToHttp().getResponse<Response>();
    if (error.code === 'UNAUTHENTICATED') response.setHeader('WWW-Authenticate', 'Bearer');
    response
      .status(STATUS[error.code])
      .json({ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
  }
}
