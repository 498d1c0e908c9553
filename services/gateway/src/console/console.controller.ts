import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Next, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';

/** Where `npm run build` puts the console (apps/console/dist), from the gateway's src/ or dist/ folder alike. */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '../../../../apps/console/dist');

/** Paths the console never answers: they belong to the API and the platform's endpoints (their 404 stays JSON). */
const NOT_THE_CONSOLE = /^\/(api\/|api$|health$|metrics$)/;

/**
 * The agent console at `/`: its built files, and index.html for every other
 * path (the app routes in the browser). Public like the login: the files hold
 * no data; the API behind them checks tokens. Hashed assets are cached for
 * good; index.html is asked for afresh, so a new build reaches open browsers on
 * their next load. Registered last, so every API route matches first.
 */
@Controller()
export class ConsoleController {
  private readonly dir: string;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.dir = config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  }

  @Get()
  index(@Res() response: Response): void {
    this.sendIndex(response);
  }

  @Get('*path')
  page(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): void {
    if (NOT_THE_CONSOLE.test(request.path)) return next();
    const asset = request.path.startsWith('/assets/') || /^\/[\w.-]+\.\w+$/.test(request.path);
    if (!asset) return this.sendIndex(response);
    // `root` confines the path to the console's folder (no ../ escapes); a missing file is a plain 404.
    response.sendFile(
      request.path.slice(1),
      {
        root: this.dir,
        dotfiles: 'deny',
        headers: { 'cache-control': request.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' },
      },
      (error) => {
        if (error && !response.headersSent) response.status(404).json({ code: 'NOT_FOUND', message: 'no such file' });
      },
    );
  }

  private sendIndex(response: Response): void {
    const index = join(this.dir, 'index.html');
    if (!existsSync(index))
      throw new NotFoundException({ code: 'CONSOLE_NOT_BUILT', message: 'the console is not built (npm run build)' });
    response.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
  }
}
