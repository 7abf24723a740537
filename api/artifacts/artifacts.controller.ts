import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { logger } from '../../platform/logger';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { ArtifactsService } from './artifacts.service';
import { ProvenantHttpErrorFilter } from './http-error.filter';

/** What pipeline reports when the response closes first: the client hung up, nothing of ours broke. */
const CLIENT_LEFT = 'ERR_STREAM_PREMATURE_CLOSE';

/** Downloads of model and dataset blobs by their sha256, for anyone holding a token. */
@Controller('artifacts')
@UseFilters(ProvenantHttpErrorFilter)
export class ArtifactsController {
  constructor(private readonly artifacts: ArtifactsService) {}

  @Get(':sha256')
  @Allow(...ALL_ROLES)
  async download(@Param('sha256') sha256: string, @Res() response: Response): Promise<void> {
    const artifact = await this.artifacts.open(sha256);
    response.set({
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(artifact.byteSize),
      ETag: `"${artifact.sha256}"`,
      'Content-Disposition': `attachment; filename="${artifact.fileName}"`,
    });
    // The status and headers may be sent by the time the content fails its check, so
    // failing breaks the connection off: the client sees a broken download, never a wrong one.
    pipeline(artifact.stream, response, (error) => {
      if (!error) return;
      if ((error as NodeJS.ErrnoException).code === CLIENT_LEFT) {
        logger.info({ sha256: artifact.sha256 }, 'client left before the artifact download finished');
      } else logger.error({ err: error, sha256: artifact.sha256 }, 'artifact download broke off');
    });
  }
}
