import type { ServerBuild } from "@remix-run/node";

/**
 * Remix ranks every route of the app on each request, several times (its own match, the router's
 * query, the rendered router, the page's partial manifest), compiling each route's pattern again
 * each time: with about 70 routes that was the largest share of the server's CPU, under survey
 * intake and on staff pages alike. A path's first two segments rule out most routes, so the server
 * hands a request to a handler over just the routes that could match it (see `routeGroupKey` and
 * `routeGroupBuild`): the same match, far fewer candidates ("/app/themes/<id>" among 8, not 70).
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

/** The static leading segments of the app's routes, one and two deep ("app", "app/themes"; lower case: matching ignores case unless a route says otherwise). */
export function staticPrefixes(build: ServerBuild): Set<string> {
  const out = new Set<string>();
  for (const path of fullPaths(build).values()) {
    const [first, second] = path.split("/");
    if (!first || dynamicSegment.test(first)) continue;
    out.add(first.toLowerCase());
    if (second && !dynamicSegment.test(second)) out.add(`${first}/${second}`.toLowerCase());
  }
  return out;
}

/**
 * The group a path belongs to: its first two segments, else its first, decoded as the router
 * decodes them, when some route starts with them; null means the whole app. One segment is
 * enough: "/healthz" and "/login" are matched among a handful of routes, not all 70.
 */
export function routeGroupKey(pathname: string, statics: Set<string>): string | null {
  const parts = pathname.split("/");
  if (parts.length < 2 || !parts[1]) return null;
  let first: string;
  let second: string | null;
  try {
    first = decodeURIComponent(parts[1]).toLowerCase();
    second = parts.length > 2 ? decodeURIComponent(parts[2]).toLowerCase() : null;
  } catch {
    return null;
  }
  if (second !== null && statics.has(`${first}/${second}`)) return `${first}/${second}`;
  return statics.has(first) ? first : null;
}

/**
 * The build with only the routes that can match a path starting with the key's segments, or one
 * of its parent paths ("/", "/app": the page's manifest lists what matches each parent path), and
 * their parents; its client manifest the same routes (a page lists only the routes it matched; the
 * browser asks /__manifest for the rest).
 */
export function routeGroupBuild(build: ServerBuild, key: string): ServerBuild {
  const want = key.split("/");
  const paths = fullPaths(build);
  const keep = new Set<string>();
  for (const [id, path] of paths) {
    const segments = path.split("/");
    // A route is out when one of its leading segments is static and differs; a shorter path may match a parent path.
    const out = want.some((w, i) => segments[i] && !dynamicSegment.test(segments[i]) && segments[i].toLowerCase() !== w);
    if (out) continue;
    for (let at: string | undefined = id; at && !keep.has(at); at = build.routes[at].parentId) keep.add(at);
  }
  const only = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => keep.has(id)));
  return { ...build, routes: only(build.routes), assets: { ...build.assets, routes: only(build.assets.routes) } };
}
