/**
 * The two tar streams between host and wrapper (runner-image/_runner_tar.py): every name a
 * teacher's file can have arrives whole both ways, and a stdin that is not a good archive ends
 * in a clear failure, never a hang or a file outside /work.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tar from "tar-stream";
import { ensureRunnerImage } from "@/server/execution/runner-image";
import { craftTar } from "../../support/execution/tar-builder";
import { createHarness, expectHostClean, inputFile, RUN_MODES, runImage, type Harness } from "../../support/execution/harness";

const NAMES = [
  "Närvaro åk 7 – vecka 12.xlsx",
  `${"Klasslista ".repeat(14)}.csv`, // 154 bytes: more than ustar's 100
  "ÅÄÖ åäö é ü ß 日本.txt",
  "plain.txt",
];

describe.each(RUN_MODES)("names in both archives (%s)", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    await ensureRunnerImage();
    h = await createHarness(`archives-${mode}`, mode);
  }, 900_000);
  afterAll(async () => {
    await h?.cleanup();
  });

  it("input and output files with long and non-ASCII names keep their names and bytes", async () => {
    const result = await h.run(
      `
import os
def run_tool(input_dir, output_dir):
    names = sorted(os.listdir(input_dir))
    for name in names:
        with open(os.path.join(input_dir, name), "rb") as f:
            data = f.read()
        with open(os.path.join(output_dir, "kopia " + name), "wb") as f:
            f.write(data * 3)
    return "<p>" + str(len(names)) + "</p>"
`,
      { inputFiles: NAMES.map((name, index) => inputFile(name, `fil ${index}: ${name}\n`.repeat(100 + index * 7))) },
    );
    expect({ status: result.status, errorSummary: result.errorSummary }).toEqual({ status: "succeeded", errorSummary: null });
    const byPath = new Map(result.artifacts.map((artifact) => [artifact.path, artifact]));
    expect([...byPath.keys()].sort()).toEqual(NAMES.map((name) => `output/kopia ${name}`).sort());
    NAMES.forEach((name, index) => {
      const expected = Buffer.from(`fil ${index}: ${name}\n`.repeat(100 + index * 7).repeat(3));
      const artifact = byPath.get(`output/kopia ${name}`)!;
      expect(artifact.bytes).toBe(expected.length);
      expect(artifact.sha256).toBe(createHash("sha256").update(expected).digest("hex"));
    });
    await expectHostClean(h, result);
  });
});

/** Runs the wrapper of the real image with `stdin` as its job stream; returns its answer's entries. */
async function wrapperAnswer(stdin: Buffer): Promise<{ entries: Map<string, string>; diagnostics: string }> {
  const { stdout, stderr } = await runImage({ stdin });
  const entries = new Map<string, string>();
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on("end", () => {
      entries.set(header.name, Buffer.concat(chunks).toString("utf8"));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on("finish", resolve);
    extract.on("error", reject);
    extract.end(stdout);
  });
  return { entries, diagnostics: stderr.toString("utf8") };
}

describe("a job stream that is not a good archive", () => {
  it("garbage on stdin: the run fails as unpackable, with the whole answer", async () => {
    const { entries, diagnostics } = await wrapperAnswer(Buffer.from("inte en tar-fil\n".repeat(200)));
    expect(JSON.parse(entries.get("result.json")!)).toMatchObject({ status: "failed", error_summary: "The run's files could not be unpacked." });
    expect(entries.has("end")).toBe(true);
    expect(diagnostics).toContain("broken job archive");
  }, 60_000);

  it("an archive cut off inside a file fails the same way", async () => {
    const whole = await craftTar([{ name: "script.py", content: "def run_tool(i, o):\n    return 'hej'\n".repeat(100) }]);
    const { entries } = await wrapperAnswer(whole.subarray(0, 1024));
    expect(JSON.parse(entries.get("result.json")!)).toMatchObject({ status: "failed", error_summary: "The run's files could not be unpacked." });
  }, 60_000);

  it("an empty stdin is a run without a script", async () => {
    const { entries } = await wrapperAnswer(Buffer.alloc(0));
    expect(JSON.parse(entries.get("result.json")!)).toMatchObject({ status: "failed", error_summary: "The tool script is missing." });
  }, 60_000);

  it("links, folders and paths outside input/ are ignored: the tool sees only its regular files", async () => {
    const script = `
import os
def run_tool(input_dir, output_dir):
    seen = []
    for root, dirs, files in os.walk("/work"):
        for name in dirs + files:
            path = os.path.join(root, name)
            seen.append(path + (" -> link" if os.path.islink(path) else ""))
    for extra in ("/tmp/evil", "/work/evil", "/evil"):
        seen.append(extra + (" exists" if os.path.lexists(extra) else " absent"))
    return {"outputs": [{"kind": "text", "text": "\\n".join(sorted(seen))}]}
`;
    const archive = await craftTar([
      { name: "script.py", content: script },
      { name: "input/ok.csv", content: "a;b\n" },
      { name: "input/länk", type: "symlink", linkname: "/etc/passwd" },
      { name: "input/hård", type: "link", linkname: "script.py" },
      { name: "input/mapp", type: "directory" },
      { name: "../evil", content: "x" },
      { name: "/tmp/evil", content: "x" },
      { name: "input/../../evil", content: "x" },
      { name: "input/sub/evil", content: "x" },
      { name: "script.py", content: "raise SystemExit('second script')" },
    ]);
    const { entries, diagnostics } = await wrapperAnswer(archive);
    const result = JSON.parse(entries.get("result.json")!) as { status: string; outputs: { text: string }[] };
    expect(result.status).toBe("succeeded");
    expect(result.outputs[0]!.text.split("\n")).toEqual([
      "/evil absent",
      "/tmp/evil absent",
      "/work/evil absent",
      "/work/input",
      "/work/input/ok.csv",
      "/work/output",
      "/work/script.py",
    ]);
    expect(diagnostics).toContain("ignored duplicate job entry 'script.py'");
    expect(diagnostics).toContain("ignored job entry 'input/länk'");
  }, 60_000);
});
