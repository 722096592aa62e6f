import { describe, expect, it } from "vitest";
import { productionSchema, slugify, slugSchema } from "./validation";

describe("production addresses", () => {
  it("are suggested from titles in any language", () => {
    expect(slugify("L'Été à Paris")).toBe("l-ete-a-paris");
    expect(slugify("  Iron Sky: The Coming Race!! ")).toBe("iron-sky-the-coming-race");
  });
  it("accept lowercase words joined by single dashes", () => {
    expect(slugSchema.safeParse("les-veilleurs").success).toBe(true);
    expect(slugSchema.parse("Les-Veilleurs")).toBe("les-veilleurs");
    for (const bad of ["ab", "-abc", "abc-", "a--b", "a b c", "été", "new", "../etc"]) {
      expect(slugSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("production form", () => {
  it("checks phase and licence against the known lists", () => {
    const base = { title: "T", slug: "my-film", logline: "", synopsis: "", membersEditScript: "on" };
    expect(productionSchema.safeParse({ ...base, phase: "development", licence: "CC-BY-SA-4.0" }).success).toBe(true);
    const bad = productionSchema.safeParse({ ...base, phase: "shooting", licence: "GPL-3.0" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["field.choice", "field.choice"]);
  });

  it("reads the minimum proposal period as whole hours, none when empty", () => {
    const base = { title: "T", slug: "my-film", logline: "", synopsis: "", membersEditScript: "on", phase: "development", licence: "CC-BY-SA-4.0" };
    expect(productionSchema.parse(base).minProposalHours).toBe(0);
    expect(productionSchema.parse({ ...base, minProposalHours: " 48 " }).minProposalHours).toBe(48);
    for (const bad of ["-1", "1.5", "2161", "a day"]) {
      expect(productionSchema.safeParse({ ...base, minProposalHours: bad }).error?.issues[0]?.message).toBe("production.minProposalHoursInvalid");
    }
  });
});
