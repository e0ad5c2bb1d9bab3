import { defineConfig } from "@playwright/test";

/**
 * Browser journeys against the real app (built with `next build`, started by the same launcher
 * as `npm start`) on its own port and data folder, wiped before each run. Debian's Chromium:
 * Playwright cannot download browsers on these machines.
 */
const PORT = 3100;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "sv-SE",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `rm -rf .data/e2e && DATA_DIR=.data/e2e PORT=${PORT} EMBEDDED_POSTGRES_PORT=54349 exec node --conditions react-server --import tsx src/cli/index.ts start`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
