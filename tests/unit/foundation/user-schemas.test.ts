import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_LENGTH } from "@/lib/domain";
import { createUserInput, emailSchema, listUsersInput, passwordSchema, roleSchema, setUserRoleInput } from "@/lib/user-schemas";

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("emailSchema", () => {
  it("trims and lower-cases", () => {
    expect(emailSchema.parse("  Anna.Andersson@Skola.SE ")).toBe("anna.andersson@skola.se");
  });

  it("refuses what is not an e-mail, in Swedish", () => {
    for (const bad of ["", "anna", "anna@", "@skola.se", "anna andersson@skola.se"]) {
      const result = emailSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(firstMessage(result), bad).toBe("Skriv en giltig e-postadress.");
    }
  });
});

describe("passwordSchema", () => {
  it(`needs at least ${PASSWORD_MIN_LENGTH} characters, said in Swedish`, () => {
    expect(passwordSchema.safeParse("x".repeat(PASSWORD_MIN_LENGTH)).success).toBe(true);
    const short = passwordSchema.safeParse("x".repeat(PASSWORD_MIN_LENGTH - 1));
    expect(short.success).toBe(false);
    expect(firstMessage(short)).toBe(`Lösenordet måste ha minst ${PASSWORD_MIN_LENGTH} tecken.`);
  });

  it("keeps spaces (a password is not trimmed) and caps the length at 200", () => {
    expect(passwordSchema.parse("  spaced  ")).toBe("  spaced  ");
    expect(passwordSchema.safeParse("x".repeat(200)).success).toBe(true);
    expect(firstMessage(passwordSchema.safeParse("x".repeat(201)))).toMatch(/för långt/);
  });
});

describe("user inputs", () => {
  it("createUserInput normalises e-mail and name and checks the role", () => {
    expect(createUserInput.parse({ email: " A@B.SE ", displayName: "  Anna ", role: "contributor", password: "long-enough" })).toEqual({
      email: "a@b.se",
      displayName: "Anna",
      role: "contributor",
      password: "long-enough",
    });
    expect(firstMessage(createUserInput.safeParse({ email: "a@b.se", displayName: "   ", role: "user", password: "long-enough" }))).toBe(
      "Skriv ett namn.",
    );
    expect(firstMessage(roleSchema.safeParse("superuser"))).toBe("Välj en roll.");
  });

  it("listUsersInput defaults to page 1 and refuses page 0", () => {
    expect(listUsersInput.parse({})).toEqual({ page: 1 });
    expect(listUsersInput.safeParse({ page: 0 }).success).toBe(false);
  });

  it("ids must be UUIDs", () => {
    expect(setUserRoleInput.safeParse({ userId: "1", role: "user" }).success).toBe(false);
    expect(setUserRoleInput.safeParse({ userId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", role: "user" }).success).toBe(true);
  });
});
