/**
 * The `test` every journey uses: it fails a test when any page or frame it opened — in the
 * default context or one from `browser.newContext()` — reported a Content-Security-Policy
 * violation (the `securitypolicyviolation` event, and Chromium's console message as a second
 * witness). So every page the journeys visit is shown to pass the app's own CSP.
 */
import { test as base, expect, type BrowserContext } from "@playwright/test";

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

export const test = base.extend<{ cspViolations: Violation[] }>({
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
