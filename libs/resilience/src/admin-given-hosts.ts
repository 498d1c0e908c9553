import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where an admin-given host (a mailbox's IMAP or SMTP server, anything later)
 * must not lead: this machine, private and carrier networks, link-local
 * (cloud metadata at 169.254.169.254) and other reserved ranges. Otherwise an
 * admin of one workspace could make the service talk to the store, the bus or
 * the metadata endpoint on their behalf.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6');

export type HostCheck =
  | {
      ok: true;
      /** The address to connect to (resolved once, so a second lookup cannot lead elsewhere). */
      address: string;
      /** Every address the name resolved to, all checked (a pool may stay on any of them). */
      addresses: string[];
    }
  /** `unresolved`: the name has no address (yet); `internal`: it leads inside. */
  | { ok: false; why: 'unresolved' | 'internal'; reason: string };

const UNRESOLVED: HostCheck = { ok: false, why: 'unresolved', reason: 'the host name does not resolve' };
const INTERNAL_HOST: HostCheck = {
  ok: false,
  why: 'internal',
  reason: 'the host is on an internal network; only hosts on the allow-list may be',
};

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (host) => lookup(host, { all: true, verbatim: true });

/** An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isInternalAddress(address: string): boolean {
  const { address: plain, type } = unmapped(address);
  return INTERNAL.check(plain, type);
}

/**
 * Resolves an admin-given host and refuses it when any of its addresses is
 * internal, unless the allow-list names the host or the address (the
 * platform's own Dovecot and Postfix on 127.0.0.1, a company's mail server on
 * its private network). One reason for every refusal, naming no address.
 */
export class AdminGivenHosts {
  /** Host names and addresses allowed as written. */
  private readonly allowed = new Set<string>();
  /** Networks allowed (entries like 10.20.0.0/16). */
  private readonly allowedNetworks = new BlockList();

  /** `allowList`: host names, addresses and networks (CIDR) that may be internal. */
  constructor(
    allowList: readonly string[],
    private readonly resolve: Lookup = systemLookup,
  ) {
    for (const entry of allowList.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const [network, prefix] = entry.split('/');
      if (prefix !== undefined && isIP(network)) {
        this.allowedNetworks.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
      } else this.allowed.add(entry);
    }
  }

  private allowedAddress(address: string): boolean {
    const { address: plain, type } = unmapped(address);
    return this.allowed.has(plain.toLowerCase()) || this.allowedNetworks.check(plain, type);
  }

  /** Without a lookup (config validation): true when the host is written as an internal address, or is localhost, and not allowed. */
  refusesAddress(host: string): boolean {
    const name = host
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (this.allowed.has(name)) return false;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    return isIP(name) !== 0 && isInternalAddress(name) && !this.allowedAddress(name);
  }

  async check(host: string): Promise<HostCheck> {
    const name = host
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    let addresses: { address: string }[];
    try {
      addresses = isIP(name) ? [{ address: name }] : await this.resolve(name);
    } catch {
      return UNRESOLVED;
    }
    if (addresses.length === 0) return UNRESOLVED;
    const checked = { ok: true as const, address: addresses[0].address, addresses: addresses.map((a) => a.address) };
    if (this.allowed.has(name)) return checked;
    const refused = addresses.some((a) => isInternalAddress(a.address) && !this.allowedAddress(a.address));
    return refused ? INTERNAL_HOST : checked;
  }
}
