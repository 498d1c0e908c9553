import { BUILT_IN_DEFAULT, choosePolicy, type SlaPolicy, type TicketFacts } from './policy-match';

const policy = (overrides: Partial<SlaPolicy> & { id: string }): SlaPolicy => ({
  ...BUILT_IN_DEFAULT,
  workspaceId: 'ws-1',
  name: overrides.id,
  position: 100,
  isDefault: false,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
  match: { ...BUILT_IN_DEFAULT.match, ...overrides.match },
});
const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  queue: 'reklamacje',
  priority: 'normal',
  channel: 'email',
  category: null,
  customerTier: null,
  ...overrides,
});

describe('choosePolicy', () => {
  const urgent = policy({ id: 'urgent', position: 10, match: { ...BUILT_IN_DEFAULT.match, priorities: ['urgent'] } });
  const complaints = policy({ id: 'complaints', position: 20, match: { ...BUILT_IN_DEFAULT.match, queues: ['reklamacje'] } });
  const vip = policy({ id: 'vip', position: 5, match: { ...BUILT_IN_DEFAULT.match, customerTiers: ['vip'] } });
  const fallback = policy({ id: 'fallback', position: 0, isDefault: true });

  it('takes the first match by position, every listed field having to fit', () => {
    expect(choosePolicy([complaints, urgent, fallback], facts({ priority: 'urgent' }), 'ws-1').id).toBe('urgent');
    expect(choosePolicy([complaints, urgent, fallback], facts(), 'ws-1').id).toBe('complaints');
  });

  it('falls back to the workspace default, then to the built-in one', () => {
    expect(choosePolicy([complaints, fallback], facts({ queue: 'sprzedaz' }), 'ws-1').id).toBe('fallback');
    const builtIn = choosePolicy([complaints], facts({ queue: null }), 'ws-1');
    expect(builtIn).toMatchObject({ id: 'built-in-default', workspaceId: 'ws-1', time: 'business' });
  });

  it('matches a tier only when the customer’s tier is known', () => {
    expect(choosePolicy([vip, complaints], facts(), 'ws-1').id).toBe('complaints');
    expect(choosePolicy([vip, complaints], facts({ customerTier: 'vip' }), 'ws-1').id).toBe('vip');
  });

  it('breaks a tie of positions by age, older first', () => {
    const older = policy({ id: 'older', createdAt: new Date('2025-01-01T00:00:00Z') });
    const newer = policy({ id: 'newer' });
    expect(choosePolicy([newer, older], facts(), 'ws-1').id).toBe('older');
  });
});
