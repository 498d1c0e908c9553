import type { Response } from 'express';
import type { OpenStreams } from './live-updates.controller';
import { SSE_HEARTBEAT, sseFrame } from './sse-frames';

export interface PolledStreamOptions {
  /** The state now, or undefined when it could not be read this time (the screen keeps the last one). */
  read: () => Promise<unknown>;
  /** The frame's event name; `first`: the stream's first state (a snapshot). */
  eventName: (first: boolean) => string;
  /** What must differ for a new frame (e.g. the state without its `at`): unchanged states send nothing. */
  changeKey: (state: unknown) => string;
  pollMs: number;
  heartbeatMs: number;
  /** Asked before every poll: why the viewer may no longer watch (sent as a `closed` frame, then the stream ends), or null. */
  accessLost?: () => Promise<string | null>;
}

/**
 * A Server-Sent Events stream of a state read every `pollMs`: a frame when
 * it changes, a heartbeat comment every `heartbeatMs`, ended at shutdown
 * (OpenStreams) or when the viewer's access is lost. Reading the owner's
 * store on a timer keeps every gateway instance's streams alike with nothing
 * to keep in step.
 */
export async function servePolledStream(response: Response, open: OpenStreams, options: PolledStreamOptions): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx buffer responses unless told otherwise.
    'x-accel-buffering': 'no',
  });
  let last: string | null = null;
  let sequence = 0;
  let closed = false;
  const send = (frame: string) => {
    if (!response.destroyed && !response.writableEnded) response.write(frame);
  };
  const poll = async () => {
    if (closed) return;
    const lost = options.accessLost ? await options.accessLost().catch(() => null) : null;
    if (lost) {
      send(sseFrame('closed', String(++sequence), { reason: lost }));
      response.end();
      return;
    }
    const state = await options.read();
    if (state === undefined || closed) return;
    const key = options.changeKey(state);
    if (key === last) return;
    const first = last === null;
    last = key;
    send(sseFrame(options.eventName(first), String(++sequence), state));
  };
  await poll();
  if (response.writableEnded || response.destroyed) return;
  const poller = setInterval(() => void poll(), options.pollMs);
  const heartbeat = setInterval(() => send(SSE_HEARTBEAT), options.heartbeatMs);
  const forget = open.add(response);
  response.on('close', () => {
    closed = true;
    clearInterval(poller);
    clearInterval(heartbeat);
    forget();
  });
  // A connection reset under a write: the stream ends (its 'close' follows), the process does not.
  response.on('error', () => response.destroy());
}
