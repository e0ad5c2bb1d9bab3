import { describe, expect, it } from "vitest";
import { afterLoginPath, loginPathFor, safeReturnPath } from "@/lib/return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site, normalized", () => {
    expect(safeReturnPath("/tools/gruppindelning")).toBe("/tools/gruppindelning");
    expect(safeReturnPath("/runs?page=2#top")).toBe("/runs?page=2#top");
    expect(safeReturnPath("/tools/../runs")).toBe("/runs");
    // Encoded slashes stay encoded: a path segment, never a host.
    expect(safeReturnPath("/%2f%2fevil.example")).toBe("/%2f%2fevil.example");
  });

  it.each([
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\u0000/evil.example",
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/x/..//evil.example",
    "/%2e%2e//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    " /tools",
    "",
    "/" + "a".repeat(3000),
  ])("falls back to the Katalog for %j", (value) => {
    expect(safeReturnPath(value)).toBe("/tools");
  });

  it("falls back for what is not a string", () => {
    expect(safeReturnPath(undefined)).toBe("/tools");
    expect(safeReturnPath(["/runs"])).toBe("/tools");
  });
});

describe("afterLoginPath", () => {
  it("never sends a signed-in browser back to the login page (a loop)", () => {
    expect(afterLoginPath("/login?callbackUrl=/tools")).toBe("/tools");
    expect(afterLoginPath("/runs")).toBe("/runs");
    // Sign-out may still land there.
    expect(safeReturnPath("/login?loggedOut=1")).toBe("/login?loggedOut=1");
  });
});

describe("loginPathFor", () => {
  it("asks the login page to come back, encoded", () => {
    expect(loginPathFor("/tools/gruppindelning")).toBe("/login?callbackUrl=%2Ftools%2Fgruppindelning");
    expect(loginPathFor("/tools")).toBe("/login");
    expect(loginPathFor("//evil.example")).toBe("/login");
    expect(loginPathFor(null)).toBe("/login");
  });
});
