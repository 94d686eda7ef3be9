import { describe, expect, it } from "vitest";
import { assignSeededThemes, discoverThemesByGroup } from "../../analysis/themes";
import { classifySeeded, discoverInWorker } from "../../app/jobs/analysis-worker.server";
import { mulberry32 } from "../../analysis/random";

/*
 * The theme-assign job classifies, and a discovery run clusters, on a worker thread: the same
 * results as the functions called directly, while the calling thread's event loop keeps turning
 * (inline, a batch of this size holds it for its whole run, so no timer could fire).
 */

const topics = [
  ["refund", "money back", "charged twice", "billing error"],
  ["slow", "waiting", "response time", "took days"],
  ["outage", "down", "cannot log in", "service unavailable"],
  ["friendly", "helpful agent", "kind support", "thank you"],
  ["hours", "weekend", "evening", "not open"],
];
const rng = mulberry32(11);
const pick = <T,>(a: T[]) => a[Math.floor(rng() * a.length)];
const sentence = (t: number) => `${pick(topics[t])} ${pick(["again", "today", "please", "for our team", "this week"])} ${pick(topics[t])} ${Math.floor(rng() * 50)}`;
const themes = topics.map((_, t) => ({ name: `t${t}`, examples: Array.from({ length: 10 }, () => sentence(t)) }));
const texts = Array.from({ length: 2000 }, (_, i) => sentence(i % topics.length));

describe("analysis on a worker thread", () => {
  it("gives the classifier's own result while this thread's timers keep firing", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const result = await classifySeeded(texts, themes, { minExamples: 5 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    const inline = assignSeededThemes(texts, themes, { minExamples: 5 });
    expect(result).toEqual(inline);
    expect(result.assignments.filter((a) => a.theme !== null).length).toBeGreaterThan(1000);
  }, 60_000);

  it("discovery gives discoverThemesByGroup's own result while this thread's timers keep firing", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const groups = texts.map((_, i) => (i % 7 === 0 ? "ko" : "en"));
    const result = await discoverInWorker(texts, groups, { seed: 3, k: 5 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(result).toEqual(discoverThemesByGroup(texts, groups, { seed: 3, k: 5 }));
    expect(result.themes.length).toBeGreaterThan(1);
  }, 60_000);
});
