import { Worker } from "node:worker_threads";

export type ProbeResult = {
  /** ms per probe; Infinity for one that failed or was not a 200. */
  times: number[];
  /** Wall-clock time (HH:MM:SS.mmm) and ms of each probe slower than `slowMs`. */
  slow: [string, number][];
};

// Plain JS in a worker thread: its own event loop and heap, so the timing is the server's answer,
// not how busy the thread that generates the test's requests happens to be.
const probeSource = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const times = [];
const slow = [];
let done = false;
parentPort.on("message", () => (done = true));
(async () => {
  while (!done) {
    const started = new Date();
    const t0 = performance.now();
    // Its own connection each time: a pooled socket the server is closing says nothing of /healthz.
    const ok = await new Promise((resolve) =>
      http.get(workerData.url, { agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 200));
      }).on("error", () => resolve(false)),
    );
    const ms = ok ? performance.now() - t0 : Infinity;
    times.push(ms);
    if (ms > workerData.slowMs) slow.push([started.toISOString().slice(11, 23), ms]);
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage({ times, slow });
})();
`;

/** Requests `url` every `everyMs` from a worker thread until stop(). */
export function startHealthzProbe(url: string, everyMs = 50, slowMs = 50) {
  const worker = new Worker(probeSource, { eval: true, workerData: { url, everyMs, slowMs } });
  return {
    stop: async (): Promise<ProbeResult> => {
      const result = new Promise<ProbeResult>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      worker.postMessage("stop");
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}
