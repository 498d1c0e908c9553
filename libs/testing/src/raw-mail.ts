import iconv from 'iconv-lite';

export interface RawMailInit {
  from: { name: string; address: string };
  to: string;
  subject: string;
  body: string;
  messageId: string;
  /** Body and encoded-word charset; ISO-8859-2 by default, as many Polish mail clients still send. */
  charset?: string;
  date?: Date;
  /** Threading headers of a reply. */
  inReplyTo?: string;
  references?: string[];
}

/** An RFC 5322 message as a mail client writes it: RFC 2047 headers, 8-bit body in the charset. */
export function buildRawMail({
  from,
  to,
  subject,
  body,
  messageId,
  charset = 'ISO-8859-2',
  date = new Date(),
  inReplyTo,
  references = [],
}: RawMailInit): Buffer {
  const word = (text: string) => `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;
  const headers = [
    `From: ${word(from.name)} <${from.address}>`,
    `To: ${to}`,
    `Subject: ${word(subject)}`,
    `Message-ID: ${messageId}`,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`] : []),
    ...(references.length > 0 ? [`References: ${references.join(' ')}`] : []),
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: 8bit',
  ];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'ascii'), iconv.encode(body, charset)]);
}
