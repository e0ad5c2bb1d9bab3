import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "@/server/http/same-origin";

const post = (headers: Record<string, string>) => new Request("http://app.example/api/trpc/x", { method: "POST", headers });

describe("isSameOriginRequest", () => {
  it("accepts an Origin naming this host", () => {
    expect(isSameOriginRequest(post({ host: "app.example", origin: "http://app.example" }))).toBe(true);
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(true);
  });

  it("refuses a foreign Origin, another port, or a host that only starts the same", () => {
    expect(isSameOriginRequest(post({ host: "app.example", origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "http://localhost:4000" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "app.example", origin: "http://app.example.evil.example" }))).toBe(false);
  });

  it("refuses an Origin that is not a URL (including the opaque 'null')", () => {
    expect(isSameOriginRequest(post({ host: "app.example", origin: "null" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "app.example", origin: "app.example" }))).toBe(false);
  });

  it("without Origin, trusts only Sec-Fetch-Site: same-origin", () => {
    expect(isSameOriginRequest(post({ host: "app.example" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "app.example", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(post({ host: "app.example", "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "app.example", "sec-fetch-site": "cross-site" }))).toBe(false);
  });

  it("behind a proxy, compares with X-Forwarded-Host rather than Host", () => {
    const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "skriptoteket.school.example" };
    expect(isSameOriginRequest(post({ ...proxied, origin: "https://skriptoteket.school.example" }))).toBe(true);
    expect(isSameOriginRequest(post({ ...proxied, origin: "http://127.0.0.1:3000" }))).toBe(false);
  });
});
