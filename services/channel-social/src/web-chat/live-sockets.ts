import type { ServerFrame } from './chat-protocol';

/** What the registry needs of a socket: a way to send it a frame. */
export interface ChatSocket {
  send(frame: ServerFrame): void;
}

/** The sockets this instance holds, by chat session (a visitor may have several tabs open). */
export class LiveSockets {
  private readonly bySession = new Map<string, Set<ChatSocket>>();

  add(sessionId: string, socket: ChatSocket): void {
    const sockets = this.bySession.get(sessionId) ?? new Set<ChatSocket>();
    sockets.add(socket);
    this.bySession.set(sessionId, sockets);
  }

  remove(sessionId: string, socket: ChatSocket): void {
    const sockets = this.bySession.get(sessionId);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.bySession.delete(sessionId);
  }

  /** Sends to every socket of the session here; how many got it. */
  push(sessionId: string, frame: ServerFrame): number {
    let pushed = 0;
    for (const socket of this.bySession.get(sessionId) ?? []) {
      try {
        socket.send(frame);
        pushed++;
      } catch {
        // A socket closing under us: its close handler removes it.
      }
    }
    return pushed;
  }
}
