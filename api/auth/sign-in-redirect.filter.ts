import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProvenantError } from '../../domain/errors';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';

/** The web UI's sign-in page, told where to send the user back to once signed in. */
export function signInUrl(returnTo: string): string {
  return `/ui#/signin/${encodeURIComponent(returnTo)}`;
}

/**
 * For pages people open by link: a browser that is not signed in is sent to the web UI's
 * sign-in, which brings it back here; API clients (asking for JSON) get the 401 as from
 * any other route.
 */
@Catch(ProvenantError)
export class SignInRedirectFilter extends ProvenantHttpErrorFilter {
  override catch(error: ProvenantError, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    if (error.code === 'UNAUTHENTICATED' && request.method === 'GET' && request.accepts(['application/json', 'text/html']) === 'text/html') {
      host.switchToHttp().getResponse<Response>().redirect(303, signInUrl(request.originalUrl));
      return;
    }
    super.catch(error, host);
  }
}
