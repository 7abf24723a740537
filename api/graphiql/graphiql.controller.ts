import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { ProvenantHttpErrorFilter } from '../artifacts/http-error.filter';
import { Public } from '../auth/allow.decorator';
import { sendAsset } from '../ui/ui-assets';
import { loadGraphiqlAssets } from './graphiql-assets';

/**
 * Scripts and styles from this origin only; GraphiQL's editors set inline styles, and its
 * fonts are data: URLs. Queries go to `/graphql` on this origin and nowhere else.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL at `/graphiql` (a browser opening `/graphql` is sent here). Its files are
 * public and hold no data; every query the page sends carries the bearer token the user
 * set in it, and `/graphql` checks that as it checks any client's.
 */
@Controller('graphiql')
@Public()
@UseFilters(ProvenantHttpErrorFilter)
export class GraphiqlController {
  private readonly assets = loadGraphiqlAssets();

  @Get()
  page(@Res({ passthrough: true }) response: Response): string {
    return this.send(response, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res({ passthrough: true }) response: Response): string {
    return this.send(response, file);
  }

  private send(response: Response, name: string): string {
    return sendAsset(response, this.assets, name, 'GraphiQL file', GRAPHIQL_CONTENT_SECURITY_POLICY);
  }
}
