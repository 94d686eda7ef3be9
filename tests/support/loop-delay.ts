// Event-loop delay and GC pauses of a process, for finding what holds up its requests.
// `node --import ./tests/support/loop-delay.ts` (LOOP_DELAY_NAME names it) prints a summary to
// stderr when the process exits; `watchLoop()` does the same for a process that imports it.
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const clock = () => new Date().toISOString().slice(11, 23);
const gcKinds: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weak callbacks" };

export type LoopReport = {
  name: string;
  p50: number;
  p99: number;
  max: number;
  stalls: string[];
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Pauses and ms by kind of collection (minor, incremental marking, ...). */
  gcByKind: Record<string, { count: number; ms: number }>;
  heapUsedMb: number;
  /**
   * The longest stall counted only as far as the process was on a CPU meanwhile (min of the delay
   * and the CPU time): what the process's own work held up, whatever the machine's other load.
   */
  ownMax: number;
};

/** Starts watching; `report()` returns what was seen so far (ms). Stalls over `stallMs` are listed with their time. */
export function watchLoop(name: string, stallMs = 20) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const stalls: string[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let ownMax = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const late = now - last - 5;
    // The process's CPU time over the same stretch: near the stall's length when our own work held
    // the loop, near zero when the process was waiting for a core (other processes' load).
    const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    ownMax = Math.max(ownMax, Math.min(late, cpuMs));
    if (late > stallMs) stalls.push(`${clock()} ${late.toFixed(1)} ms late, ${cpuMs.toFixed(1)} ms cpu`);
    last = now;
    lastCpu = cpu;
  }, 5);
  ticker.unref();
  let gcCount = 0;
  let gcTotalMs = 0;
  let gcMaxMs = 0;
  const gcByKind: LoopReport["gcByKind"] = {};
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount++;
      gcTotalMs += entry.duration;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
      const kind = gcKinds[(entry as any).detail?.kind] ?? "other";
      gcByKind[kind] = { count: (gcByKind[kind]?.count ?? 0) + 1, ms: (gcByKind[kind]?.ms ?? 0) + entry.duration };
      if (entry.duration > stallMs) stalls.push(`${clock()} gc ${entry.duration.toFixed(1)} ms (${gcKinds[(entry as any).detail?.kind] ?? "other"})`);
    }
  });
  gc.observe({ entryTypes: ["gc"] });
  return {
    report: (): LoopReport => ({
      name,
      p50: histogram.percentile(50) / 1e6,
      p99: histogram.percentile(99) / 1e6,
      max: histogram.max / 1e6,
      stalls: [...stalls],
      gcCount,
      gcTotalMs,
      gcMaxMs,
      gcByKind: structuredClone(gcByKind),
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
      ownMax,
    }),
    stop: () => {
      clearInterval(ticker);
      histogram.disable();
      gc.disconnect();
    },
  };
}

export function formatLoopReport(r: LoopReport): string {
  return (
    `${r.name}: event-loop delay p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms ` +
    `(longest on its own CPU time ${r.ownMax.toFixed(1)} ms); ` +
    `gc ${r.gcCount} pauses, ${r.gcTotalMs.toFixed(0)} ms in all, longest ${r.gcMaxMs.toFixed(1)} ms ` +
    `(${Object.entries(r.gcByKind).map(([k, v]) => `${k} ${v.count} / ${v.ms.toFixed(0)} ms`).join(", ")}); heap used ${r.heapUsedMb.toFixed(0)} MB; ${r.stalls.length} stalls` +
    (r.stalls.length ? `:\n  ${r.stalls.slice(0, Number(process.env.LOOP_DELAY_STALLS ?? 40)).join("\n  ")}` : "")
  );
}

if (process.env.LOOP_DELAY_NAME) {
  const name = process.env.LOOP_DELAY_NAME;
  let part = 1;
  let watch = watchLoop(`${name}, part ${part}`);
  // SIGUSR2 prints what was seen since the last one and starts again: the bench sends it before and
  // after each rate, so start-up and each rate are reported apart.
  process.on("SIGUSR2", () => {
    process.stderr.write(`${formatLoopReport(watch.report())}\n`);
    watch.stop();
    watch = watchLoop(`${name}, part ${++part}`);
  });
  process.on("exit", () => process.stderr.write(`${formatLoopReport(watch.report())}\n`));
}
