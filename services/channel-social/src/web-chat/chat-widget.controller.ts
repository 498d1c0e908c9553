import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, NotFoundException, Query } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import type { ChatSettings } from '../config';
import { CHAT_SETTINGS } from './chat.tokens';

/** Same depth from src/web-chat and dist/web-chat: the script is served as written, no build step. */
const WIDGET_SCRIPT = readFileSync(join(__dirname, '..', '..', 'assets', 'chat-widget.js'), 'utf8');

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The embeddable widget and a page that embeds it. */
@Controller('chat')
@PublicRoute({ guard: 'none-needed', why: 'the widget script and a demo page: public by design, no data, change nothing' })
export class ChatWidgetController {
  constructor(@Inject(CHAT_SETTINGS) private readonly settings: ChatSettings) {}

  @Get('widget.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  widget(): string {
    return WIDGET_SCRIPT;
  }

  @Get('demo')
  @Header('content-type', 'text/html; charset=utf-8')
  demo(@Query('workspace') workspace?: string, @Query('lang') lang?: string): string {
    if (!workspace || !this.settings.workspaces.includes(workspace))
      throw new NotFoundException({ code: 'UNKNOWN_CHAT_WORKSPACE', message: 'no web chat for this workspace' });
    const html = lang === 'en' ? 'en' : 'pl';
    return `<!doctype html>
<html lang="${html}"><head><meta charset="utf-8"><title>Threadline — ${html === 'en' ? 'chat demo' : 'demo czatu'}</title></head>
<body><h1>${html === 'en' ? 'Our shop' : 'Nasz sklep'}</h1>
<script src="/chat/widget.js" data-workspace="${escapeHtml(workspace)}"></script>
</body></html>`;
  }
}
