import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { Public } from '../auth/allow.decorator';
import { loadUiAssets, sendAsset } from './ui-assets';

/**
 * Scripts, styles and images come from this origin's own files only, and no inline script
 * or style runs, so injected markup can do nothing; data goes only to `/graphql` and
 * `/reports` on this origin.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web UI at `/ui`. Its files are public, as a browser fetches them before anyone has
 * signed in; they hold no data. Every query the pages make carries the bearer token the
 * user pasted, and the API checks it as it checks any other client's.
 */
@Controller('ui')
@Public()
@UseFilters(ProvenantHttpErrorFilter)
export class UiController {
  private readonly assets = loadUiAssets();

  @Get()
  index(@Res({ passthrough: true }) response: Response): string {
    return this.send(response, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res({ passthrough: true }) response: Response): string {
    return this.send(response, file);
  }

  private send(response: Response, name: string): string {
    return sendAsset(response, this.assets, name, 'web UI file', UI_CONTENT_SECURITY_POLICY);
  }
}
