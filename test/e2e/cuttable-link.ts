// A TCP link between the browser and a server that the test can cut and restore:
// cut, every open connection through it is dropped and new ones are refused at once,
// as when the office's network goes away; restored, connections go through again.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class CuttableLink {
  private server: Server | null = null;
  private readonly open = new Set<Socket>();
  private cut = false;

  /** The link's own address, e.g. http://127.0.0.1:40123, in front of `target` (http://host:port). */
  async start(target: string): Promise<string> {
    const { hostname, port } = new URL(target);
    this.server = createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = connect(Number(port), hostname);
      for (const [socket, other] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.open.add(socket);
        socket.on('error', () => other.destroy());
        socket.on('close', () => {
          this.open.delete(socket);
          other.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  cutOff(): void {
    this.cut = true;
    for (const socket of this.open) socket.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutOff();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
