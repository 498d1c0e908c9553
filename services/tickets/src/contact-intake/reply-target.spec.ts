import { contactReceivedV1 } from '@threadline/contracts';
import { replyTargetOf } from './contact-entry';

const chat = (providerThreadId: string | null, withEmail: boolean) =>
  contactReceivedV1.parse({
    channel: 'chat',
    providerMessageId: 'cs_1:m1',
    from: [{ kind: 'chat', value: 'v_visitor' }, ...(withEmail ? [{ kind: 'email', value: 'ewa@example.pl' }] : [])],
    recipient: 'acme',
    subject: null,
    text: 'Dzień dobry',
    html: null,
    thread: { providerThreadId },
    receivedAt: '2026-05-01T10:00:00Z',
  });

describe('replyTargetOf for the web chat', () => {
  it('a live chat is answered in its session, even when the visitor gave an e-mail', () => {
    expect(replyTargetOf(chat('cs_1', true))).toMatchObject({
      channel: 'chat',
      identity: { kind: 'chat', value: 'v_visitor' },
      providerThreadId: 'cs_1',
    });
  });

  it('a message left offline (no session) is answered by e-mail', () => {
    expect(replyTargetOf(chat(null, true))).toMatchObject({
      channel: 'email',
      identity: { kind: 'email', value: 'ewa@example.pl' },
      providerThreadId: null,
      messageRef: null,
    });
  });

  it('without an e-mail it stays on the chat', () => {
    expect(replyTargetOf(chat(null, false))).toMatchObject({ channel: 'chat', identity: { kind: 'chat' } });
  });
});
