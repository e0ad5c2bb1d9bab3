import { describe, expect, it } from "vitest";
import { clientAddressOf } from "@/server/http/trusted-request";

describe("clientAddressOf", () => {
  it("without a trusted proxy, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("192.0.2.1", undefined, 0)).toBe("192.0.2.1");
    expect(clientAddressOf("192.0.2.1", "198.51.100.9", 0)).toBe("192.0.2.1");
    expect(clientAddressOf("::ffff:127.0.0.1", "", 0)).toBe("127.0.0.1");
  });

  it("behind N trusted proxies, is the N-th from the right: entries further left are the client's claims", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.9", 1)).toBe("198.51.100.9");
    expect(clientAddressOf("10.0.0.2", "6.6.6.6, 198.51.100.9", 1)).toBe("198.51.100.9");
    expect(clientAddressOf("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.1", 2)).toBe("198.51.100.9");
    // Fewer entries than proxies: the leftmost there is (never something made up).
    expect(clientAddressOf("10.0.0.2", undefined, 2)).toBe("10.0.0.2");
  });
});
