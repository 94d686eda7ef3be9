import type { ServerBuild } from "@remix-run/node";

/**
 * Remix ranks every route of the app on each request, twice (its own match, then the router's
 * query), compiling each route's pattern again each time: with about 70 routes that was the largest
 * share of the server's CPU under survey intake. A path's first segment rules out most routes, so
 * the server hands a request to a handler over just the routes that could match it (see
 * `routeGroupKey` and `routeGroupBuild`): the same match, far fewer candidates.
 */

/** Route ids with their full path (the paths of their parents joined). */
function fullPaths(build: ServerBuild): Map<string, string> {
  const out = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const route = build.routes[id];
    const parent = route.parentId ? pathOf(route.parentId) : "";
    const path = [parent, route.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/").replace(/^\//, "");
    out.set(id, path);
    return path;
  };
  for (const id of Object.keys(build.routes)) pathOf(id);
  return out;
}

// A segment that can stand for anything: a parameter, a splat, an optional segment.
const dynamicSegment = /[:*?()]/;

/** The static first segments of the app's routes (lower case: matching ignores case unless a route says otherwise). */
export function staticFirstSegments(build: ServerBuild): Set<string> {
  const out = new Set<string>();
  for (const path of fullPaths(build).values()) {
    const first = path.split("/")[0];
    if (first && !dynamicSegment.test(first)) out.add(first.toLowerCase());
  }
  return out;
}

/**
 * The group a path belongs to: its first segment, decoded as the router decodes it, when the path
 * has more below it and some route starts with that segment; null means the whole app.
 */
export function routeGroupKey(pathname: string, statics: Set<string>): string | null {
  const parts = pathname.split("/");
  if (parts.length < 3) return null;
  let first: string;
  try {
    first = decodeURIComponent(parts[1]).toLowerCase();
  } catch {
    return null;
  }
  return statics.has(first) ? first : null;
}

/**
 * The build with only the routes that can match a path starting with `segment` or "/" itself (the
 * page's manifest lists what matches each parent path), and their parents; its client manifest the
 * same routes (a page lists only the routes it matched; the browser asks /__manifest for the rest).
 */
export function routeGroupBuild(build: ServerBuild, segment: string): ServerBuild {
  const paths = fullPaths(build);
  const keep = new Set<string>();
  for (const [id, path] of paths) {
    const first = path.split("/")[0];
    if (first && first.toLowerCase() !== segment && !dynamicSegment.test(first)) continue;
    for (let at: string | undefined = id; at && !keep.has(at); at = build.routes[at].parentId) keep.add(at);
  }
  const only = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => keep.has(id)));
  return { ...build, routes: only(build.routes), assets: { ...build.assets, routes: only(build.assets.routes) } };
}
