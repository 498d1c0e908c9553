import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '@threadline/observability';
import { ChatError, type ChatConversations, type ChatVisit } from './chat-conversations';
import { parseClientFrame, type ClientFrame, type ServerFrame } from './chat-protocol';
import type { ChatSignals, SignalState } from './chat-signals';
import type { ChatSocket, LiveSockets } from './live-sockets';

export const CHAT_SOCKET_PATH = '/chat/ws';
const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 25_000;

/**
 * The widget's WebSocket, on the service's own HTTP server (the `ws` package
 * on the upgrade event: Nest's ws adapter would need the shared bootstrap to
 * change). Thin: parses frames, keeps the socket in LiveSockets, delegates.
 */
export class ChatSocketGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 });
  private pinger: NodeJS.Timeout | null = null;

  constructor(
    private readonly conversations: ChatConversations,
    private readonly signals: ChatSignals,
    private readonly live: LiveSockets,
    private readonly logger: Logger,
    private readonly pingIntervalMs = PING_INTERVAL_MS,
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== CHAT_SOCKET_PATH) return;
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        // handleUpgrade emits no 'connection' by itself; without it the pinger below took every socket for dead.
        this.wss.emit('connection', ws, request);
        this.connected(ws);
      });
    });
    // Dead connections (a laptop closed) are noticed and dropped.
    const alive = new WeakSet<WebSocket>();
    this.wss.on('connection', (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
    });
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) ws.terminate();
        else {
          alive.delete(ws);
          ws.ping();
        }
      }
    }, this.pingIntervalMs);
    this.pinger.unref();
  }

  /** On shutdown: going away (1001), so widgets reconnect to another instance. */
  close(): void {
    if (this.pinger) clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private connected(ws: WebSocket): void {
    const socket: ChatSocket = { send: (frame: ServerFrame) => ws.send(JSON.stringify(frame)) };
    let visit: ChatVisit | null = null;
    const signalled: SignalState = { lastTypingAt: 0, lastReadLineId: null };
    const helloTimer = setTimeout(() => visit || ws.close(4408, 'hello expected'), HELLO_TIMEOUT_MS);
    // Frames of one socket are handled in order: an ack never overtakes the publish before it.
    let queue = Promise.resolve();
    ws.on('message', (data: RawData) => {
      queue = queue.then(async () => {
        const parsed = parseClientFrame(data.toString());
        if (!parsed.ok) return socket.send({ type: 'error', code: 'BAD_FRAME', message: parsed.message });
        try {
          visit = await this.handle(parsed.frame, visit, socket, signalled);
        } catch (error) {
          if (error instanceof ChatError) return socket.send({ type: 'error', code: error.code, message: error.message });
          this.logger.error({ err: error }, 'chat frame failed');
          socket.send({ type: 'error', code: 'TRY_AGAIN', message: 'not saved, please try again' });
        }
      });
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (visit) this.live.remove(visit.sessionId, socket);
    });
  }

  private async handle(
    frame: ClientFrame,
    visit: ChatVisit | null,
    socket: ChatSocket,
    signalled: SignalState,
  ): Promise<ChatVisit | null> {
    if (frame.type === 'hello') {
      if (visit) this.live.remove(visit.sessionId, socket);
      const joined = await this.conversations.join(frame);
      this.live.add(joined.visit.sessionId, socket);
      socket.send({
        type: 'welcome',
        sessionId: joined.visit.sessionId,
        online: joined.online,
        history: joined.history,
        read: joined.read,
      });
      signalled.lastReadLineId = joined.read.visitor;
      return joined.visit;
    }
    if (!visit) {
      socket.send({ type: 'error', code: 'HELLO_FIRST', message: 'send hello first' });
      return null;
    }
    if (frame.type === 'message') {
      await this.conversations.receive(visit, frame);
      socket.send({ type: 'ack', id: frame.id });
      return visit;
    }
    if (frame.type === 'typing' || frame.type === 'read') {
      // Signals are best effort: the visitor is not bothered when one is lost (the next read frame tries again).
      const sent =
        frame.type === 'typing'
          ? this.signals.visitorTyping(visit, signalled)
          : this.signals.visitorRead(visit, signalled, frame.lineId);
      await sent.catch((error: unknown) =>
        this.logger.warn({ err: error, sessionId: visit.sessionId }, `chat ${frame.type} signal lost`),
      );
      return visit;
    }
    await this.conversations.close(visit);
    this.live.push(visit.sessionId, { type: 'closed' });
    return visit;
  }
}
