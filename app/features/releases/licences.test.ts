import { describe, expect, it } from "vitest";
import { defaultLicence, licence, licenceIds, licenceName, licences, licenceWarnings } from "./licences";

describe("licences", () => {
  it("lists the six CC 4.0 licences and CC0 with their URIs", () => {
    expect(licenceIds).toHaveLength(7);
    expect(licence("CC-BY-NC-SA-4.0")?.uri).toBe("https://creativecommons.org/licenses/by-nc-sa/4.0/");
    expect(licence("CC0-1.0")?.attribution).toBe(false);
    expect(licence("GPL-3.0")).toBeUndefined();
  });

  it("names each licence as Creative Commons writes it, not by its SPDX id", () => {
    expect(licenceName("CC-BY-SA-4.0")).toBe("CC BY-SA 4.0");
    expect(licenceName("CC-BY-NC-ND-4.0")).toBe("CC BY-NC-ND 4.0");
    expect(licenceName("CC0-1.0")).toBe("CC0 1.0");
    for (const l of licences) expect(l.name).toMatch(/^CC(0 1\.0| BY(-[A-Z]{2})* 4\.0)$/);
  });

  it("defaults to the copyleft licence", () => {
    expect(licence(defaultLicence)?.shareAlike).toBe(true);
    expect(licenceWarnings(defaultLicence)).toEqual([]);
  });

  it("warns when a licence is not copyleft or forbids remixes", () => {
    expect(licenceWarnings("CC-BY-4.0")).toEqual(["notCopyleft"]);
    expect(licenceWarnings("CC0-1.0")).toEqual(["notCopyleft"]);
    expect(licenceWarnings("CC-BY-ND-4.0")).toEqual(["noRemix"]);
    expect(licenceWarnings("CC-BY-NC-ND-4.0")).toEqual(["noRemix"]);
    expect(licenceWarnings("CC-BY-NC-SA-4.0")).toEqual([]);
  });
});
