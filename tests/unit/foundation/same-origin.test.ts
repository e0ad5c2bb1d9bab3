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

  it("compares the scheme too: an http page may not post to the https site, nor the reverse", () => {
    expect(isSameOriginRequest(post({ host: "app.example", origin: "https://app.example" }))).toBe(false);
    const https = new Request("https://app.example/api/trpc/x", { method: "POST", headers: { host: "app.example", origin: "http://app.example" } });
    expect(isSameOriginRequest(https)).toBe(false);
    // Default ports are the same origin, written or not.
    expect(isSameOriginRequest(post({ host: "app.example", origin: "http://app.example:80" }))).toBe(true);
  });

  it("behind a configured proxy, compares with X-Forwarded-Proto and X-Forwarded-Host rather than the connection", () => {
    const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "skriptoteket.school.example", "x-forwarded-proto": "https" };
    expect(isSameOriginRequest(post({ ...proxied, origin: "https://skriptoteket.school.example" }), { trustProxy: true })).toBe(true);
    expect(isSameOriginRequest(post({ ...proxied, origin: "http://skriptoteket.school.example" }), { trustProxy: true })).toBe(false);
    expect(isSameOriginRequest(post({ ...proxied, origin: "http://127.0.0.1:3000" }), { trustProxy: true })).toBe(false);
  });

  it("without a configured proxy, X-Forwarded-Host and X-Forwarded-Proto are a client's claim and change nothing", () => {
    const forged = { host: "app.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    expect(isSameOriginRequest(post({ ...forged, origin: "https://evil.example" }), { trustProxy: false })).toBe(false);
    expect(isSameOriginRequest(post({ ...forged, origin: "http://evil.example" }), { trustProxy: false })).toBe(false);
    expect(isSameOriginRequest(post({ ...forged, origin: "http://app.example" }), { trustProxy: false })).toBe(true);
  });
});
