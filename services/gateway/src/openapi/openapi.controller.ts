import { Controller, Get } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi-document';

@Controller('api/v1')
export class OpenApiController {
  private readonly document = buildOpenApiDocument('1');

  @Get('openapi.json')
  openapi() {
    return this.document;
  }
}
