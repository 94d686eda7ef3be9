import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "~": `${root}app` } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser pages under a loaded CI machine can take seconds to settle; polls wait that long.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    // Test-only lower scrypt cost (app/utils/password.server.ts honours it only when NODE_ENV=test).
    env: { DOTENV_CONFIG_QUIET: "true", TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N: "14" },
  },
});
