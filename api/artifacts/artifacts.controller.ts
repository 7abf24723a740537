import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { streamToResponse } from '../common/stream-to-response';
import { ArtifactsService } from './artifacts.service';
import { ProvenantHttpErrorFilter } from './http-error.filter';

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
    // The content is checked against its sha256 as it streams; a mismatch breaks the download off.
    streamToResponse(artifact.stream, response, 'artifact download', { sha256: artifact.sha256 });
  }
}
