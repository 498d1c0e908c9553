import type { Json } from './http-json';

/** An open Server-Sent Events stream: the frames received so far, parsed (event name and JSON data). */
export class SseStream {
  readonly frames: { event: string; data: Json }[] = [];
  private readonly abort = new AbortController();
  status = 0;
  ended = false;

  async open(url: string, headers: Record<string, string> = {}): Promise<this> {
    const response = await fetch(url, { headers, signal: this.abort.signal });
    this.status = response.status;
    if (response.ok && response.body) void this.read(response.body);
    return this;
  }

  /** The data of the frames of one event name, in order. */
  of(event: string): Json[] {
    return this.frames.filter((f) => f.event === event).map((f) => f.data);
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.frames.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
  }

  close() {
    this.abort.abort();
  }
}
