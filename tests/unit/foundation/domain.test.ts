import { describe, expect, it } from "vitest";
import { hasRole, ROLES, type Role } from "@/lib/domain";

describe("hasRole", () => {
  // actual → the roles it satisfies (DOMAIN.md: user < contributor < admin).
  const satisfies: Record<Role, Role[]> = {
    user: ["user"],
    contributor: ["user", "contributor"],
    admin: ["user", "contributor", "admin"],
  };

  it.each(ROLES.flatMap((actual) => ROLES.map((required) => ({ actual, required, ok: satisfies[actual].includes(required) }))))(
    "$actual satisfies $required: $ok",
    ({ actual, required, ok }) => {
      expect(hasRole(actual, required)).toBe(ok);
    },
  );

  it("lists the roles from lowest to highest", () => {
    expect(ROLES).toEqual(["user", "contributor", "admin"]);
  });
});
