import { EventEmitter } from "node:events";

/**
 * Where React's Node renderer writes a page: the response body as a web stream, one chunk per
 * flush. React writes a page 2 KB at a time and calls flush() when it has written what is ready;
 * passing each 2 KB through a PassThrough, a NUL filter and Remix's stream pump cost more CPU than
 * the page's own queries on a small page (tests/bench/page-cost.ts). The sink keeps the writes of a
 * flush and enqueues them as one chunk; it honours backpressure (write returns false above the
 * stream's high-water mark, "drain" when the reader wants more) and turns a cancelled body into
 * "close", which aborts the render.
 *
 * It also drops NUL bytes: React 18.3 writes its whole 2,048-byte buffer when a multi-byte
 * character (Hangul is 3 bytes in UTF-8) does not fit at its end, so 1-2 NULs appear before that
 * character, wherever the page's bytes happen to fall. Our HTML never holds a NUL (inputs refuse
 * control characters and PostgreSQL text cannot store one).
 */
export class HtmlSink extends EventEmitter {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private pending: Uint8Array[] = [];
  private waiting = false;
  private done = false;

  constructor(highWaterMark = 64 * 1024) {
    super();
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          // Not from inside React's own flush: it resumes on the next turn.
          if (this.waiting) {
            this.waiting = false;
            setImmediate(() => this.emit("drain"));
          }
        },
        cancel: () => {
          this.done = true;
          this.pending = [];
          this.emit("close");
        },
      },
      { highWaterMark, size: (chunk) => chunk.byteLength },
    );
  }

  write(chunk: Uint8Array): boolean {
    if (this.done) return false;
    this.pending.push(chunk);
    if ((this.controller.desiredSize ?? 0) > 0) return true;
    this.waiting = true;
    return false;
  }

  flush(): void {
    if (this.done || this.pending.length === 0) return;
    const one = this.pending[0];
    // React never writes into a view it has handed over, so a lone chunk is used where it lies.
    const bytes = this.pending.length === 1 ? Buffer.from(one.buffer, one.byteOffset, one.byteLength) : Buffer.concat(this.pending);
    this.pending = [];
    this.controller.enqueue(withoutNul(bytes));
  }

  end(): void {
    if (this.done) return;
    this.flush();
    this.done = true;
    this.controller.close();
    this.emit("finish");
  }

  destroy(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    this.controller.error(error);
    this.emit("finish");
  }
}

function withoutNul(bytes: Buffer): Buffer {
  let n = bytes.indexOf(0);
  if (n === -1) return bytes;
  for (let i = n + 1; i < bytes.length; i++) if (bytes[i] !== 0) bytes[n++] = bytes[i];
  return bytes.subarray(0, n);
}
