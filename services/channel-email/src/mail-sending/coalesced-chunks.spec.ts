import { Readable } from 'node:stream';
import { CoalescedChunks } from './coalesced-chunks';

/** The chunks as a socket piped from the stream would be handed them ('data' events, one write each). */
function through(pieces: (Buffer | string)[], limit?: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const stream = Readable.from(pieces, { objectMode: false }).pipe(new CoalescedChunks(limit));
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  return new Promise((resolve, reject) => stream.on('end', () => resolve(out)).on('error', reject));
}

describe('CoalescedChunks', () => {
  it('passes a small message on unchanged, in one chunk', async () => {
    const pieces = ['Subject: =?UTF-8?Q?Zg=C5=82oszenie?=\r\n', Buffer.from('\r\nZażółć gęślą jaźń.\r\n'), '.\r\n'];

    const out = await through(pieces);

    expect(out).toHaveLength(1);
    expect(Buffer.concat(out)).toEqual(Buffer.concat(pieces.map((p) => Buffer.from(p))));
  });

  it('passes a large one on in chunks of about the limit, every byte in order', async () => {
    const pieces = Array.from({ length: 100 }, (_, i) => Buffer.alloc(1000, i));

    const out = await through(pieces, 10_000);

    expect(out).toHaveLength(10);
    expect(out.every((chunk) => chunk.length === 10_000)).toBe(true);
    expect(Buffer.concat(out)).toEqual(Buffer.concat(pieces));
  });

  it('passes nothing on for an empty stream', async () => {
    expect(await through([])).toEqual([]);
  });
});
