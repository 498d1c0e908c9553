import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Next, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';

/** Where `npm run build` puts the console (apps/console/dist), from the gateway's src/ or dist/ folder alike. */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '../../../../apps/console/dist');

/** Paths the console never answers: they belong to the API and the platform's endpoints (their 404 stays JSON). */
const NOT_THE_CONSOLE = /^\/(api\/|api$|health(\/|$)|metrics$|internal\/)/i;

/**
 * The agent console at `/`: its built files, and index.html for every other
 * path (the app routes in the browser). Public like the login: the files hold
 * no data; the API behind them checks tokens. Hashed assets are cached for
 * good; index.html is asked for afresh, so a new build reaches open browsers on
 * their next load. Registered last, so every API route matches first.
 */
@Controller()
@PublicRoute({ guard: 'none-needed', why: 'the console app: its built files hold no data, the API behind them checks tokens' })
export class ConsoleController {
  private readonly dir: string;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.dir = config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  }

  @ApiRoute({
    tag: 'meta',
    summary:
      'The agent console (a single-page app; its files hold no data): its index.html (404 CONSOLE_NOT_BUILT before npm run build)',
    success: { status: 200, description: 'the console', contentType: 'text/html' },
  })
  @Get()
  index(@Res() response: Response): void {
    this.sendIndex(response);
  }

  @ApiRoute({
    tag: 'meta',
    summary:
      "The console's files (/assets/…), and its index.html for every other path outside /api/, /health and /metrics (the app routes in the browser)",
    success: { status: 200, description: 'a file of the console', contentType: 'text/html' },
  })
  @Get('*path')
  page(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): void {
    if (NOT_THE_CONSOLE.test(request.path)) return next();
    const asset = request.path.startsWith('/assets/') || /^\/[\w.-]+\.\w+$/.test(request.path);
    if (!asset) return this.sendIndex(response);
    const file = request.path.slice(1);
    const encoding = this.precompressed(file, request);
    const headers: Record<string, string> = {
      'cache-control': request.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
    };
    if (encoding) {
      headers['content-encoding'] = encoding.name;
      // The type of the file itself, not of its .br/.gz copy.
      headers['content-type'] = file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    }
    // `root` confines the path to the console's folder (no ../ escapes); a missing file is a plain 404.
    response.sendFile(`${file}${encoding?.suffix ?? ''}`, { root: this.dir, dotfiles: 'deny', headers }, (error) => {
      if (error && !response.headersSent) response.status(404).json({ code: 'NOT_FOUND', message: 'no such file' });
    });
  }

  /** The build's brotli or gzip copy of a script or stylesheet, when the browser takes it (see apps/console/scripts/precompress.mjs). */
  private precompressed(file: string, request: Request): { name: string; suffix: string } | null {
    if (!/^assets\/[\w.-]+\.(js|css)$/.test(file)) return null;
    const accepted = request.header('accept-encoding') ?? '';
    for (const encoding of [
      { name: 'br', suffix: '.br' },
      { name: 'gzip', suffix: '.gz' },
    ]) {
      if (accepted.includes(encoding.name) && existsSync(join(this.dir, file + encoding.suffix))) return encoding;
    }
    return null;
  }

  private sendIndex(response: Response): void {
    const index = join(this.dir, 'index.html');
    if (!existsSync(index))
      throw new NotFoundException({ code: 'CONSOLE_NOT_BUILT', message: 'the console is not built (npm run build)' });
    response.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
  }
}
