import { Controller, Get } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { buildOpenApiDocument } from './openapi-document';

@Controller('api/v1')
@PublicRoute({ guard: 'none-needed', why: 'the API description, public by design' })
export class OpenApiController {
  private readonly document = buildOpenApiDocument('1');

  @Get('openapi.json')
  openapi() {
    return this.document;
  }
}
