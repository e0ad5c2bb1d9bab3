/**
 * Uploads that end badly, over real HTTP against the built app (issue 8 §2): a connection cut
 * mid-file, a client that stalls, a malformed multipart — all end with nothing in the store —
 * and the edge cases of names and multipart headers, each refused with a Swedish 400.
 * Bodies are written byte by byte with node:http, as a hostile or broken client sends them.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../../src/server/api/root";
import { createPublishedTool, createTestUser } from "../../support/db";
import { logInOverHttp, startWebServer, type WebServer } from "../../support/web-server";
import { storeFilesUnder } from "../../support/store-files";

const STALL_SECONDS = 2;
const BOUNDARY = "----skriptoteket-test-boundary";

let server: WebServer;
let root: string;
let cookie: string;
let slug: string;
let teacher: Awaited<ReturnType<typeof createTestUser>>;

const storeFiles = () => storeFilesUnder(root);

async function until(condition: () => boolean, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what} (store: ${JSON.stringify(storeFiles())})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const fieldPart = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
/** The file part's header; `fileName` goes in as raw UTF-8 bytes, unescaped. */
const fileHead = (fileName: string) =>
  Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="`), Buffer.from(fileName, "utf8"), Buffer.from(`"\r\nContent-Type: text/csv\r\n\r\n`)]);
const closing = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
const multipart = `multipart/form-data; boundary=${BOUNDARY}`;

type Answer = { status: number; message: string };

/** Starts a POST /api/runs whose body the caller writes; the answer (if any) as a promise. */
function openUpload(contentType: string, contentLength: number) {
  const request = http.request(`${server.url}/api/runs`, {
    method: "POST",
    headers: { cookie, origin: server.url, "content-type": contentType, "content-length": String(contentLength) },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        try {
          const json = JSON.parse(text) as { error?: { message: string } };
          resolve({ status: response.statusCode ?? 0, message: json.error ? json.error.message : text });
        } catch {
          resolve({ status: response.statusCode ?? 0, message: text });
        }
      });
    });
    request.on("error", reject);
  });
  return { request, answer };
}

/** A complete body in one go; the answer, bounded so a hanging server fails the test. */
async function upload(contentType: string, body: Buffer): Promise<Answer> {
  const { request, answer } = openUpload(contentType, body.length);
  request.end(body);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 30 s")), 30_000));
  return Promise.race([answer, timeout]);
}

const withFile = (fileName: string, content = "Kalle Anka\n") => Buffer.concat([fieldPart("slug", slug), fieldPart("values", "{}"), fileHead(fileName), Buffer.from(content), closing]);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "upload-edges-"));
  server = await startWebServer({ databaseUrl: process.env.DATABASE_URL!, artifactsRoot: root, env: { UPLOAD_STALL_SECONDS: String(STALL_SECONDS) } });
  teacher = await createTestUser("user");
  const owner = await createTestUser("contributor");
  slug = (await createPublishedTool(owner.user.id, "def run_tool(i, o):\n    return {'outputs': []}\n", { inputSchema: [{ kind: "file", name: "filer", label: "Filer", min: 0, max: 3 }] })).tool.slug;
  cookie = await logInOverHttp(server.url, teacher.user.email, teacher.password);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("uploads that end early leave nothing stored", () => {
  const partialWrites = () => storeFiles().filter((key) => path.basename(key).startsWith(".tmp-"));

  it("a connection closed mid-file", async () => {
    const { request, answer } = openUpload(multipart, 10 * 1024 * 1024);
    answer.catch(() => {}); // the socket is ours to break: no answer comes
    request.write(Buffer.concat([fieldPart("slug", slug), fileHead("stor.csv")]));
    request.write(Buffer.alloc(512 * 1024, "a"));
    await until(() => partialWrites().length > 0, "the file being written");
    request.destroy(); // the socket goes, mid-body
    await until(() => storeFiles().length === 0, "nothing left in the store");
  });

  it("a client that stops sending", async () => {
    const { request, answer } = openUpload(multipart, 10 * 1024 * 1024);
    request.write(Buffer.concat([fieldPart("slug", slug), fileHead("stilla.csv")]));
    request.write(Buffer.alloc(256 * 1024, "b"));
    await until(() => partialWrites().length > 0, "the file being written");
    // …and nothing more: the server gives up after UPLOAD_STALL_SECONDS.
    await until(() => storeFiles().length === 0, "nothing left in the store");
    // The client still listens: it is told why, in Swedish.
    const told = await answer;
    expect(told.status).toBe(400);
    expect(told.message).toContain("stod still");
    request.destroy();
  });

  it("a multipart body cut off before its end", async () => {
    const body = Buffer.concat([fieldPart("slug", slug), fileHead("halv.csv"), Buffer.alloc(64 * 1024, "c")]);
    const answer = await upload(multipart, body);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/avbröts innan alla filer/);
    expect(storeFiles()).toEqual([]);
  });

  it("a body that is not multipart at all", async () => {
    const answer = await upload(multipart, Buffer.from("det här är inget formulär"));
    expect(answer.status).toBe(400);
    expect(answer.message).not.toMatch(/[A-Z][a-z]+ (end|of|form|header)/);
    expect(storeFiles()).toEqual([]);
  });
});

describe("upload edge cases, each refused in Swedish", () => {
  const English = /Malformed|Unexpected|Boundary|multipart:/i;

  it("multipart without a boundary", async () => {
    const answer = await upload("multipart/form-data", withFile("a.csv"));
    expect(answer.status).toBe(400);
    expect(answer.message).toContain("formuläret är felaktigt");
    expect(answer.message).not.toMatch(English);
  });

  it.each([
    [".", '"." eller ".."'],
    ["..", '"." eller ".."'],
    ["", "tomt"],
    ["   ", "tomt"],
    ["...", "inga synliga tecken"],
    ["\u200b", "inga synliga tecken"],
    ["gpj\u202Eexe.csv", "vänder textriktningen"],
    ["a\u2066b.csv", "vänder textriktningen"],
    ["elev\u007f.csv", "styrtecken"],
    ["elev\u0001lista.csv", "styrtecken"],
    ["elev\u001blista.csv", "styrtecken"],
  ])("a file named %j", async (fileName, reason) => {
    const answer = await upload(multipart, withFile(fileName));
    expect(answer.status).toBe(400);
    expect(answer.message).toContain(reason);
    expect(answer.message).not.toMatch(English);
    expect(storeFiles()).toEqual([]);
  });

  it("a good upload still goes through (the refusals above are about the names)", async () => {
    const { request, answer } = openUpload(multipart, withFile("klass 7B.csv").length);
    request.end(withFile("klass 7B.csv"));
    const { status, message } = await answer;
    expect(status, message).toBe(201);
    // No worker here: take the run out of the queue again.
    const runId = (JSON.parse(message) as { runId: string }).runId;
    await createCaller({ actor: teacher.actor }).run.cancel({ runId });
  });
});
