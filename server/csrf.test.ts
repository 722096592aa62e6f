import { describe, expect, it } from "vitest";
import { isForeignRequest } from "./csrf";

const site = "https://studio.example";

describe("isForeignRequest", () => {
  it("lets reads through from anywhere", () => {
    for (const m of ["GET", "HEAD", "OPTIONS", "get"]) expect(isForeignRequest(m, "https://evil.example", site)).toBe(false);
  });
  it("accepts changes from the studio's own pages", () => {
    expect(isForeignRequest("POST", site, site)).toBe(false);
  });
  it("refuses changes with a foreign, missing or opaque Origin", () => {
    for (const m of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(isForeignRequest(m, "https://evil.example", site)).toBe(true);
      expect(isForeignRequest(m, undefined, site)).toBe(true);
      expect(isForeignRequest(m, "null", site)).toBe(true);
      expect(isForeignRequest(m, "https://studio.example.evil.example", site)).toBe(true);
    }
  });
});
