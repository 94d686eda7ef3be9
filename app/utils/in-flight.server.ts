// Concurrent identical reads share one query. A staff page's layout and page loaders run side by
// side and both ask for the session's user and the organisation's zone: two statements of a page's
// dozen. A read joins only one still in flight and nothing is kept once it settles, so no answer is
// older than the round trip of a read that started before it.
const pending = new Map<string, Promise<unknown>>();

export function sharedRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  const running = pending.get(key);
  if (running) return running as Promise<T>;
  const started = read().finally(() => pending.delete(key));
  pending.set(key, started);
  return started;
}
