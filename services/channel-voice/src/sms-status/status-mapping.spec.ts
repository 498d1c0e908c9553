import { mapTwilioStatus } from './status-mapping';

describe('mapTwilioStatus', () => {
  it.each(['accepted', 'queued', 'sending', 'sent'])('%s means Twilio took the message: sent', (status) => {
    expect(mapTwilioStatus(status)).toEqual({ status: 'sent', reason: null });
  });

  it('delivered is delivered', () => {
    expect(mapTwilioStatus('delivered')).toEqual({ status: 'delivered', reason: null });
  });

  it('undelivered and failed are failures with Twilio’s error code in words', () => {
    expect(mapTwilioStatus('undelivered', '30003')).toEqual({
      status: 'failed',
      reason: 'Twilio 30003: undelivered (unreachable destination handset)',
    });
    expect(mapTwilioStatus('failed', '30999')).toEqual({ status: 'failed', reason: 'Twilio 30999: failed' });
    expect(mapTwilioStatus('failed')).toEqual({ status: 'failed', reason: 'Twilio: failed' });
  });

  it('ignores statuses that say nothing about our message’s delivery', () => {
    expect(mapTwilioStatus('receiving')).toBeNull();
    expect(mapTwilioStatus('received')).toBeNull();
    expect(mapTwilioStatus('')).toBeNull();
  });
});
