import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
export const chromiumPath = candidates.find((p) => fs.existsSync(p));
export const browserRequired = process.env.REQUIRE_BROWSER === "1";

/**
 * Browser tests run when Debian's Chromium is installed; without it they are skipped with one
 * line of reason, unless REQUIRE_BROWSER=1 (CI), which makes a missing browser a failure.
 */
export const skipBrowser = !chromiumPath && !browserRequired;
if (skipBrowser) console.log("Browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium).");

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error("REQUIRE_BROWSER=1 but no Chromium found (apt-get install chromium)");
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function signInPage(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/login`, { waitUntil: "networkidle" });
  await page.getByLabel(/Email|이메일/).fill(email);
  await page.getByLabel(/Password|비밀번호/).fill(password);
  await Promise.all([page.waitForURL(/\/app/), page.getByRole("button", { name: /Sign in|로그인/ }).click()]);
}

/** Screenshots land in tests/.tmp/screenshots (ignored by git) for a person to look at. */
export async function screenshot(page: Page, name: string) {
  const dir = path.join(process.cwd(), "tests/.tmp/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export const tmpProfile = () => fs.mkdtempSync(path.join(os.tmpdir(), "tl-chrome-"));

/** axe's serious and critical findings on the page (or within `include`), one line each: a test expects []. */
export async function seriousAxe(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
