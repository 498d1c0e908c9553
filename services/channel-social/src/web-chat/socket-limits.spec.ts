import { AddressConnections, ClientAddresses, FrameRate } from './socket-limits';

describe('AddressConnections', () => {
  it('refuses an address its next socket once it holds the maximum, and takes it again after one closes', () => {
    const connections = new AddressConnections(2);
    expect(connections.tryOpen('203.0.113.7')).toBe(true);
    expect(connections.tryOpen('203.0.113.7')).toBe(true);
    expect(connections.tryOpen('203.0.113.7')).toBe(false);
    // Another visitor is not affected.
    expect(connections.tryOpen('198.51.100.1')).toBe(true);
    connections.closed('203.0.113.7');
    expect(connections.tryOpen('203.0.113.7')).toBe(true);
  });
});

describe('FrameRate', () => {
  it('lets a burst through, refuses the frames after it, and refills over time', () => {
    const rate = new FrameRate(2, 3, 0);
    expect([rate.take(0), rate.take(0), rate.take(0), rate.take(0)]).toEqual([true, true, true, false]);
    // Half a second at 2 per second: one more frame.
    expect([rate.take(500), rate.take(500)]).toEqual([true, false]);
    // A long pause refills no more than the burst.
    expect([rate.take(60_000), rate.take(60_000), rate.take(60_000), rate.take(60_000)]).toEqual([true, true, true, false]);
  });
});

describe('ClientAddresses', () => {
  it('takes the visitor’s address from X-Forwarded-For only through a trusted proxy, and never a visitor’s own claim', () => {
    const behindProxy = new ClientAddresses(['10.0.0.0/8']);
    expect(behindProxy.of('10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    // The visitor wrote "1.1.1.1" themselves; the proxy appended the real address.
    expect(behindProxy.of('::ffff:10.1.2.3', '1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    // Not through the proxy: the header is ignored.
    expect(behindProxy.of('198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
    expect(new ClientAddresses([]).of('10.1.2.3', '203.0.113.7')).toBe('10.1.2.3');
  });
});
