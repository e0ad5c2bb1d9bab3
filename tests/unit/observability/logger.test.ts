import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm";
import { safeError } from "@/server/observability/logger";

describe("safeError", () => {
  it("keeps a failed query's SQL but never its parameters (an e-mail, a form value)", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const error = new DrizzleQueryError('insert into "users" ("email", "display_name") values ($1, $2)', ["asa.oberg@skolan.se", "Åsa\nÖberg"], cause);
    const text = JSON.stringify(safeError(error));
    expect(text).toContain('insert into \\"users\\"');
    expect(text).toContain("ECONNREFUSED");
    expect(text).not.toContain("asa.oberg");
    expect(text).not.toContain("Öberg");
  });
});
