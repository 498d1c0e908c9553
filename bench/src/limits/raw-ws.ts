import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** The open-files limit a process started here gets (every socket is one file descriptor). */
export function openFilesLimits(): { soft: number; hard: number } {
  const read = (flag: string) => {
    const value = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return value === 'unlimited' ? Infinity : Number(value);
  };
  return { soft: read('-Sn'), hard: read('-Hn') };
}

/**
 * A bare `ws` echo server on loopback, in this process: `sockets` clients
 * connect at once, then each sends `messages` frames one after another;
 * how long connecting took and every frame's round trip. What the machine
 * and the library give before any of our code runs.
 */
export async function rawWsEcho(sockets: number, messages: number) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const roundTrips: number[] = [];
  let failed = 0;
  const started = Date.now();
  const clients = await Promise.all(
    Array.from(
      { length: sockets },
      () =>
        new Promise<WebSocket | null>((resolve) => {
          const ws = new WebSocket(url);
          ws.once('open', () => resolve(ws)).once('error', () => (failed++, resolve(null)));
        }),
    ),
  );
  const connectMs = Date.now() - started;
  const text = JSON.stringify({ type: 'message', id: 'x'.repeat(24), text: 'Zażółć gęślą jaźń, zamówienie PL-100000.' });
  await Promise.all(
    clients.map(async (ws) => {
      if (!ws) return;
      for (let m = 0; m < messages; m++) {
        const sent = Date.now();
        await new Promise((resolve) => (ws.once('message', resolve), ws.send(text)));
        roundTrips.push(Date.now() - sent);
      }
      ws.close();
    }),
  );
  for (const ws of server.clients) ws.terminate();
  await new Promise((resolve) => server.close(resolve));
  return { connectMs, roundTrips, failed };
}
