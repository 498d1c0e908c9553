import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '@threadline/observability';
import { ChatError, type ChatConversations, type ChatVisit } from './chat-conversations';
import { parseClientFrame, type ClientFrame, type ServerFrame } from './chat-protocol';
import type { ChatSignals, SignalState } from './chat-signals';
import type { ChatSocket, LiveSockets } from './live-sockets';
import { AddressConnections, ClientAddresses, FrameRate, type SocketLimits } from './socket-limits';
import type { VisitorSurveys } from './visitor-surveys';

export const CHAT_SOCKET_PATH = '/chat/ws';
const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 25_000;
/** A socket that goes on flooding after this many refused frames is closed (1008 policy violation). */
const REFUSALS_BEFORE_CLOSE = 50;

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxFrameBytes: 32 * 1024,
  maxConnectionsPerAddress: 20,
  framesPerSecond: 5,
  frameBurst: 20,
  trustedProxies: [],
};

/** Why the gateway refused a connection or a frame (counted, so an attack shows on the metrics). */
export type SocketRefusal =
  'too-many-connections' | 'frame-too-large' | 'binary-frame' | 'bad-frame' | 'too-fast' | 'socket-error';

/**
 * The widget's WebSocket, on the service's own HTTP server (the `ws` package
 * on the upgrade event: Nest's ws adapter would need the shared bootstrap to
 * change). Thin: parses frames, keeps the socket in LiveSockets, delegates.
 */
export class ChatSocketGateway {
  private readonly wss: WebSocketServer;
  private readonly addresses: AddressConnections;
  private readonly clientAddresses: ClientAddresses;
  private pinger: NodeJS.Timeout | null = null;
  private readonly pingIntervalMs: number;
  private readonly limits: SocketLimits;
  private readonly refused: (reason: SocketRefusal) => void;

  constructor(
    private readonly conversations: ChatConversations,
    private readonly signals: ChatSignals,
    private readonly surveys: VisitorSurveys,
    private readonly live: LiveSockets,
    private readonly logger: Logger,
    options: {
      pingIntervalMs?: number;
      limits?: SocketLimits;
      /** Told of every refused connection and frame (the metrics count them). */
      refused?: (reason: SocketRefusal) => void;
    } = {},
  ) {
    this.pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.limits = options.limits ?? DEFAULT_SOCKET_LIMITS;
    this.refused = options.refused ?? (() => undefined);
    const limits = this.limits;
    // Over maxPayload ws closes the socket with 1009 and emits 'error' on it (handled in `connected`).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
    this.wss.on('error', (error) => this.logger.warn({ err: error }, 'chat socket server error'));
    this.addresses = new AddressConnections(limits.maxConnectionsPerAddress);
    this.clientAddresses = new ClientAddresses(limits.trustedProxies);
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== CHAT_SOCKET_PATH) return;
      // A connection reset during the handshake must not become an uncaught 'error'.
      socket.on('error', () => socket.destroy());
      const address = this.clientAddresses.of(request.socket.remoteAddress ?? 'unknown', request.headers['x-forwarded-for']);
      if (!this.addresses.tryOpen(address)) {
        this.refused('too-many-connections');
        socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      // The slot is given back when the TCP connection ends, whether the handshake succeeded or not.
      socket.once('close', () => this.addresses.closed(address));
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
    const rate = new FrameRate(this.limits.framesPerSecond, this.limits.frameBurst);
    let refusals = 0;
    ws.on('error', (error: Error & { code?: string }) => {
      // ws has already closed the socket (1009 for a frame over maxPayload, 1002 for a protocol error); only noted here.
      this.refused(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame-too-large' : 'socket-error');
      this.logger.info({ code: error.code, reason: error.message }, 'chat socket closed on a bad frame');
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!rate.take()) {
        this.refused('too-fast');
        if (++refusals >= REFUSALS_BEFORE_CLOSE) ws.close(1008, 'too many frames');
        else if (refusals === 1) socket.send({ type: 'error', code: 'TOO_FAST', message: 'too many frames, slow down' });
        return;
      }
      refusals = 0;
      if (isBinary) {
        this.refused('binary-frame');
        socket.send({ type: 'error', code: 'BAD_FRAME', message: 'frames are JSON text' });
        return;
      }
      queue = queue.then(async () => {
        const parsed = parseClientFrame(data.toString());
        if (!parsed.ok) {
          this.refused('bad-frame');
          return socket.send({ type: 'error', code: 'BAD_FRAME', message: parsed.message });
        }
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
        notice: joined.notice,
        survey: joined.survey,
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
    if (frame.type === 'survey') {
      const answer = frame.optOut ? { optOut: true as const } : { score: frame.score! };
      const outcome = await this.surveys.answer(visit, frame.sessionId, answer);
      socket.send({ type: 'survey-answered', sessionId: frame.sessionId, outcome });
      return visit;
    }
    const survey = await this.conversations.close(visit);
    this.live.push(visit.sessionId, { type: 'closed', survey });
    return visit;
  }
}
