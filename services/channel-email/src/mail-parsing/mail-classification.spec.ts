import { simpleParser } from 'mailparser';
import { classifyMail } from './mail-classification';

const own = new Set(['bok@firma.pl']);
const mail = (headers: string, body = 'treść') => simpleParser(Buffer.from(`${headers}\r\n\r\n${body}`));
const base = 'From: Jan Kowalski <jan@klient.pl>\r\nTo: bok@firma.pl\r\nMessage-ID: <m1@klient.pl>';

describe('classifyMail', () => {
  it('lets a customer’s mail through, also one saying Auto-Submitted: no', async () => {
    expect(classifyMail(await mail(`${base}\r\nSubject: Reklamacja`), own)).toEqual({ kind: 'customer' });
    expect(classifyMail(await mail(`${base}\r\nSubject: Reklamacja\r\nAuto-Submitted: no`), own)).toEqual({ kind: 'customer' });
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'Subject: Re: Reklamacja'],
    ['X-Autoreply: yes', 'Subject: Re: Reklamacja'],
    ['X-Auto-Response-Suppress: All', 'Subject: Re: Reklamacja'],
    ['Precedence: bulk', 'Subject: Newsletter'],
    ['X-Mailer: Outlook', 'Subject: Odpowiedź automatyczna: Reklamacja'],
    ['X-Mailer: Outlook', 'Subject: Out of Office: Reklamacja'],
  ])('recognises an automatic mail (%s, %s)', async (header, subject) => {
    expect(classifyMail(await mail(`${base}\r\n${header}\r\n${subject}`), own).kind).toBe('automatic');
  });

  it('recognises mail from our own address, whatever its case', async () => {
    const result = classifyMail(await mail('From: BOK <BOK@firma.pl>\r\nTo: bok@firma.pl\r\nSubject: Re: [#7]'), own);
    expect(result.kind).toBe('own');
  });

  it('reads which of our mails a delivery report is about, to whom and why', async () => {
    const report = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.firma.pl>',
      'To: bok@firma.pl',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Nie udało się dostarczyć wiadomości.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.firma.pl',
      '',
      'Final-Recipient: rfc822; nie.ma@klient.pl',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <nie.ma@klient.pl>: Recipient address',
      ' rejected: User unknown',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'From: BOK <bok@firma.pl>',
      'To: nie.ma@klient.pl',
      'Subject: Re: Reklamacja [#7]',
      'Message-ID: <tl.0123456789abcdef0123456789abcdef@firma.pl>',
      '--B--',
      '',
    ].join('\r\n');
    expect(classifyMail(await simpleParser(Buffer.from(report)), own)).toEqual({
      kind: 'bounce',
      originalMessageId: '<tl.0123456789abcdef0123456789abcdef@firma.pl>',
      recipient: 'nie.ma@klient.pl',
      diagnostic: 'smtp; 550 5.1.1 <nie.ma@klient.pl>: Recipient address rejected: User unknown',
    });
  });
});
