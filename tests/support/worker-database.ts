/**
 * Vitest setup file (runs in each worker before every test file): DATABASE_URL becomes this
 * worker's own clone of the test database (made in global-setup.ts), so that files running in
 * parallel never share a database. Child processes the tests start (web, worker, CLI) inherit it.
 */
export function workerDatabaseName(template: string, poolId: string): string {
  return `${template}_w${poolId}`;
}

export function workerDatabaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// Only in a Vitest worker (global-setup.ts imports the helpers above in the main process). A
// worker process may serve several files: the suite's URL is kept aside on first use, so that
// each file derives its clone from it, not from the clone.
const poolId = process.env.VITEST_POOL_ID;
if (poolId) {
  if (process.env.SKRIPTOTEKET_SUITE_DATABASE_URL === undefined && process.env.DATABASE_URL !== undefined) {
    process.env.SKRIPTOTEKET_SUITE_DATABASE_URL = process.env.DATABASE_URL;
  }
  const shared = process.env.SKRIPTOTEKET_SUITE_DATABASE_URL;
  if (shared) process.env.DATABASE_URL = workerDatabaseUrl(shared, workerDatabaseName(new URL(shared).pathname.slice(1), poolId));
}
