import { PassThrough, type Writable } from "node:stream";
import { createElement, Suspense, type ReactNode } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HtmlSink } from "../../app/utils/html-sink.server";

// React's Node renderer writes pages into app/utils/html-sink.server.ts (entry.server.tsx).

/** About 4 KB of Hangul in short paragraphs, shifted by `pad` bytes so that some character straddles React's 2 KB buffer. */
function page(pad: number, paragraphs = 120): ReactNode {
  return createElement(
    "main",
    null,
    createElement("p", null, "x".repeat(pad)),
    Array.from({ length: paragraphs }, (_, i) => createElement("p", { key: i }, `한국어 문장 ${i}`)),
  );
}

function render(node: ReactNode, destination: (pipe: (w: Writable) => void) => void, options: { onError?: (e: unknown) => void } = {}) {
  const { pipe, abort } = renderToPipeableStream(node, { onShellReady: () => destination(pipe), onError: options.onError });
  return abort;
}

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) out.push(chunk);
  return out;
}

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("utf8");

async function throughSink(node: ReactNode, highWaterMark?: number): Promise<Uint8Array[]> {
  const sink = new HtmlSink(highWaterMark);
  render(node, (pipe) => pipe(sink as unknown as Writable));
  return chunksOf(sink.stream);
}

describe("the HTML sink", () => {
  it("React alone writes NUL bytes before a Hangul character that straddles its buffer (what the sink is for)", async () => {
    let nuls = 0;
    for (let pad = 0; pad < 3; pad++) {
      const raw = await new Promise<Buffer>((resolve) => {
        const body = new PassThrough();
        const parts: Buffer[] = [];
        body.on("data", (c: Buffer) => parts.push(c)).on("end", () => resolve(Buffer.concat(parts)));
        render(page(pad), (pipe) => pipe(body));
      });
      if (raw.includes(0)) nuls++;
    }
    expect(nuls).toBeGreaterThan(0);
  });

  it("gives the page without a NUL, byte for byte what renderToString makes, at every shift", async () => {
    for (let pad = 0; pad < 3; pad++) {
      const html = text(await throughSink(page(pad)));
      expect(html).not.toContain("\u0000");
      expect(html).toBe(renderToString(page(pad)));
    }
  });

  it("passes a flush on as one chunk, not React's 2 KB writes", async () => {
    const chunks = await throughSink(page(0, 600));
    expect(Buffer.concat(chunks).length).toBeGreaterThan(10_000);
    expect(chunks).toHaveLength(1);
  });

  it("holds React back above its high-water mark and lets it go on when the reader catches up", async () => {
    // A boundary that resolves after the shell: its content comes in a second flush.
    let resolve!: () => void;
    const ready = new Promise<void>((r) => (resolve = r));
    let done = false;
    function Later({ n }: { n: number }): ReactNode {
      if (!done) throw ready.then(() => void (done = true));
      return createElement("section", null, page(n, 100), createElement("p", null, `나중에 온 문단 ${n}`));
    }
    // Two boundaries of several KB that resolve together: after the first, React finds the queue full and waits for "drain".
    const later = (n: number) => createElement(Suspense, { fallback: "…" }, createElement(Later, { n }));
    const sink = new HtmlSink(1024);
    render(createElement("div", null, page(1, 300), later(1), later(2)), (pipe) => pipe(sink as unknown as Writable));
    // The boundary resolves while nobody reads: React is told to wait, and goes on once the reader drains the queue.
    setTimeout(resolve, 10);
    await new Promise((r) => setTimeout(r, 50));
    const html = text(await chunksOf(sink.stream));
    expect(html).not.toContain("\u0000");
    expect(html).toContain("한국어 문장 299");
    expect(html).toContain("나중에 온 문단 1");
    expect(html).toContain("나중에 온 문단 2");
  });

  it("a cancelled body aborts the render", async () => {
    const errors: unknown[] = [];
    function Never(): ReactNode {
      throw new Promise(() => {});
    }
    const sink = new HtmlSink();
    render(createElement(Suspense, { fallback: "…" }, createElement(Never)), (pipe) => pipe(sink as unknown as Writable), { onError: (e) => errors.push(e) });
    const reader = sink.stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("closed early");
  });
});
