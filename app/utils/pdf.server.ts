import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Chromium for server-side PDFs: CHROMIUM_PATH, default Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath());
}

/**
 * A page of this server printed to an A4 PDF by headless Chromium (playwright-core, a runtime
 * dependency for this). The page is loaded with the requester's own cookies, so it shows exactly
 * what they may see; print CSS (page breaks, rows kept whole) applies as in a browser's print.
 */
export async function pageToPdf(url: string, cookieHeader: string): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tl-pdf-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    extraHTTPHeaders: cookieHeader ? { Cookie: cookieHeader } : {},
  });
  try {
    const page = await context.newPage();
    const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    if (!res || res.status() !== 200) throw new Error(`PDF source page answered ${res?.status() ?? "nothing"}`);
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
