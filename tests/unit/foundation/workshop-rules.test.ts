import { describe, expect, it } from "vitest";
import { shownExitCode } from "@/lib/run-exit-code";
import { hasPlaceholderInstructions, STARTER_INSTRUCTIONS } from "@/lib/version-schemas";

describe("the exit code shown under a TESTKÖR", () => {
  it("hides the wrapper's 0 beside a failed run (a syntax error, an exception), keeps codes that mean something", () => {
    expect(shownExitCode("failed", 0)).toBeNull();
    expect(shownExitCode("timed_out", 0)).toBeNull();
    expect(shownExitCode("succeeded", 0)).toBe(0);
    expect(shownExitCode("failed", 137)).toBe(137);
    expect(shownExitCode("failed", null)).toBeNull();
  });
});

describe("placeholder instructions", () => {
  it("are the template's text, also when written around", () => {
    expect(hasPlaceholderInstructions(STARTER_INSTRUCTIONS)).toBe(true);
    expect(hasPlaceholderInstructions(`# Gruppindelning\n\n${STARTER_INSTRUCTIONS}`)).toBe(true);
    expect(hasPlaceholderInstructions("Välj klasslistan och tryck **KÖR**.")).toBe(false);
    expect(hasPlaceholderInstructions("")).toBe(false);
  });
});
