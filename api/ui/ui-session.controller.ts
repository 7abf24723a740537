import { Controller, Delete, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import type { Config } from '../../platform/config';
import { bearerToken } from '../../platform/auth/bearer-token';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { ALL_ROLES, Allow, Public } from '../auth/allow.decorator';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth/session-cookie';
import { CONFIG } from '../common/injection-tokens';

/**
 * The web UI's sign-in and sign-out also set and clear the session cookie, so a drift
 * report link (from Slack, an alert, `reportUrl`) opens in that browser as a page.
 */
@Controller('ui/session')
@UseFilters(ProvenantHttpErrorFilter)
export class UiSessionController {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** The bearer token the guard just accepted becomes the cookie's value. */
  @Post()
  @Allow(...ALL_ROLES)
  @HttpCode(204)
  open(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): void {
    response.cookie(SESSION_COOKIE, bearerToken(request.headers.authorization)!, sessionCookieOptions(this.secure(request)));
  }

  /** Public: signing out needs no proof of who one was, and clears nothing but this browser's cookie. */
  @Delete()
  @Public()
  @HttpCode(204)
  close(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secure(request)));
  }

  private secure(request: AuthenticatedRequest): boolean {
    return request.secure || this.config.publicUrl.startsWith('https:');
  }
}
