import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { routeGroupBuild, routeGroupKey, staticPrefixes } from "../../app/utils/route-groups.server";
import { repoRoot } from "../support/env";

// The server hands a request to a handler over the routes that can match its first path segment
// (app/utils/route-groups.server.ts): for any path, that handler must match what the whole app matches.
let build: ServerBuild;
beforeAll(async () => {
  build = await import(pathToFileURL(`${repoRoot}build/index.js`).href);
});

/** The build's flat routes nested as the router takes them. */
function tree(routes: ServerBuild["routes"], parentId?: string): RouteObject[] {
  return Object.values(routes)
    .filter((r) => r.parentId === parentId)
    .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: r.index ? undefined : tree(routes, r.id) }) as RouteObject);
}

const trees = new Map<ServerBuild["routes"], RouteObject[]>();
function matched(routes: ServerBuild["routes"], path: string) {
  if (!trees.has(routes)) trees.set(routes, tree(routes));
  return (matchRoutes(trees.get(routes)!, path) ?? []).map((m) => m.route.id);
}

describe("route groups", () => {
  it("every route's path, and odd variants of it, match the same routes in its group as in the whole app", () => {
    const statics = staticPrefixes(build);
    const whole = build.routes;
    const paths = new Set<string>(["/", "/s", "/s/", "/login", "/LOGIN", "/login/", "/app", "/app/", "/healthz", "/%ZZ", "/app.data", "/_root.data", "/__manifest", "/S/abc", "/%73/abc", "/s/a%2Fb", "/s/abc/thanks/more", "/app/%00", "/nope/x", "//s/x", "/app/surveys/x/edit/", "/app/%74hemes/x1", "/app/%ZZ/x", "/app/themes%2Fx/y", "/app/themes//x", "/app//themes/x"]);
    for (const route of Object.values(whole)) {
      const full: string[] = [];
      for (let at: string | undefined = route.id; at; at = whole[at].parentId) if (whole[at].path) full.unshift(whole[at].path!);
      const path = `/${full.join("/")}`.replace(/:[A-Za-z]+\??/g, "x1").replace(/\*/g, "a/b");
      for (const p of [path, path.toUpperCase(), `${path}/extra`, path.replace(/^\/([^/]+)/, (_m, s: string) => `/${encodeURIComponent(s).replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`)]) paths.add(p);
    }
    const groups = new Map<string, ServerBuild["routes"]>();
    let grouped = 0;
    for (const path of paths) {
      const key = routeGroupKey(path, statics);
      if (key === null) continue;
      grouped++;
      if (!groups.has(key)) groups.set(key, routeGroupBuild(build, key).routes);
      expect([path, matched(groups.get(key)!, path)]).toEqual([path, matched(whole, path)]);
    }
    expect(grouped).toBeGreaterThan(150);
  });

  it("a survey post is matched among five routes, not all of them", () => {
    const statics = staticPrefixes(build);
    expect(routeGroupKey("/s/abc", statics)).toBe("s");
    expect(routeGroupKey("/s", statics)).toBe("s");
    expect(routeGroupKey("/", statics)).toBe(null);
    expect(routeGroupKey("/healthz", statics)).toBe("healthz");
    expect(Object.keys(routeGroupBuild(build, "healthz").routes).length).toBeLessThan(6);
    expect(routeGroupKey("/%ZZ/abc", statics)).toBe(null);
    expect(Object.keys(routeGroupBuild(build, "s").routes).sort()).toEqual(["root", "routes/$", "routes/_index", "routes/s.$token", "routes/s.$token_.thanks"]);
    expect(Object.keys(build.routes).length).toBeGreaterThan(60);
  });

  it("a staff page is matched among its section's routes: two segments deep where a route has them", () => {
    const statics = staticPrefixes(build);
    const id = crypto.randomUUID();
    expect(routeGroupKey(`/app/themes/${id}`, statics)).toBe("app/themes");
    expect(routeGroupKey("/APP/Themes/x", statics)).toBe("app/themes");
    expect(routeGroupKey("/app/themes", statics)).toBe("app/themes");
    expect(routeGroupKey("/app/account", statics)).toBe("app/account");
    expect(routeGroupKey("/app/", statics)).toBe("app");
    expect(routeGroupKey("/app/no-such/x", statics)).toBe("app");
    const themes = Object.keys(routeGroupBuild(build, "app/themes").routes);
    expect(themes).toEqual(expect.arrayContaining(["root", "routes/app", "routes/app._index", "routes/app.themes._index", "routes/app.themes.$themeId"]));
    expect(themes.length).toBeLessThan(15);
  });
});
