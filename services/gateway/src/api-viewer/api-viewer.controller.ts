import { dirname } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiRoute, PublicRoute } from '@threadline/service-runtime';

/** Swagger UI's files, from the swagger-ui-dist package installed with the gateway (no CDN). */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js']);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Threadline agent API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/viewer.js"></script>
</body>
</html>
`;

// A file of its own, not an inline script: the page works under a Content-Security-Policy without 'unsafe-inline'.
const VIEWER_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#api', deepLinking: true });\n`;

/**
 * The API viewer at /api/docs: Swagger UI over GET /api/v1/openapi.json. Open like the
 * document itself; "Authorize" takes an access token for trying calls.
 */
@Controller('api/docs')
@PublicRoute({ guard: 'none-needed', why: 'the API viewer: static files over the public API description' })
export class ApiViewerController {
  @ApiRoute({
    tag: 'meta',
    summary: 'The API viewer (Swagger UI over this document)',
    success: { status: 200, description: 'the viewer page', contentType: 'text/html' },
  })
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @ApiRoute({
    tag: 'meta',
    summary: "The viewer's script and Swagger UI's files",
    success: { status: 200, description: 'a file of the viewer', contentType: 'text/javascript' },
    errors: { 404: 'no such file (NOT_FOUND)' },
  })
  @Get(':file')
  file(@Param('file') file: string, @Res() response: Response): void {
    const headers = { 'cache-control': 'public, max-age=3600' };
    if (file === 'viewer.js') {
      response.set({ ...headers, 'content-type': 'text/javascript; charset=utf-8' }).send(VIEWER_SCRIPT);
      return;
    }
    // Only the two files the page loads: the name is never used as a path unless it is one of them.
    if (!SWAGGER_UI_FILES.has(file)) throw new NotFoundException({ code: 'NOT_FOUND', message: 'no such file' });
    response.sendFile(file, { root: SWAGGER_UI_DIR, headers });
  }
}
