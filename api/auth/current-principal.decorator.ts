import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../../domain/roles';
import { requestOf } from './auth.guard';

/** The authenticated caller; the guard has already refused anyone else. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => requestOf(context).principal!,
);
