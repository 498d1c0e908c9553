import { messagingWindow } from './messaging-window';

const now = new Date('2026-12-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('messagingWindow', () => {
  it('within 24 hours of the customer’s last message: a plain RESPONSE', () => {
    expect(messagingWindow(hoursAgo(1), now)).toEqual({ ok: true, messagingType: 'RESPONSE' });
    expect(messagingWindow(hoursAgo(24), now)).toEqual({ ok: true, messagingType: 'RESPONSE' });
  });

  it('after 24 hours and within 7 days: tagged HUMAN_AGENT', () => {
    expect(messagingWindow(hoursAgo(25), now)).toEqual({ ok: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(messagingWindow(hoursAgo(7 * 24), now)).toEqual({ ok: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('later, or when the customer never wrote: refused with the reason', () => {
    expect(messagingWindow(hoursAgo(8 * 24), now)).toEqual({
      ok: false,
      reason: "outside Messenger's messaging window: the customer last wrote 8 days ago (more than 7)",
    });
    expect(messagingWindow(null, now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^outside Messenger's messaging window/),
    });
  });
});
