import { SmtpTransports } from './smtp-transports';

const smtp = { host: 'smtp.office365.com', port: 587, secure: false, user: 'biuro@firma.pl', password: 'tajne' };

describe('SmtpTransports', () => {
  const transports = new SmtpTransports(3000, 4);
  afterAll(() => transports.close());

  it('keeps a mailbox pool while the server name still resolves to its address (DNS answering in turn)', () => {
    const first = transports.transportFor('mb-1', smtp, { address: '52.97.1.1', addresses: ['52.97.1.1', '52.97.2.2'] });
    // The next lookup answers the other address first: the pool's address is still among them.
    const next = transports.transportFor('mb-1', smtp, { address: '52.97.2.2', addresses: ['52.97.2.2', '52.97.1.1'] });
    expect(next).toBe(first);
  });

  it('opens a new pool when the name no longer leads to its address, or the settings change', () => {
    const first = transports.transportFor('mb-2', smtp, { address: '52.97.1.1', addresses: ['52.97.1.1'] });
    const moved = transports.transportFor('mb-2', smtp, { address: '52.97.3.3', addresses: ['52.97.3.3'] });
    expect(moved).not.toBe(first);
    const newPassword = transports.transportFor(
      'mb-2',
      { ...smtp, password: 'nowe' },
      { address: '52.97.3.3', addresses: ['52.97.3.3'] },
    );
    expect(newPassword).not.toBe(moved);
  });
});
