// One instance per process, surviving module reloads in dev (and set up front by the test harness).
export function singleton<T>(name: string, create: () => T): T {
  const store = ((globalThis as any).__trustloop ??= {}) as Record<string, unknown>;
  store[name] ??= create();
  return store[name] as T;
}
