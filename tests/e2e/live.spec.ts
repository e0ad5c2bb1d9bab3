/**
 * While a run goes on, people see it happen: a contributor's TESTKÖR shows the script's lines in
 * the Testyta as it prints them, and a teacher's KÖR shows the tool's progress message (and bar)
 * under the running timer — both before the run ends. The script prints, reports and waits, so
 * the page is seen while the status is still "running" (no timing assertions).
 *
 * The same run measures print → browser latency: the script prints time.time() on each line, the
 * page notes Date.now() when the line appears (same machine, same clock). The figures are printed
 * (median, p95), never asserted.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createToolAsContributor, DEMO, expectHydrated, logInAndExpectCatalog, newPage, openReviewAsAdmin, publishToCatalogOnReview, runSection, titleSuffix } from "./support";

const SCRIPT = `import time
from skriptoteket_toolkit import progress


def run_tool(input_dir, output_dir):
    print("Startar")
    for i in range(1, 25):
        progress(f"Steg {i} av 24", i / 24)
        print(f"LIVE {time.time():.3f}", flush=True)
        time.sleep(0.3)
    return {"outputs": [{"kind": "notice", "level": "info", "message": "Klart!"}]}
`;

/** Records, in the page, when each "LIVE <epoch seconds>" line first shows up in a live log panel. */
async function recordLineArrivals(page: Page) {
  await page.evaluate(() => {
    const seen = new Set<string>();
    const latencies: number[] = [];
    (window as unknown as { __liveLatencies: number[] }).__liveLatencies = latencies;
    new MutationObserver(() => {
      const now = Date.now() / 1000;
      for (const pre of document.querySelectorAll('pre[data-live="true"]')) {
        for (const match of (pre.textContent ?? "").matchAll(/^LIVE (\d+\.\d+)$/gm)) {
          if (seen.has(match[1]!)) continue;
          seen.add(match[1]!);
          latencies.push(now - Number(match[1]));
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

test("live lines in the Testyta and the tool's progress on a teacher's tool page, before the run ends", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const title = `Livelogg ${titleSuffix()}`;

  // --- The contributor writes the tool and runs TESTKÖR.
  await createToolAsContributor(page, title, "Visar hur långt det har kommit.");
  await page.getByRole("tab", { name: "Formulär (input_schema)" }).click();
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  await page.getByLabel("Formulär (input_schema, JSON)").fill("[]");
  await page.getByRole("tab", { name: "Skript" }).click();
  const editor = page.getByRole("textbox", { name: "Skript (Python)" });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(SCRIPT);
  await expect.poll(() => editor.evaluate((element) => (element as HTMLElement).innerText.replace(/\u00a0/g, " "))).toContain("def run_tool");

  await recordLineArrivals(page);
  await page.getByRole("form", { name: "Testkör verktyget" }).getByRole("button", { name: "TESTKÖR" }).click();
  const run = runSection(page);
  // The live panel (data-live) exists only until the run ends: these lines were seen while it ran.
  const livePanel = run.locator('pre[data-live="true"]');
  await expect(livePanel).toContainText("Startar", { timeout: 60_000 });
  await expect(livePanel).toContainText("LIVE ");
  await expect(run).toHaveAttribute("data-status", "running");
  await expect(run.getByTestId("tool-progress")).toContainText(/Steg \d+ av 24/);
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  // Then the stored logs: the same lines, complete.
  await expect(livePanel).toHaveCount(0);
  await expect(run.getByText("Klart!")).toBeVisible();
  await expect(run.locator("pre").filter({ hasText: "Startar" })).toContainText(/LIVE [\d.]+\n?$/);

  const latencies = await page.evaluate(() => (window as unknown as { __liveLatencies: number[] }).__liveLatencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length > 0) {
    const figure = { lines: sorted.length, median_ms: Math.round(percentile(sorted, 50) * 1000), p95_ms: Math.round(percentile(sorted, 95) * 1000), max_ms: Math.round(sorted.at(-1)! * 1000) };
    console.log(`live print→browser latency: ${JSON.stringify(figure)}`);
    test.info().annotations.push({ type: "live-latency", description: JSON.stringify(figure) });
  }

  // Save and submit.
  // Real instructions: the template's placeholder text is refused on submission.
  await page.getByRole("tab", { name: "Instruktioner" }).click();
  await page.getByLabel("Instruktioner (Markdown)").fill("Välj klasslistan och tryck **KÖR**.");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText("Allt är sparat (version 2)");
  await page.getByLabel("Vad har ändrats i version 2?").fill("Visar förloppet.");
  await page.getByRole("button", { name: "Skicka för granskning" }).click();
  await expect(page.getByText("Version 2 är skickad för granskning.")).toBeVisible();

  // --- The admin publishes the version and the tool.
  const admin = await openReviewAsAdmin(browser, title, 2);
  await publishToCatalogOnReview(admin, 2);

  // --- The teacher runs it and sees the progress, never the printed lines.
  const teacher = await newPage(browser);
  await logInAndExpectCatalog(teacher, DEMO.user.email, DEMO.user.password);
  await teacher.getByLabel("Sök verktyg").fill(title);
  await teacher.getByLabel("Sök verktyg").press("Enter");
  await teacher.getByRole("link", { name: new RegExp(title) }).click();
  const kor = teacher.getByRole("button", { name: "KÖR", exact: true });
  await expectHydrated(kor);
  await kor.click();
  const teacherRun = runSection(teacher);
  const progress = teacherRun.getByTestId("tool-progress");
  await expect(progress).toContainText(/Steg \d+ av 24/, { timeout: 60_000 });
  const bar = progress.getByRole("progressbar", { name: "Hur långt verktyget har kommit" });
  await expect(bar).toHaveAttribute("aria-valuenow", /^\d+$/);
  await expect(teacherRun).toHaveAttribute("data-status", "running");
  await expect(teacherRun.getByText("Verktyget körs…")).toBeVisible();
  await expect(teacherRun).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(teacherRun.getByText("Klart!")).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(teacherRun.getByText("LIVE")).toHaveCount(0);
  await expect(teacherRun.getByText("Startar")).toHaveCount(0);
});
