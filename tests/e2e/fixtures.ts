/**
 * The `test` every journey uses: it fails a test when any page or frame it opened — in the
 * default context or one from `browser.newContext()` — reported a Content-Security-Policy
 * violation (the `securitypolicyviolation` event, and Chromium's console message as a second
 * witness). So every page the journeys visit is shown to pass the app's own CSP.
 *
 * It also runs axe-core (WCAG 2.0/2.1 A and AA rules) on every page the journeys load: each
 * distinct path once per test, when the page's load event fires, plus `expectAxeClean(page)`
 * for a state reached without a load (an opened dialog, a result). AxeBuilder injects axe
 * through CDP evaluation, which the page's CSP does not govern.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import axeCore from "axe-core";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type AxeFinding = { page: string; rule: string; impact: string | null | undefined; targets: string[] };

/**
 * Where axe's last step (axe.finishRun over the frames' partial results) runs. AxeBuilder opens a
 * blank page in the scanned page's context for it, and loads axe into it, on every scan — half
 * of a scan's time. Here one blank page, in a context of its own (not a journey's: their pages
 * and events stay theirs), serves every scan of the worker's tests; the same axe, the same
 * partial results and options, so the same findings. It goes with the worker's browser.
 */
type Finisher = { browser: Browser; page: Promise<Page> };
let finisher: Finisher | undefined;

function finisherPage(browser: Browser): Promise<Page> {
  if (finisher?.browser !== browser) {
    // The prototype's newContext: not the one the fixtures below wrap with their watchers.
    const newContext = Object.getPrototypeOf(browser).newContext as Browser["newContext"];
    const page = newContext.call(browser).then(async (context) => {
      const blank = await context.newPage();
      await blank.evaluate(axeCore.source);
      await blank.evaluate(`axe.configure({ allowedOrigins: ["<unsafe_all_origins>"], branding: { application: "playwright" } })`);
      return blank;
    });
    finisher = { browser, page };
  }
  return finisher.page;
}

type AxeInternals = { option: unknown; finishRun: (partials: unknown) => Promise<unknown> };

// One axe run at a time per page (axe refuses a second concurrent run): every scan of a page,
// automatic or asked for, queues behind the previous one.
const axeQueues = new WeakMap<Page, Promise<unknown>>();

export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const run = (axeQueues.get(page) ?? Promise.resolve())
    .catch(() => {})
    .then(async () => {
      const builder = new AxeBuilder({ page })
        .withTags(AXE_TAGS)
        // No CSSOM preload: axe would fetch the app's stylesheets from inside every frame, and the
        // chart frame's own CSP (connect-src 'none') rightly refuses that — a finding of the tool, not the app.
        .options({ preload: false });
      // AxeBuilder's own finishRun, but on the test's reused blank page (see finisherPage).
      const internals = builder as unknown as AxeInternals;
      internals.finishRun = async (partials) =>
        (await finisherPage(page.context().browser()!)).evaluate(
          ({ json, options }) => (window as unknown as { axe: { finishRun: (partials: unknown, options: unknown) => unknown } }).axe.finishRun(JSON.parse(json), options),
          { json: JSON.stringify(partials), options: internals.option },
        );
      const results = (await builder.analyze()) as Awaited<ReturnType<AxeBuilder["analyze"]>>;
      return results.violations.map((violation) => ({
        page: new URL(page.url()).pathname,
        rule: `${violation.id}: ${violation.help}`,
        impact: violation.impact,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      }));
    });
  axeQueues.set(page, run);
  return run;
}

/** Fails the test now if the page as it is has axe violations. */
export async function expectAxeClean(page: Page) {
  expect(await axeFindings(page), "axe-core (WCAG 2.1 AA)").toEqual([]);
}

/** A scan the next navigation (or the end of the test) cut short: tried again on the next load. */
const INTERRUPTED = /Execution context was destroyed|Target page, context or browser has been closed|Target closed|frame was detached|navigat/i;

/** Scans each distinct path once, on load. */
function watchAccessibility(context: BrowserContext, findings: AxeFinding[], pending: Promise<unknown>[]) {
  const scanned = new Set<string>();
  const onPage = (page: Page) =>
    page.on("load", () => {
      const url = page.url();
      if (!url.startsWith("http://localhost")) return;
      const path = new URL(url).pathname;
      if (scanned.has(path)) return;
      scanned.add(path);
      pending.push(
        axeFindings(page).then(
          (found) => findings.push(...found),
          (error: Error) => {
            scanned.delete(path);
            // Anything but an interrupted scan is a failure, never a silent pass.
            if (!INTERRUPTED.test(String(error?.message))) findings.push({ page: path, rule: `axe could not run: ${error?.message}`, impact: null, targets: [] });
          },
        ),
      );
    });
  context.pages().forEach(onPage);
  context.on("page", onPage);
}

type Violation = { page: string; directive: string; blocked: string; sample: string; source?: string };

async function watch(context: BrowserContext, violations: Violation[]) {
  await context.exposeBinding("__skriptoteketCspViolation", (_source, violation: Violation) => {
    violations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __skriptoteketCspViolation: (v: unknown) => void }).__skriptoteketCspViolation({
        page: event.documentURI,
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });
  const onPage = (page: import("@playwright/test").Page) =>
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
        violations.push({ page: page.url(), directive: "console", blocked: "", sample: message.text().slice(0, 300) });
      }
    });
  context.pages().forEach(onPage);
  context.on("page", onPage);
}

export const test = base.extend<{ cspViolations: Violation[]; axeFindings: AxeFinding[] }>({
  axeFindings: [
    async ({ context, browser }, provide) => {
      const findings: AxeFinding[] = [];
      const pending: Promise<unknown>[] = [];
      watchAccessibility(context, findings, pending);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const created = await newContext(...args);
        watchAccessibility(created, findings, pending);
        return created;
      };
      try {
        await provide(findings);
      } finally {
        browser.newContext = newContext;
      }
      await Promise.allSettled(pending);
      expect(findings, "every page the journey loaded passes axe-core (WCAG 2.1 AA)").toEqual([]);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context, browser }, provide) => {
      const violations: Violation[] = [];
      await watch(context, violations);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const created = await newContext(...args);
        await watch(created, violations);
        return created;
      };
      try {
        await provide(violations);
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, "no page or frame may break the Content-Security-Policy").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
