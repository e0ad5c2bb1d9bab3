import { describe, expect, it } from "vitest";
import { checkRelativePath, sanitizeNameForNotice } from "@/server/artifacts/safe-path";
import { checkArtifactKey } from "@/server/artifacts/artifact-store";
import { checkInputFileName, checkInputFileNames } from "@/server/execution/input-names";

describe("checkRelativePath (output entries, store keys)", () => {
  it.each(["rapport.pdf", "sub/mapp/bild.png", "Årskurs 9 – betyg.xlsx", ".hidden", "a".repeat(255), "😀.txt"])(
    "accepts %s",
    (name) => expect(checkRelativePath(name)).toEqual({ ok: true, path: name }),
  );

  it.each([
    ["", "tomt namn"],
    ["../etc/passwd", '"." eller ".."'],
    ["a/../../b", '"." eller ".."'],
    ["./a", '"." eller ".."'],
    ["/etc/passwd", "absolut"],
    ["a//b", "tomt led"],
    ["a/", "tomt led"],
    ["a\\b", "bakåtsnedstreck"],
    ["a\u0000b", "NUL"],
    ["a\nb", "styrtecken"],
    ["a\u0085b", "styrtecken"],
    ["a\u007fb", "styrtecken"],
    ["gpj\u202Eexe.txt", "textriktningen"],
    ["a\u200fb.txt", "textriktningen"],
    ["output/...", "inga synliga tecken"],
    ["output/ ", "inga synliga tecken"],
    ["x\u2066y", "textriktningen"],
    ["bad\uFFFD.txt", "UTF-8"],
    ["lone\ud800.txt", "UTF-8"],
    ["a".repeat(256), "255 byte"],
    ["å".repeat(128), "255 byte"],
    [Array.from({ length: 10 }, () => "b".repeat(120)).join("/"), "1024 byte"],
    ["x".repeat(4096), "1024 byte"],
  ])("refuses %j (%s)", (name, reason) => {
    const check = checkRelativePath(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it("artifact keys use the same rules", () => {
    expect(checkArtifactKey("runs/1/output/a.pdf")).toBe("runs/1/output/a.pdf");
    expect(() => checkArtifactKey("runs/../../etc")).toThrow(/invalid artifact key/);
    expect(() => checkArtifactKey("/abs")).toThrow(/invalid artifact key/);
  });

  it("sanitizes hostile names for notices", () => {
    expect(sanitizeNameForNotice("a\u202Eb\nc\u0000")).toBe("a?b?c?");
    expect(sanitizeNameForNotice("😀")).toBe("😀");
    expect(sanitizeNameForNotice("x".repeat(500)).length).toBe(81);
  });
});

describe("checkInputFileName (uploads, RUNNER-CONTRACT §7)", () => {
  it.each(["elever.csv", "Klass 7B.xlsx", "a".repeat(255), "noll.txt"])("accepts %s", (name) => {
    expect(checkInputFileName(name)).toEqual({ ok: true });
  });

  it.each([
    ["", "tomt"],
    ["   ", "tomt"],
    [" a.csv", "mellanslag"],
    ["../x", "/"],
    ["a/b", "/"],
    ["a\\b", "bakåtsnedstreck"],
    ["..", ".."],
    [".", '"."'],
    ["...", "inga synliga tecken"],
    [" . ", "inga synliga tecken"],
    ["\u200b", "inga synliga tecken"],
    ["\ufeff.", "inga synliga tecken"],
    ["gpj\u202Eexe.csv", "textriktningen"],
    ["a\u2067b.csv", "textriktningen"],
    ["a\u200fb.csv", "textriktningen"],
    ["a\u0085b.csv", "styrtecken"],
    ["a\u007fb.csv", "styrtecken"],
    ["bad\uFFFD.csv", "UTF-8"],
    ["a..b", ".."],
    ["/etc/passwd", "/"],
    ["a\u0000b", "NUL"],
    ["a\tb", "styrtecken"],
    ["a".repeat(300), "255 byte"],
  ])("refuses %j", (name, reason) => {
    const check = checkInputFileName(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(reason);
  });

  it("uses the same name rule as output paths: what one refuses, so does the other", () => {
    for (const name of [".", "..", "...", "\u200b", "a\u202Eb", "a\u2066b", "a\u200eb", "a\u0001b", "a\u009fb", "a\\b", "x\uFFFD", "a".repeat(256)]) {
      expect(checkInputFileName(name).ok, JSON.stringify(name)).toBe(false);
      expect(checkRelativePath(`output/${name}`).ok, JSON.stringify(name)).toBe(false);
    }
  });

  it("refuses duplicate names", () => {
    expect(checkInputFileNames(["a.csv", "b.csv"])).toBeNull();
    expect(checkInputFileNames(["a.csv", "a.csv"])).toMatch(/mer än en gång/);
  });
});
