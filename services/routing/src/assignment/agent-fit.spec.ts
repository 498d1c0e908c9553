import type { Channel } from '@threadline/contracts';
import { fits, isSpecialist, totalLoad, type MemberNow, type TicketNeeds } from './agent-fit';
import type { AgentProfile } from './agent-profile.repository';

const needs = (overrides: Partial<TicketNeeds> = {}): TicketNeeds => ({
  channel: 'chat',
  language: 'pl',
  category: null,
  ...overrides,
});
const profile = (overrides: Partial<AgentProfile> = {}): AgentProfile => ({
  agentId: 'ola',
  languages: ['pl'],
  categories: [],
  capacity: {},
  ...overrides,
});
const member = (overrides: Partial<MemberNow> = {}): MemberNow => ({
  present: true,
  profile: profile(),
  load: new Map<Channel, number>(),
  ...overrides,
});

describe('fits', () => {
  it('never gives a ticket to an agent who is away', () => {
    expect(fits(needs(), member({ present: false }))).toBe(false);
    expect(fits(needs(), member({ present: false, profile: null }))).toBe(false);
  });

  it('an agent with nothing set takes any ticket', () => {
    expect(fits(needs({ language: 'en', category: 'reklamacja' }), member({ profile: null }))).toBe(true);
  });

  it('needs the customer’s language', () => {
    expect(fits(needs({ language: 'en' }), member())).toBe(false);
    expect(fits(needs({ language: 'en' }), member({ profile: profile({ languages: ['pl', 'en'] }) }))).toBe(true);
  });

  it('needs the ticket’s category when the agent names categories; a ticket without one goes to anyone', () => {
    const billing = member({ profile: profile({ categories: ['faktury'] }) });
    expect(fits(needs({ category: 'reklamacja' }), billing)).toBe(false);
    expect(fits(needs({ category: 'faktury' }), billing)).toBe(true);
    expect(fits(needs({ category: null }), billing)).toBe(true);
    expect(fits(needs({ category: 'reklamacja' }), member())).toBe(true);
  });

  it('stops at the capacity of the ticket’s channel, other channels not counting', () => {
    const capped = (load: [Channel, number][]) =>
      member({ profile: profile({ capacity: { chat: 3, email: 10 } }), load: new Map(load) });
    expect(fits(needs({ channel: 'chat' }), capped([['chat', 2]]))).toBe(true);
    expect(fits(needs({ channel: 'chat' }), capped([['chat', 3]]))).toBe(false);
    expect(
      fits(
        needs({ channel: 'email' }),
        capped([
          ['chat', 3],
          ['email', 9],
        ]),
      ),
    ).toBe(true);
    // No capacity on SMS: no limit there.
    expect(fits(needs({ channel: 'sms' }), capped([['sms', 40]]))).toBe(true);
    // Capacity 0: that channel is not theirs.
    expect(fits(needs({ channel: 'voice' }), member({ profile: profile({ capacity: { voice: 0 } }) }))).toBe(false);
  });
});

describe('isSpecialist and totalLoad', () => {
  it('a specialist names the ticket’s category; load counts every channel', () => {
    const billing = member({
      profile: profile({ categories: ['faktury'] }),
      load: new Map([
        ['chat', 2],
        ['email', 5],
      ]),
    });
    expect(isSpecialist(needs({ category: 'faktury' }), billing)).toBe(true);
    expect(isSpecialist(needs({ category: null }), billing)).toBe(false);
    expect(isSpecialist(needs({ category: 'faktury' }), member())).toBe(false);
    expect(totalLoad(billing)).toBe(7);
  });
});
