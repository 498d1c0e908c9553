// A web chat visitor as the widget is one: a WebSocket (node `ws`) into
// channel-social that says hello, writes, and keeps every frame the server sent.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { waitFor, type Json, type RunningService } from '@threadline/testing';

export type Frame = Json & { type: string };

/** The visitor's side: a socket and every frame it got, awaited by condition instead of sleeping. */
export class Visitor {
  readonly frames: Frame[] = [];
  private ws!: WebSocket;

  constructor(
    private readonly service: RunningService,
    readonly visitorId = randomBytes(18).toString('hex'),
  ) {}

  async connect(hello: Json): Promise<Frame> {
    await this.open(hello);
    return this.next('welcome');
  }

  async open(hello: Json): Promise<void> {
    this.frames.length = 0;
    this.ws = new WebSocket(`${this.service.url.replace(/^http/, 'ws')}/chat/ws`);
    this.ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    await new Promise<void>((resolve, reject) => this.ws.once('open', resolve).once('error', reject));
    this.send({ type: 'hello', visitorId: this.visitorId, ...hello });
  }

  send(frame: Json): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends a message and resolves with the server's ack (or error) for it. */
  async say(text: string, extra: Json = {}): Promise<Frame> {
    const id = randomBytes(12).toString('hex');
    this.send({ type: 'message', id, text, ...extra });
    return waitFor(`answer to ${id}`, () => this.frames.find((f) => (f.type === 'ack' && f.id === id) || f.type === 'error'), {
      timeoutMs: 10_000,
    });
  }

  next(type: string, where: (f: Frame) => boolean = () => true): Promise<Frame> {
    return waitFor(`a ${type} frame`, () => this.frames.find((f) => f.type === type && where(f)), { timeoutMs: 20_000 });
  }

  async disconnect(): Promise<void> {
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close();
    await closed;
  }
}
