import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createLogger } from '@threadline/observability';
import type { ChatConversations } from './chat-conversations';
import type { ChatSignals } from './chat-signals';
import { CHAT_SOCKET_PATH, ChatSocketGateway } from './chat-socket-gateway';
import { LiveSockets } from './live-sockets';
import type { VisitorSurveys } from './visitor-surveys';

let server: Server;
let gateway: ChatSocketGateway;
let url: string;

beforeAll(async () => {
  server = createServer();
  // Frames are not part of this spec: nothing of the conversations or signals is reached.
  gateway = new ChatSocketGateway(
    {} as ChatConversations,
    {} as ChatSignals,
    {} as VisitorSurveys,
    new LiveSockets(),
    createLogger('chat-spec', 'silent'),
    // Long enough for a pong to come back on a busy machine (a late pong is taken for a dead visitor).
    { pingIntervalMs: 250 },
  );
  gateway.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${CHAT_SOCKET_PATH}`;
});

afterAll(async () => {
  gateway.close();
  await new Promise((resolve) => server.close(resolve));
});

const opened = (ws: WebSocket) => new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));

it('keeps a visitor who answers pings connected, and drops one who does not', async () => {
  const answering = new WebSocket(url);
  const silent = new WebSocket(url, { autoPong: false });
  await Promise.all([opened(answering), opened(silent)]);
  const silentClosed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));

  // The silent one is dropped at the check after its unanswered ping…
  expect(await silentClosed).toBe(1006);
  // …while the one who answers is pinged again by the next checks, and stays.
  await new Promise((resolve) => answering.once('ping', resolve));
  await new Promise((resolve) => answering.once('ping', resolve));
  expect(answering.readyState).toBe(WebSocket.OPEN);
  answering.close();
});

describe('hostile input', () => {
  let limited: Server;
  let limitedGateway: ChatSocketGateway;
  let limitedUrl: string;
  const refused: string[] = [];

  beforeAll(async () => {
    limited = createServer();
    limitedGateway = new ChatSocketGateway(
      {} as ChatConversations,
      {} as ChatSignals,
      {} as VisitorSurveys,
      new LiveSockets(),
      createLogger('chat-spec', 'silent'),
      {
        limits: { maxFrameBytes: 1024, maxConnectionsPerAddress: 3, framesPerSecond: 1, frameBurst: 5, trustedProxies: [] },
        refused: (reason) => refused.push(reason),
      },
    );
    limitedGateway.attach(limited);
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    limitedUrl = `ws://127.0.0.1:${(limited.address() as AddressInfo).port}${CHAT_SOCKET_PATH}`;
  });

  afterAll(async () => {
    limitedGateway.close();
    await new Promise((resolve) => limited.close(resolve));
  });

  const connect = async () => {
    const ws = new WebSocket(limitedUrl);
    const frames: { type: string; code?: string }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as { type: string; code?: string }));
    ws.on('error', () => undefined);
    await opened(ws);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    return { ws, frames, closed };
  };
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('closes a socket sending a frame over the limit with 1009, and goes on serving others', async () => {
    const big = await connect();
    big.ws.send('x'.repeat(2048));
    expect(await big.closed).toBe(1009);
    expect(refused).toContain('frame-too-large');

    const next = await connect();
    next.ws.send('not json');
    await until(() => next.frames.length > 0);
    expect(next.frames[0]).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    next.ws.close();
    await next.closed;
  });

  it('answers binary and malformed frames with BAD_FRAME and keeps the socket', async () => {
    const visitor = await connect();
    visitor.ws.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
    visitor.ws.send('{"type":"hello"');
    visitor.ws.send('{"type":"message","id":"short","text":""}');
    await until(() => visitor.frames.length === 3);
    expect(visitor.frames.map((f) => f.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
    expect(visitor.ws.readyState).toBe(WebSocket.OPEN);
    visitor.ws.close();
    await visitor.closed;
  });

  it('refuses a flood of frames past the burst, and closes a socket that keeps flooding (1008)', async () => {
    const flooder = await connect();
    for (let i = 0; i < 200; i++) flooder.ws.send('{}');
    expect(await flooder.closed).toBe(1008);
    // The burst was read (BAD_FRAME each), then one TOO_FAST, and nothing more was answered.
    expect(flooder.frames.filter((f) => f.code === 'TOO_FAST')).toHaveLength(1);
    expect(flooder.frames.filter((f) => f.code === 'BAD_FRAME').length).toBeLessThanOrEqual(6);
  });

  it('refuses an address more sockets than its limit (429), and takes it again once one closes', async () => {
    const held = [await connect(), await connect(), await connect()];
    const extra = new WebSocket(limitedUrl);
    const status = await new Promise<number>((resolve) =>
      extra.once('unexpected-response', (_, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(429);
    held[0].ws.close();
    await held[0].closed;
    expect(refused).toContain('too-many-connections');
    // The server lets go of the slot when it sees the connection end, a moment after the client does.
    let again: Awaited<ReturnType<typeof connect>> | null = null;
    while (!again) again = await connect().catch(() => null);
    for (const socket of [...held.slice(1), again]) {
      socket.ws.close();
      await socket.closed;
    }
  });
});
