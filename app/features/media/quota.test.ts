import { describe, expect, it } from "vitest";
import { DEFAULT_PERSON_QUOTA, DEFAULT_PRODUCTION_QUOTA, formatSize, parseSize, quotaProblem, quotasFrom } from "./quota";

describe("storage allowances", () => {
  it("read sizes as people write them, and refuse what is none", () => {
    expect(parseSize("2GiB")).toBe(2 * 1024 ** 3);
    expect(parseSize("500 MiB")).toBe(500 * 1024 ** 2);
    expect(parseSize("50GB")).toBe(50e9);
    expect(parseSize("1048576")).toBe(1048576);
    expect(parseSize("1.5KiB")).toBe(1536);
    for (const bad of ["", "lots", "-1GiB", "2 GiBs", "1e3"]) expect(parseSize(bad), bad).toBeNull();
  });

  it("default to 2 GiB a person and 50 GiB a production; a bad setting stops the start", () => {
    expect(quotasFrom({})).toEqual({ person: DEFAULT_PERSON_QUOTA, production: DEFAULT_PRODUCTION_QUOTA });
    expect(quotasFrom({ STORAGE_QUOTA_PERSON: "1MiB", STORAGE_QUOTA_PRODUCTION: "" })).toEqual({ person: 1024 ** 2, production: DEFAULT_PRODUCTION_QUOTA });
    expect(() => quotasFrom({ STORAGE_QUOTA_PRODUCTION: "plenty" })).toThrow(/STORAGE_QUOTA_PRODUCTION/);
  });

  it("let a file in up to the last byte, the person's allowance checked before the production's", () => {
    const q = { person: 100, production: 1000 };
    expect(quotaProblem({ person: 60, production: 500 }, q, 40)).toBeNull();
    expect(quotaProblem({ person: 60, production: 500 }, q, 41)).toEqual({ key: "storage.personFull", used: 60, limit: 100, size: 41 });
    expect(quotaProblem({ person: 0, production: 990 }, q, 11)).toMatchObject({ key: "storage.productionFull", used: 990 });
    expect(quotaProblem({ person: null, production: 0 }, q, 1000)).toBeNull();
    expect(quotaProblem({ person: null, production: 0 }, q, 1001)?.key).toBe("storage.productionFull");
  });

  it("word sizes in binary units, in the reader's language", () => {
    expect(formatSize(2 * 1024 ** 3, "en")).toBe("2 GiB");
    expect(formatSize(1536 * 1024 ** 2, "fr")).toBe("1,5 Gio");
    expect(formatSize(512, "en")).toBe("512 B");
  });
});
