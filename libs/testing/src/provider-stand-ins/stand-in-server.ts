import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a stand-in answers instead of its normal success: a provider's error, a 5xx… */
export type StandInAnswer = { status: number; body: object };

/**
 * The HTTP server under each provider stand-in: tests start it on a free port,
 * the demo sandbox on a fixed one.
 */
export abstract class StandInServer {
  private server: Server | null = null;

  /** The address our clients are pointed at (the provider's API base). */
  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.basePath}`;
  }

  /** Path under which the provider's API lives (Slack's /api). */
  protected get basePath(): string {
    return '';
  }

  /** Everything our clients sent so far, as the stand-in recorded it; `GET /__recorded` shows it (the demo sandbox). */
  abstract recorded(): readonly object[];

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/__recorded') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(this.recorded(), null, 2));
        return;
      }
      void this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
