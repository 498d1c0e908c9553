import { BlockList, isIP } from 'node:net';

/** How much one visitor's address and one socket may ask of the chat server. */
export interface SocketLimits {
  /** The largest frame read; a larger one closes the socket with 1009 (message too big). */
  maxFrameBytes: number;
  /** Open sockets one address may hold (a visitor's tabs; an office behind one NAT). */
  maxConnectionsPerAddress: number;
  /** Frames a socket may send per second on average… */
  framesPerSecond: number;
  /** …and at once (a burst of typing and a message). */
  frameBurst: number;
  /** Proxies in front of the service (addresses or CIDR): their X-Forwarded-For names the visitor's address. */
  trustedProxies: readonly string[];
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) as the IPv4 address it is. */
const plain = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

/**
 * The visitor's address: the connection's own, or — when that is a trusted
 * proxy — the nearest address in X-Forwarded-For that is not one (what a
 * visitor writes there themselves is never trusted: only proxies append).
 * Without it, every visitor behind a proxy would share the proxy's limit.
 */
export class ClientAddresses {
  private readonly proxies = new BlockList();
  private readonly any: boolean;

  constructor(trustedProxies: readonly string[]) {
    for (const entry of trustedProxies) {
      const [network, prefix] = entry.trim().split('/');
      const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
      if (!isIP(network)) continue;
      if (prefix === undefined) this.proxies.addAddress(network, family);
      else this.proxies.addSubnet(network, Number(prefix), family);
    }
    this.any = trustedProxies.length > 0;
  }

  of(socketAddress: string, forwardedFor: string | string[] | undefined): string {
    const chain = [
      ...(this.any && forwardedFor ? [forwardedFor].flat().join(',').split(',') : []).map((a) => a.trim()).filter(Boolean),
      socketAddress,
    ].map(plain);
    let i = chain.length - 1;
    while (i > 0 && this.trusted(chain[i])) i--;
    return chain[i];
  }

  private trusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** Open sockets per remote address: a flood of connections from one place is refused before the upgrade. */
export class AddressConnections {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts the connection in; false (nothing counted) when the address holds the maximum already. */
  tryOpen(address: string): boolean {
    const current = this.open.get(address) ?? 0;
    if (current >= this.max) return false;
    this.open.set(address, current + 1);
    return true;
  }

  closed(address: string): void {
    const left = (this.open.get(address) ?? 1) - 1;
    if (left <= 0) this.open.delete(address);
    else this.open.set(address, left);
  }
}

/**
 * A token bucket per socket: `burst` frames at once, refilled at `perSecond`.
 * A widget typing and writing stays far below it; a script flooding the
 * socket is refused frame by frame without a store or Kafka call.
 */
export class FrameRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
