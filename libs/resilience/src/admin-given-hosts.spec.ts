import { AdminGivenHosts, isInternalAddress, type Lookup } from './admin-given-hosts';

const dns: Record<string, string[]> = {
  'imap.gmail.com': ['142.250.102.108'],
  'metadata.google.internal': ['169.254.169.254'],
  'rebind.attacker.example': ['93.184.216.34', '127.0.0.1'],
  'mail.firma.local': ['10.20.1.5'],
  'v6.attacker.example': ['::ffff:127.0.0.1'],
};
const lookup: Lookup = async (host) => {
  const addresses = dns[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

it('knows loopback, private, link-local, carrier and unique-local addresses for internal, and public ones for not', () => {
  for (const address of [
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    '0.0.0.0',
    '::1',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])
    expect([address, isInternalAddress(address)]).toEqual([address, true]);
  for (const address of ['142.250.102.108', '93.184.216.34', '2a00:1450:400a:804::200e'])
    expect([address, isInternalAddress(address)]).toEqual([address, false]);
});

it('refuses hosts that lead inside, by address or by name, with one reason that names no address', async () => {
  const hosts = new AdminGivenHosts([], lookup);
  const tried = [
    '169.254.169.254',
    '127.0.0.1',
    'metadata.google.internal',
    'rebind.attacker.example',
    'v6.attacker.example',
    '[::1]',
    'mail.firma.local',
  ];
  const answers = await Promise.all(tried.map((host) => hosts.check(host)));
  expect(answers.every((a) => !a.ok)).toBe(true);
  expect(new Set(answers.map((a) => (a.ok ? '' : a.reason))).size).toBe(1);
  expect(await hosts.check('imap.gmail.com')).toEqual({ ok: true, address: '142.250.102.108', addresses: ['142.250.102.108'] });
  expect(await hosts.check('nowhere.example')).toEqual({
    ok: false,
    why: 'unresolved',
    reason: 'the host name does not resolve',
  });
});

it('lets through the internal hosts the allow-list names: a name, an address, a network', async () => {
  const hosts = new AdminGivenHosts(['127.0.0.1', 'mail.firma.local', '192.168.10.0/24'], lookup);
  expect(await hosts.check('127.0.0.1')).toEqual({ ok: true, address: '127.0.0.1', addresses: ['127.0.0.1'] });
  expect(await hosts.check('mail.firma.local')).toEqual({ ok: true, address: '10.20.1.5', addresses: ['10.20.1.5'] });
  expect(await hosts.check('192.168.10.7')).toEqual({ ok: true, address: '192.168.10.7', addresses: ['192.168.10.7'] });
  expect((await hosts.check('192.168.11.7')).ok).toBe(false);
  expect((await hosts.check('169.254.169.254')).ok).toBe(false);
});

it('tells from the written host alone whether config names an internal server that is not allowed', () => {
  const hosts = new AdminGivenHosts(['127.0.0.1']);
  expect(hosts.refusesAddress('127.0.0.1')).toBe(false);
  expect(hosts.refusesAddress('169.254.169.254')).toBe(true);
  expect(hosts.refusesAddress('localhost')).toBe(true);
  // A name is resolved and checked when the service connects.
  expect(hosts.refusesAddress('imap.gmail.com')).toBe(false);
});
