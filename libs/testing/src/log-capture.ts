import { Writable } from 'node:stream';

/** Collects the log lines of services started with `startService(…, { logs: capture.stream })`. */
export class LogCapture {
  private readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.lines.push(chunk.toString('utf8'));
      done();
    },
  });

  /** Every line written so far, one per line. */
  text(): string {
    return this.lines.join('');
  }

  get count(): number {
    return this.lines.length;
  }
}
