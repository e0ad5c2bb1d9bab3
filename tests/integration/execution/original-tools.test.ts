/**
 * Tools written for the original Skriptoteket run unchanged (issue 11, item 8), against the
 * real runner image: pypandoc with a pandoc new enough for the original's options, PyYAML,
 * pydantic; and integers beyond 2^53 in outputs and state come back exact — also through
 * Postgres and the worker into the next follow-up run.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemArtifactStore } from "@/server/artifacts/filesystem-artifact-store";
import { createCaller } from "@/server/api/root";
import { getDb } from "@/server/db/client";
import { toolRuns } from "@/server/db/schema";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { startWorker } from "@/server/execution/worker";
import { startRun } from "@/server/services/start-run";
import { createPublishedTool, createTestUser } from "../../support/db";
import { createHarness, expectHostClean, jsonOutput, type Harness } from "../../support/execution/harness";
import { buffer } from "node:stream/consumers";

let h: Harness;

beforeAll(async () => {
  await ensureRunnerImage();
  h = await createHarness("original-tools");
}, 900_000);
afterAll(async () => {
  await h?.cleanup();
});

const BIG_NOTICE =
  "Systemmeddelande: heltal större än 9 007 199 254 740 991 (eller mindre än −9 007 199 254 740 991) visas som text, så att alla siffror blir rätt.";

describe("the original's libraries", () => {
  it("pypandoc converts Markdown to Word with pandoc ≥ 3.8 options (--syntax-highlighting=none)", async () => {
    const result = await h.run(
      `
import os
import pypandoc

def run_tool(input_dir, output_dir):
    target = os.path.join(output_dir, "veckobrev.docx")
    pypandoc.convert_text(
        "# Veckobrev\\n\\nHej **alla**!\\n\\n\`\`\`python\\nprint('hej')\\n\`\`\`\\n",
        "docx", format="md", outputfile=target,
        extra_args=["--syntax-highlighting=none", "--metadata=lang:sv-SE"],
    )
    back = pypandoc.convert_file(target, "markdown")
    return {"outputs": [{"kind": "json", "value": {
        "version": pypandoc.get_pandoc_version(),
        "path": pypandoc.get_pandoc_path(),
        "back": back,
    }}]}
`,
      { timeoutSeconds: 60 },
    );
    expect(result.errorSummary).toBeNull();
    expect(result.status).toBe("succeeded");
    const value = jsonOutput(result) as { version: string; path: string; back: string };
    const [major, minor] = value.version.split(".").map(Number);
    expect(major! > 3 || (major === 3 && minor! >= 8)).toBe(true);
    expect(value.back).toContain("# Veckobrev");
    expect(value.back).toContain("print('hej')");
    expect(result.artifacts).toEqual([expect.objectContaining({ path: "output/veckobrev.docx" })]);
    const docx = await buffer(await h.store.open(result.artifacts[0]!.key));
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    await expectHostClean(h, result);
  });

  it("PyYAML and pydantic: a YAML document validated into a model, and a refusal", async () => {
    const result = await h.run(`
import yaml
from pydantic import BaseModel, ValidationError, Field

class Grupp(BaseModel):
    namn: str
    elever: list[str]
    storlek: int = Field(gt=0)

def run_tool(input_dir, output_dir):
    data = yaml.safe_load("namn: 7B\\nelever: [Ada, Åsa]\\nstorlek: '2'\\n")
    grupp = Grupp.model_validate(data)
    try:
        Grupp.model_validate({"namn": "x", "elever": [], "storlek": 0})
        refused = None
    except ValidationError as e:
        refused = e.errors()[0]["loc"][0]
    return {"outputs": [{"kind": "json", "value": {
        "grupp": grupp.model_dump(), "refused": refused,
        "yaml": yaml.safe_dump({"å": [1, 2]}, allow_unicode=True),
    }}]}
`);
    expect(result.errorSummary).toBeNull();
    expect(jsonOutput(result)).toEqual({
      grupp: { namn: "7B", elever: ["Ada", "Åsa"], storlek: 2 },
      refused: "storlek",
      yaml: "å:\n- 1\n- 2\n",
    });
  });
});

/** Returns big integers in a table, a json output and state; reports what it got as state. */
const BIG_INTEGER_TOOL = `
import json, os
from skriptoteket_toolkit import get_action_parts

def run_tool(input_dir, output_dir):
    action, values, state = get_action_parts()
    seen = {k: [type(v).__name__, str(v)] for k, v in state.items()}
    raw = json.loads(os.environ.get("SKRIPTOTEKET_ACTION", "{}")).get("state", {})
    seed = state.get("seed", 2**64 + 1)
    return {
        "outputs": [
            {"kind": "table", "columns": [{"key": "id", "label": "Id"}, {"key": "n", "label": "N"}],
             "rows": [{"id": 12345678901234567890, "n": 1}, {"id": -(2**64 + 1), "n": 2**53 - 1}]},
            {"kind": "json", "value": {"seen": seen, "raw_is_int": isinstance(raw.get("seed"), int)}},
        ],
        "next_actions": [{"action_id": "nasta", "label": "Nästa", "kind": "form", "fields": []}],
        "state": {"seed": seed + 1, "id": 12345678901234567890, "list": [2**70, 7], "small": 3},
    }
`;

describe("integers beyond 2^53", () => {
  it("come back exact in a table (as text, with a notice) and in state (tagged), and the next run gets exact ints", async () => {
    const first = await h.run(BIG_INTEGER_TOOL);
    expect(first.errorSummary).toBeNull();
    expect(first.outputs[0]).toMatchObject({
      kind: "table",
      rows: [
        { id: "12345678901234567890", n: 1 },
        { id: "-18446744073709551617", n: 9007199254740991 },
      ],
    });
    expect(first.outputs.at(-1)).toEqual({ kind: "notice", level: "warning", message: BIG_NOTICE });
    const tag = (digits: string) => ({ $skriptoteket_int: digits });
    expect(first.state).toEqual({
      seed: tag("18446744073709551618"),
      id: tag("12345678901234567890"),
      list: [tag("1180591620717411303424"), 7],
      small: 3,
    });

    // The follow-up run, as the worker starts it: the stored state in SKRIPTOTEKET_ACTION.
    const second = await h.run(BIG_INTEGER_TOOL, { action: { action_id: "nasta", input: {}, state: first.state! } });
    expect(second.errorSummary).toBeNull();
    expect(jsonOutput(second)).toEqual({
      seen: {
        seed: ["int", "18446744073709551618"],
        id: ["int", "12345678901234567890"],
        list: ["list", "[1180591620717411303424, 7]"],
        small: ["int", "3"],
      },
      raw_is_int: true,
    });
    expect(second.state).toMatchObject({ seed: tag("18446744073709551619") });
  });
});

describe("integers beyond 2^53 through Postgres and the worker", () => {
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let store: FilesystemArtifactStore;

  beforeAll(async () => {
    store = h.store;
    worker = await startWorker({ workerId: `original-tools-${process.pid}`, databaseUrl: process.env.DATABASE_URL!, db: getDb(), store, concurrency: 1, staleSeconds: 30 });
  });
  afterAll(async () => {
    await worker?.stop();
  });

  async function waitForRun(runId: string) {
    for (;;) {
      const [run] = await getDb().select().from(toolRuns).where(eq(toolRuns.id, runId));
      if (run && !["queued", "running"].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("a follow-up run reads the exact ints its previous run stored", async () => {
    const owner = await createTestUser("contributor");
    const teacher = await createTestUser("user");
    const { tool } = await createPublishedTool(owner.user.id, BIG_INTEGER_TOOL);
    const { runId } = await startRun({ actor: teacher.actor, input: { slug: tool.slug, values: {}, files: [] } });
    const first = await waitForRun(runId);
    expect(first.status).toBe("succeeded");
    const outputsOf = (run: typeof first) => (run.uiPayload as { outputs: unknown[] }).outputs;
    expect(outputsOf(first)[0]).toMatchObject({ kind: "table", rows: [{ id: "12345678901234567890" }, { id: "-18446744073709551617" }] });

    const caller = createCaller({ actor: teacher.actor });
    const view = await caller.run.get({ runId });
    const next = await caller.run.action({ slug: tool.slug, actionId: "nasta", values: {}, stateRevision: view.stateRevision });
    const second = await waitForRun(next.runId);
    expect(second.status).toBe("succeeded");
    expect(outputsOf(second)[1]).toMatchObject({
      kind: "json",
      value: {
        seen: { seed: ["int", "18446744073709551618"], id: ["int", "12345678901234567890"], list: ["list", "[1180591620717411303424, 7]"] },
        raw_is_int: true,
      },
    });
  });
});
