import type { OutboundRequestedV1 } from '@threadline/contracts';
import { chooseMailbox, composeMail, type SendingMailbox } from './outbound-mail';
import { classifySendError } from './send-errors';

const smtp = { host: 'smtp.firma.pl', port: 587, secure: false, user: 'bok@firma.pl', password: 'x' };
const bok: SendingMailbox = {
  id: 'bok',
  workspaceId: 'ws',
  name: 'Biuro Obsługi Klienta',
  user: 'bok@firma.pl',
  addresses: ['reklamacje@firma.pl'],
  smtp,
};
const receiveOnly: SendingMailbox = { id: 'faktury', workspaceId: 'ws', user: 'faktury@firma.pl', addresses: [], smtp: null };

function request(overrides: Partial<OutboundRequestedV1> = {}): OutboundRequestedV1 {
  return {
    ticketId: 't1',
    number: 1042,
    messageId: '0123456789abcdef0123456789abcdef',
    channel: 'email',
    to: { kind: 'email', value: 'zofia@klient.pl' },
    subject: 'Re: Reklamacja [#1042]',
    text: 'Dzień dobry, przyjęliśmy reklamację.',
    inReplyTo: '<m2@klient.pl>',
    references: ['<m1@klient.pl>', '<m2@klient.pl>'],
    providerThreadId: null,
    from: 'Reklamacje@firma.pl',
    kind: 'reply',
    customerWroteAt: null,
    authorId: 'agent-1',
    requestedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('chooseMailbox', () => {
  it('answers from the address the customer wrote to', () => {
    const choice = chooseMailbox(request(), [receiveOnly, bok]);
    expect(choice).toMatchObject({ ok: true, fromAddress: 'reklamacje@firma.pl', mailbox: { id: 'bok' } });
  });

  it("falls back to the workspace's first mailbox that can send", () => {
    expect(chooseMailbox(request({ from: null }), [receiveOnly, bok])).toMatchObject({ ok: true, fromAddress: 'bok@firma.pl' });
    expect(chooseMailbox(request({ from: 'faktury@firma.pl' }), [receiveOnly, bok])).toMatchObject({
      ok: true,
      fromAddress: 'bok@firma.pl',
    });
  });

  it('says why it cannot send when no mailbox has SMTP settings', () => {
    expect(chooseMailbox(request({ from: 'faktury@firma.pl' }), [receiveOnly])).toEqual({
      ok: false,
      reason: 'mailbox faktury (faktury@firma.pl) has no SMTP settings to send with',
    });
    expect(chooseMailbox(request({ from: null }), [])).toMatchObject({ ok: false });
  });
});

describe('composeMail', () => {
  const choice = chooseMailbox(request(), [bok]);
  if (!choice.ok) throw new Error('expected a mailbox');

  it('threads the answer: our Message-ID names the timeline entry, In-Reply-To and References continue the customer thread', () => {
    const mail = composeMail(request(), choice, new Date('2026-12-01T10:00:00Z'));
    expect(mail).toMatchObject({
      from: { name: 'Biuro Obsługi Klienta', address: 'reklamacje@firma.pl' },
      to: 'zofia@klient.pl',
      subject: 'Re: Reklamacja [#1042]',
      messageId: '<tl.0123456789abcdef0123456789abcdef@firma.pl>',
      inReplyTo: '<m2@klient.pl>',
      references: ['<m1@klient.pl>', '<m2@klient.pl>'],
    });
    expect(mail.headers).toEqual({});
  });

  it('marks acknowledgements as automatic so auto-responders stay quiet', () => {
    const mail = composeMail(request({ kind: 'acknowledgement' }), choice, new Date());
    expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' });
  });
});

describe('classifySendError', () => {
  it('fails at once on a 5xx rejection of the recipient or the message', () => {
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@y.pl>: user unknown' })).toEqual({
      permanent: true,
      reason: 'rejected by the mail server: 550 5.1.1 <x@y.pl>: user unknown',
    });
  });

  it('retries connection trouble, "try later" answers and refused logins', () => {
    expect(classifySendError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:1' }).permanent).toBe(false);
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 try again' }).permanent).toBe(false);
    expect(classifySendError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 bad credentials' })).toEqual({
      permanent: false,
      reason: 'the mail server refused the login: 535 5.7.8 bad credentials',
    });
  });
});
