/**
 * A chart stays in its box. A tool's `vega_lite` output may try to put inputs into the app's
 * page (`bind.element: "#main"`, `"body"`, `"#__next"`), listen to the page's events, walk from
 * an event to `window.parent`, or link to `javascript:`. Two journeys:
 * - a published tool returns such specs and a teacher runs it (the real path: worker, result
 *   normalizer, run view) — the normalizer strips what it knows and says so;
 * - a stored result carrying the raw hostile specs (as if something slipped past the normalizer)
 *   is opened — the sandboxed chart frame alone must keep the page intact.
 * In both, the app's page keeps its content, no input appears outside the chart's frame, and
 * a plain chart still draws (inside its frame) with its data as a table.
 */
import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { DEMO, expectHydrated, logInAndExpectCatalog, runSection, titleSuffix } from "./support";

// The e2e server's embedded Postgres (playwright.config.ts: EMBEDDED_POSTGRES_PORT=54349).
const DATABASE_URL = "postgres://skriptoteket:skriptoteket-local@127.0.0.1:54349/skriptoteket";

const VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json";
const VEGA = "https://vega.github.io/schema/vega/v5.json";
const values = [
  { klass: "7A", antal: 21 },
  { klass: "7B", antal: 17 },
];
const plainChart = { $schema: VEGA_LITE, title: "Elever per klass", data: { values }, mark: "bar", encoding: { x: { field: "klass", type: "nominal" }, y: { field: "antal", type: "quantitative" } } };

/** Each tries to reach outside its box in another way. */
const HOSTILE_SPECS = [
  ...["#main", "body", "#__next", "html"].map((element) => ({
    $schema: VEGA_LITE,
    data: { values },
    params: [{ name: "losenord", value: "", bind: { input: "password", name: "Lösenord: ", element } }],
    mark: "bar",
    encoding: { x: { field: "klass", type: "nominal" }, y: { field: "antal", type: "quantitative" } },
  })),
  {
    // A full Vega spec: a signal fed by window events whose expression walks to the app's page.
    $schema: VEGA,
    width: 200,
    height: 40,
    signals: [
      { name: "lacka", value: "tomt", on: [{ events: "window:mousemove", update: "event.view.parent.document.title" }, { events: "mousemove", update: "event.view.top.document.body.innerText" }] },
      { name: "falt", value: "", bind: { input: "text", element: "#main" } },
    ],
    marks: [{ type: "text", encode: { update: { text: { signal: "lacka" }, x: { value: 5 }, y: { value: 20 } } } }],
  },
  {
    $schema: VEGA_LITE,
    data: { values },
    mark: { type: "bar", href: "javascript:top.document.body.innerHTML='HACKAD'" },
    encoding: { x: { field: "klass", type: "nominal" }, y: { field: "antal", type: "quantitative" }, href: { value: "javascript:parent.document.body.remove()" } },
  },
];

const outputs = [{ kind: "notice", level: "info", message: "Diagrammen är ritade." }, ...HOSTILE_SPECS.map((spec) => ({ kind: "vega_lite", spec })), { kind: "vega_lite", spec: plainChart }];

async function withDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** The app's page is whole: its main content is there and no input lives outside a chart frame. */
async function expectPageIntact(page: Page, heading: RegExp | string) {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
  await expect(page.locator("input[type=password]")).toHaveCount(0);
  // No input bound by a chart: charts' inputs are vega-bind elements, only ever inside a frame.
  await expect(page.locator(".vega-bind, .vega-bindings, form.vega-bindings")).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerText)).not.toContain("HACKAD");
}

async function expectPlainChartDrawn(page: Page) {
  const chart = page.getByRole("figure").filter({ has: page.locator("figcaption", { hasText: "Diagram: Elever per klass" }) });
  await expect(chart).toHaveCount(1);
  const frame = chart.getByTestId("chart-frame");
  await expect(frame).toHaveAttribute("sandbox", "allow-scripts");
  await expect(frame.contentFrame().locator("svg .mark-rect path")).toHaveCount(2, { timeout: 20_000 });
  // The text alternative: the chart's data as a table.
  // By keyboard (frames above it may still be resizing, which would move a mouse click's target).
  await chart.locator("summary", { hasText: "Visa diagrammets data som tabell" }).press("Enter");
  await expect(chart.getByRole("table", { name: "Data för diagrammet Elever per klass" }).getByRole("row")).toHaveCount(3);
}

/** Every chart has been drawn or has failed (none still says it is drawing). */
async function expectChartsSettled(page: Page) {
  await expect(page.getByText("Diagrammet ritas …")).toHaveCount(0, { timeout: 30_000 });
}

/** Moves over and clicks every chart: signals on mouse events and href marks get their chance. */
async function poke(page: Page) {
  const frames = page.getByTestId("chart-frame").or(page.locator("svg.marks"));
  const count = await frames.count();
  for (let index = 0; index < count; index++) {
    const frame = frames.nth(index);
    if (!(await frame.isVisible())) continue;
    const box = await frame.boundingBox();
    if (!box) continue;
    for (const [dx, dy] of [[0.3, 0.5], [0.5, 0.6], [0.2, 0.8]] as const) {
      await page.mouse.move(box.x + box.width * dx, box.y + Math.min(box.height * dy, 120));
      await page.mouse.click(box.x + box.width * dx, box.y + Math.min(box.height * dy, 120));
    }
  }
}

test("a tool whose charts try to reach outside their box: the page stays whole and the plain chart draws", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = `diagramtest-${crypto.randomBytes(4).toString("hex")}`;
  const title = `Diagramtest ${titleSuffix()}`;
  const source = `import json\n\nOUTPUTS = json.loads(${JSON.stringify(JSON.stringify(outputs))})\n\n\ndef run_tool(input_dir, output_dir):\n    return {"outputs": OUTPUTS}\n`;
  await withDatabase(async (sql) => {
    const [admin] = await sql`select id from users where email = ${DEMO.admin.email}`;
    const [tool] = await sql`insert into tools (slug, title, summary, owner_id, is_published) values (${slug}, ${title}, 'Ritar diagram.', ${admin!.id}, true) returning id`;
    const [version] = await sql`
      insert into tool_versions (tool_id, version_number, state, source_code, content_hash, created_by, published_by, published_at)
      values (${tool!.id}, 1, 'active', ${source}, ${crypto.createHash("sha256").update(source).digest("hex")}, ${admin!.id}, ${admin!.id}, now()) returning id`;
    await sql`update tools set active_version_id = ${version!.id} where id = ${tool!.id}`;
  });

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await page.goto(`/tools/${slug}`);
  const kor = page.getByRole("button", { name: "KÖR" });
  await expectHydrated(kor);
  await kor.click();
  const run = runSection(page);
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(run.getByText("Diagrammen är ritade.")).toBeVisible();
  // The normalizer says what it took out.
  await expect(run.getByText(/bind\.element \(reglage utanför diagrammet\)/).first()).toBeVisible();

  await expectChartsSettled(page);
  await poke(page);
  await expectPageIntact(page, title);
  await expectPlainChartDrawn(page);
  expect(page.url()).toContain(`/tools/${slug}`);
  expect(dialogs).toEqual([]);
});

test("a stored result with the raw hostile charts (past the normalizer): the sandboxed frame alone keeps the page whole", async ({ page }) => {
  const runId = await withDatabase(async (sql) => {
    const [row] = await sql`
      insert into tool_runs (tool_id, version_id, user_id, context, status, queued_at, started_at, finished_at, ui_payload)
      select t.id, t.active_version_id, u.id, 'production', 'succeeded', now(), now(), now(), ${sql.json({ contract_version: 2, outputs, next_actions: [] } as never)}
      from tools t, users u where t.slug = 'slumpa-elev' and u.email = ${DEMO.user.email}
      returning id`;
    return row!.id as string;
  });

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await logInAndExpectCatalog(page, DEMO.user.email, DEMO.user.password);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("Diagrammen är ritade.")).toBeVisible();
  const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await expectChartsSettled(page);
  await poke(page);
  await expectPageIntact(page, heading);
  await expectPlainChartDrawn(page);

  // The hostile specs did run — inside their frames: the inputs bound to "body" are there.
  const frames = page.getByTestId("chart-frame");
  await expect(frames.nth(1).contentFrame().locator("input[type=password]")).toHaveCount(1, { timeout: 20_000 });
  // The signal that walked to window.parent learned nothing of the app's page.
  const leakFrame = frames.nth(4).contentFrame();
  await expect(leakFrame.locator("svg")).toHaveCount(1, { timeout: 20_000 });
  const leaked = (await leakFrame.locator("svg").textContent()) ?? "";
  expect(leaked).not.toContain("Skriptoteket");
  expect(leaked).not.toContain(heading);
  expect(page.url()).toContain(`/runs/${runId}`);
  expect(dialogs).toEqual([]);
});
