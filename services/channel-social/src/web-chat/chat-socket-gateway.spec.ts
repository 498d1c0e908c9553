import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createLogger } from '@threadline/observability';
import type { ChatConversations } from './chat-conversations';
import type { ChatSignals } from './chat-signals';
import { CHAT_SOCKET_PATH, ChatSocketGateway } from './chat-socket-gateway';
import { LiveSockets } from './live-sockets';

let server: Server;
let gateway: ChatSocketGateway;
let url: string;

beforeAll(async () => {
  server = createServer();
  // Frames are not part of this spec: nothing of the conversations or signals is reached.
  gateway = new ChatSocketGateway(
    {} as ChatConversations,
    {} as ChatSignals,
    new LiveSockets(),
    createLogger('chat-spec', 'silent'),
    20,
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
