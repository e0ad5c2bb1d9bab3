import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      // `import "server-only"` throws outside a React Server Components bundle.
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Each worker on a database of its own (global-setup.ts); Docker is shared by design (labels,
    // deadlines: the same daemon serves other suites). Much of the integration time is waiting
    // (timeouts, containers, server starts), so two files at once nearly halve the run.
    setupFiles: ["tests/support/worker-database.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
