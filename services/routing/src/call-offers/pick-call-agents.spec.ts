import { pickCallAgents, type PhoneAgentNow } from './pick-call-agents';

const free = (agentId: string, freeSince: string, more: Partial<PhoneAgentNow> = {}): PhoneAgentNow => ({
  agentId,
  phone: { status: 'available', onCall: false, freeSince: new Date(freeSince) },
  switchedAway: false,
  profile: null,
  ...more,
});
const call = (tried: string[] = [], language = 'pl') => ({ language, tried: new Set(tried) });

describe('pickCallAgents', () => {
  it('offers the longest idle free member first, ties in the queue order', () => {
    const members = [
      free('ola', '2026-12-01T10:05:00Z'),
      free('piotr', '2026-12-01T10:01:00Z'),
      free('ewa', '2026-12-01T10:05:00Z'),
    ];
    expect(pickCallAgents(members, call())).toEqual(['piotr', 'ola', 'ewa']);
  });

  it('leaves out members on a call, away for calls, switched away, never present for calls, or already offered this caller', () => {
    const members = [
      free('on-call', '2026-12-01T10:00:00Z', { phone: { status: 'available', onCall: true, freeSince: null } }),
      free('phone-away', '2026-12-01T10:00:00Z', { phone: { status: 'away', onCall: false, freeSince: null } }),
      free('switched', '2026-12-01T10:00:00Z', { switchedAway: true }),
      free('no-phone', '2026-12-01T10:00:00Z', { phone: null }),
      free('declined', '2026-12-01T10:00:00Z'),
      free('ola', '2026-12-01T10:09:00Z'),
    ];
    expect(pickCallAgents(members, call(['declined']))).toEqual(['ola']);
  });

  it("respects what an agent takes: the line's language and a voice capacity of 0 (no calls)", () => {
    const profile = (languages: ('pl' | 'en')[], capacity = {}) => ({ agentId: 'x', languages, categories: [], capacity });
    const members = [
      free('english-only', '2026-12-01T10:00:00Z', { profile: profile(['en']) }),
      free('no-calls', '2026-12-01T10:00:00Z', { profile: profile(['pl'], { voice: 0 }) }),
      free('one-call', '2026-12-01T10:02:00Z', { profile: profile(['pl', 'en'], { voice: 1 }) }),
    ];
    expect(pickCallAgents(members, call())).toEqual(['one-call']);
    expect(pickCallAgents(members, call([], 'en'))).toEqual(['english-only', 'one-call']);
  });

  it('answers nobody when nobody fits', () => {
    expect(pickCallAgents([], call())).toEqual([]);
  });
});
