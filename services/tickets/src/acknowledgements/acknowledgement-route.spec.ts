import type { ContactReceivedV1 } from '@threadline/contracts';
import { buildContact, buildEmailContact } from '@threadline/testing';
import { acknowledgementRoute } from './acknowledge-new-ticket.usecase';

const contact = (c: ReturnType<typeof buildContact>) => c as ContactReceivedV1;

describe('acknowledgementRoute', () => {
  it('answers an e-mail in its thread, from the address the customer wrote to', () => {
    const mail = contact(buildEmailContact({ providerMessageId: '<abc@example.pl>', recipient: 'bok@firma.pl' }));
    expect(acknowledgementRoute(mail)).toEqual({
      channel: 'email',
      to: mail.from[0],
      threading: {
        inReplyTo: '<abc@example.pl>',
        references: ['<abc@example.pl>'],
        providerThreadId: null,
        from: 'bok@firma.pl',
      },
    });
  });

  it('answers an SMS by SMS from the number texted, and a call by SMS to the caller', () => {
    const phone = { kind: 'phone' as const, value: '+48600100200' };
    const sms = contact(buildContact('sms', [phone], { recipient: '+48221234500' }));
    expect(acknowledgementRoute(sms)).toMatchObject({ channel: 'sms', to: phone, threading: { from: '+48221234500' } });
    const call = contact(buildContact('voice', [phone]));
    expect(acknowledgementRoute(call)).toMatchObject({ channel: 'sms', to: phone });
  });

  it('answers Slack, Messenger and a live chat in the conversation the customer wrote in', () => {
    const slackUser = { kind: 'slack' as const, value: 'U0KLIENT', teamId: 'T0FIRMA' };
    const slack = contact(
      buildContact('slack', [slackUser], {
        recipient: 'C0HELP',
        thread: { inReplyTo: null, references: [], providerThreadId: 'C0HELP:1780000000.000100' },
      }),
    );
    expect(acknowledgementRoute(slack)).toMatchObject({
      channel: 'slack',
      to: slackUser,
      threading: { providerThreadId: 'C0HELP:1780000000.000100', from: 'C0HELP' },
    });
    const chat = contact(
      buildContact('chat', [{ kind: 'chat', value: 'visitor-1' }], {
        thread: { inReplyTo: null, references: [], providerThreadId: 'session-1' },
      }),
    );
    expect(acknowledgementRoute(chat)).toMatchObject({ channel: 'chat', threading: { providerThreadId: 'session-1' } });
  });

  it('answers a chat left while nobody was online by e-mail, and one without an address not at all', () => {
    const email = { kind: 'email' as const, value: 'anna@example.pl' };
    const offline = contact(buildContact('chat', [{ kind: 'chat', value: 'visitor-2' }, email]));
    expect(acknowledgementRoute(offline)).toMatchObject({ channel: 'email', to: email, threading: { from: null } });
    expect(acknowledgementRoute(contact(buildContact('chat', [{ kind: 'chat', value: 'visitor-3' }])))).toBeNull();
  });

  it.each(['MAILER-DAEMON@mx.example.pl', 'postmaster@example.pl', 'no-reply@sklep.pl', 'noreply+abc@sklep.pl'])(
    'never answers the mail robot %s',
    (value) => {
      expect(acknowledgementRoute(contact(buildEmailContact({ from: [{ kind: 'email', value }] })))).toBeNull();
    },
  );
});
