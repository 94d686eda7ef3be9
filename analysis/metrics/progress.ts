/**
 * Progress of a long job that reads a file: how far (by bytes read, since the number of rows is
 * only known at the end), how fast (rows per second since it started) and the time left
 * (elapsed time scaled by the share of bytes still to read). Null when it cannot be said yet.
 */
export type JobProgress = { fraction: number | null; rowsPerSecond: number | null; secondsLeft: number | null };

export function jobProgress(input: { rowsDone: number; bytesDone: number; bytesTotal: number; elapsedMs: number }): JobProgress {
  const { rowsDone, bytesDone, bytesTotal, elapsedMs } = input;
  const fraction = bytesTotal > 0 ? Math.min(1, Math.max(0, bytesDone / bytesTotal)) : null;
  const seconds = elapsedMs / 1000;
  const rowsPerSecond = seconds > 0 && rowsDone > 0 ? rowsDone / seconds : null;
  const secondsLeft = fraction !== null && fraction > 0 && seconds > 0 ? (seconds * (1 - fraction)) / fraction : null;
  return { fraction, rowsPerSecond, secondsLeft };
}
