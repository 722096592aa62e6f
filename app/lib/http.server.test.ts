import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http.server";

describe("safeRedirectPath", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirectPath("/p/demo?x=1")).toBe("/p/demo?x=1");
  });
  it("refuses other sites and odd values", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined]) {
      expect(safeRedirectPath(bad as string)).toBe("/");
    }
  });
});
