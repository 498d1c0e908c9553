import iconv from 'iconv-lite';
import { mailToContact, sanitizeMailHtml } from './mail-to-contact';

const stored: { content: Buffer; contentType: string; filename: string | null }[] = [];
const options = {
  recipient: 'bok@firma.example',
  receivedAt: new Date('2026-11-20T09:00:00Z'),
  maxAttachmentBytes: 1024,
  attachments: {
    put: async (content: Buffer, contentType: string, filename: string | null) => {
      stored.push({ content, contentType, filename });
      return `attachment:${stored.length}`;
    },
  },
};

function mail(headers: string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(headers.join('\r\n') + '\r\n\r\n', 'latin1'),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);
}

describe('mailToContact', () => {
  beforeEach(() => (stored.length = 0));

  it("names the mailbox address the customer wrote to as the recipient (answers come from it), else the mailbox's login", async () => {
    const raw = (to: string) => mail([`From: jan@klient.pl`, `To: ${to}`, 'Subject: x', 'Message-ID: <r@klient.pl>'], 'Treść');
    const withAliases = { ...options, mailboxAddresses: ['reklamacje@firma.example', 'faktury@firma.example'] };
    const toAlias = await mailToContact(raw('Reklamacje <Reklamacje@Firma.example>'), withAliases);
    expect(toAlias.ok && toAlias.contact.recipient).toBe('reklamacje@firma.example');
    const toLogin = await mailToContact(raw('bok@firma.example'), withAliases);
    expect(toLogin.ok && toLogin.contact.recipient).toBe('bok@firma.example');
  });

  it.each(['ISO-8859-2', 'Windows-1250'])('decodes a %s body and an encoded-word subject', async (charset) => {
    const subjectWord = `=?${charset}?B?${iconv.encode('Reklamacja: zażółć gęślą jaźń', charset).toString('base64')}?=`;
    const raw = mail(
      [
        'From: =?UTF-8?Q?=C5=81ucja_=C5=BBak?= <Lucja.Zak@Example.PL>',
        'To: bok@firma.example',
        `Subject: ${subjectWord}`,
        'Message-ID: <abc@example.pl>',
        'Date: Thu, 19 Nov 2026 10:00:00 +0100',
        'MIME-Version: 1.0',
        `Content-Type: text/plain; charset=${charset}`,
        'Content-Transfer-Encoding: 8bit',
      ],
      iconv.encode('Proszę o zwrot pieniędzy. Łódź, ŚWIĘTOKRZYSKA.', charset),
    );
    const result = await mailToContact(raw, options);
    if (!result.ok) throw new Error(result.reason);
    expect(result.contact.subject).toBe('Reklamacja: zażółć gęślą jaźń');
    expect(result.contact.text.trim()).toBe('Proszę o zwrot pieniędzy. Łódź, ŚWIĘTOKRZYSKA.');
    expect(result.contact.from).toEqual([{ kind: 'email', value: 'lucja.zak@example.pl', displayName: 'Łucja Żak' }]);
    expect(result.contact.providerMessageId).toBe('<abc@example.pl>');
    expect(result.contact.receivedAt).toBe('2026-11-19T09:00:00.000Z');
  });

  it('decodes quoted-printable UTF-8 and keeps thread hints', async () => {
    const raw = mail(
      [
        'From: jan@example.pl',
        'Subject: Re: [#7] Faktura',
        'In-Reply-To: <reply-1@threadline>',
        'References: <root@threadline> <reply-1@threadline>',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
      ],
      'Dzi=C4=99kuj=C4=99',
    );
    const result = await mailToContact(raw, options);
    if (!result.ok) throw new Error(result.reason);
    expect(result.contact.text.trim()).toBe('Dziękuję');
    expect(result.contact.thread).toEqual({
      inReplyTo: '<reply-1@threadline>',
      references: ['<root@threadline>', '<reply-1@threadline>'],
      providerThreadId: null,
    });
    // No Message-ID: a content hash keeps redeliveries of the same bytes idempotent.
    expect(result.contact.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sanitises HTML: no scripts, handlers, remote images or styles', async () => {
    const raw = mail(
      ['From: a@example.pl', 'Subject: x', 'Content-Type: text/html; charset=utf-8'],
      '<p onclick="steal()">Cześć<script>alert(1)</script><img src="https://tracker.example/p.gif"><style>p{}</style>' +
        '<a href="javascript:alert(1)">x</a><a href="https://firma.pl">ok</a></p>',
    );
    const result = await mailToContact(raw, options);
    if (!result.ok) throw new Error(result.reason);
    expect(result.contact.html).toBe(
      '<p>Cześć<a rel="noopener noreferrer nofollow" target="_blank">x</a><a href="https://firma.pl" rel="noopener noreferrer nofollow" target="_blank">ok</a></p>',
    );
  });

  it('stores attachments by reference and records oversized ones without their bytes', async () => {
    const boundary = 'b1';
    const raw = mail(
      ['From: a@example.pl', 'Subject: pliki', `Content-Type: multipart/mixed; boundary=${boundary}`],
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'w załączniku',
        `--${boundary}`,
        'Content-Type: application/pdf; name="faktura.pdf"',
        'Content-Disposition: attachment; filename="faktura.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 small').toString('base64'),
        `--${boundary}`,
        'Content-Type: image/png; name="duzy.png"',
        'Content-Disposition: attachment; filename="duzy.png"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.alloc(4096, 1).toString('base64'),
        `--${boundary}--`,
      ].join('\r\n'),
    );
    const result = await mailToContact(raw, options);
    if (!result.ok) throw new Error(result.reason);
    expect(result.contact.attachments).toEqual([
      { ref: 'attachment:1', filename: 'faktura.pdf', contentType: 'application/pdf', size: 14, inline: false },
      { ref: 'omitted:too-large', filename: 'duzy.png', contentType: 'image/png', size: 4096, inline: false },
    ]);
    expect(stored[0].content.toString()).toBe('%PDF-1.4 small');
  });

  it('rejects a mail with no usable sender, with the reason', async () => {
    const result = await mailToContact(mail(['Subject: anonim'], 'treść'), options);
    expect(result).toEqual({ ok: false, kind: 'rejected', reason: 'no usable From address' });
  });
});

describe('sanitizeMailHtml', () => {
  it('drops event handlers from allowed tags', () => {
    expect(sanitizeMailHtml('<b onmouseover="x()">żółw</b>')).toBe('<b>żółw</b>');
  });
});

describe('mailToContact with hostile headers', () => {
  it('cuts an oversized subject with a marker and drops header values no mailer writes, so the mail still becomes a contact', async () => {
    const subject = `Reklamacja ${'z'.repeat(5000)}`;
    const hugeId = `<${'x'.repeat(2000)}@klient.pl>`;
    const references = Array.from({ length: 300 }, (_, i) => `<r${i}@klient.pl>`).join(' ');
    const raw = mail(
      [
        'From: jan@klient.pl',
        'To: bok@firma.example',
        `Subject: ${subject}`,
        `Message-ID: ${hugeId}`,
        `In-Reply-To: ${hugeId}`,
        `References: ${references} ${hugeId}`,
      ],
      'Treść',
    );
    const parsed = await mailToContact(raw, options);
    if (!parsed.ok) throw new Error(parsed.reason);
    const { contact } = parsed;
    expect([...(contact.subject ?? '')]).toHaveLength(2000);
    expect(contact.subject).toMatch(/^Reklamacja zzz.*… \[skrócono, całość: 5011 znaków\]$/);
    // Stable across re-reads: the raw mail's hash stands in for a Message-ID too long to be one.
    expect(contact.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contact.thread.inReplyTo).toBeNull();
    expect(contact.thread.references).toHaveLength(50);
    expect(contact.thread.references?.at(-1)).toBe('<r299@klient.pl>');
  });
});
