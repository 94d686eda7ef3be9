import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { singleton } from "./singleton.server";

/**
 * Submissions to public survey links, counted per client address and per link in a fixed window,
 * in this process's memory (so with several app processes each counts its own share; a restart
 * forgets). Anonymous surveys keep no address: the counter's key is HMAC(window secret, address),
 * and the secret is replaced, never stored, when the window ends, so old keys name nobody.
 */
const count = (fallback: number) => z.coerce.number().int().positive().catch(fallback);
const envSchema = z.object({
  RESPOND_LIMIT_PER_ADDRESS: count(30),
  RESPOND_LIMIT_PER_LINK: count(600),
  RESPOND_LIMIT_WINDOW_SECONDS: count(60),
});

export function respondLimits(env: Record<string, string | undefined> = process.env) {
  const e = envSchema.parse(env);
  return { perAddress: e.RESPOND_LIMIT_PER_ADDRESS, perLink: e.RESPOND_LIMIT_PER_LINK, windowMs: e.RESPOND_LIMIT_WINDOW_SECONDS * 1000 };
}

type Window = { started: number; secret: Buffer; counts: Map<string, number> };
// Beyond this many distinct keys in one window new addresses go uncounted (memory stays bounded);
// the per-link limit still holds.
const MAX_KEYS = 100_000;

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one submission to the link from the address, unless either is over its limit. */
export function takeRespondSlot(address: string, linkToken: string, now = Date.now()): RateCheck {
  const limits = respondLimits();
  const state = singleton("respondRate", () => ({ window: null as Window | null }));
  if (!state.window || now - state.window.started >= limits.windowMs) {
    state.window = { started: now, secret: randomBytes(32), counts: new Map() };
  }
  const w = state.window;
  const addressKey = `a:${createHmac("sha256", w.secret).update(address).digest("base64url")}`;
  const linkKey = `l:${linkToken}`;
  const byAddress = w.counts.get(addressKey) ?? 0;
  const byLink = w.counts.get(linkKey) ?? 0;
  if (byAddress >= limits.perAddress || byLink >= limits.perLink) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.started + limits.windowMs - now) / 1000)) };
  }
  if (w.counts.has(addressKey) || w.counts.size < MAX_KEYS) w.counts.set(addressKey, byAddress + 1);
  w.counts.set(linkKey, byLink + 1);
  return { ok: true };
}
