import { describe, expect, it } from "vitest";
import { translator } from "~/lib/i18n";
import { positionSchema, positionsText, tally, tallyText } from "./positions";

describe("positions", () => {
  const people = [
    { stance: "agree" as const, reason: "", user: { displayName: "Ana" } },
    { stance: "block" as const, reason: "Too loud", user: { displayName: "Bea" } },
    { stance: "agree" as const, reason: "Yes", user: null },
  ];

  it("counts each stance and says it in the reader's language, leaving out the ones nobody took", () => {
    expect(tally(people)).toEqual({ agree: 2, abstain: 0, disagree: 0, block: 1 });
    expect(tallyText(translator("en"), tally(people))).toBe("2 agree, 1 block");
    expect(tallyText(translator("fr"), tally(people))).toBe("2 d’accord, 1 blocage");
    expect(tallyText(translator("en"), tally([]))).toBe("");
  });

  it("writes every position with its reason as plain text", () => {
    expect(positionsText(translator("en"), people)).toBe("Ana: Agree; Bea: Block — Too loud; someone: Agree — Yes");
  });

  it("accepts only the four stances and a bounded reason", () => {
    expect(positionSchema.safeParse({ stance: "block", reason: " why " }).data).toEqual({ stance: "block", reason: "why" });
    expect(positionSchema.safeParse({ stance: "veto", reason: "" }).error?.issues[0]?.message).toBe("decision.position.stanceRequired");
    expect(positionSchema.safeParse({ stance: "agree", reason: "x".repeat(501) }).success).toBe(false);
  });
});
