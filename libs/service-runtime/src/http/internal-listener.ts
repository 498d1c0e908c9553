import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Requests that arrived on an internal listener (the same objects Express and Nest see). */
const internalRequests = new WeakSet<IncomingMessage>();

export const cameThroughInternalListener = (request: IncomingMessage): boolean => internalRequests.has(request);

/**
 * The service's second HTTP server, on its own port and address: the same
 * Nest routes, but the listener guard serves only internal routes on it (and
 * only internal routes there), so the public port never reaches them.
 */
@Injectable()
export class InternalListener implements BeforeApplicationShutdown {
  private server: Server | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const routes = this.adapterHost.httpAdapter.getInstance<RequestListener>();
    const server = createServer((request, response) => {
      internalRequests.add(request);
      routes(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return server.address() as AddressInfo;
  }

  /** Stops taking calls and lets those in flight finish, before the store and Kafka close. */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
