import { describe, expect, it } from "vitest";
import { linksIn, segmentsOf, wikiSlug } from "./links";

describe("wiki links", () => {
  it("make addresses from titles in any language", () => {
    expect(wikiSlug("Rue des Tanneurs")).toBe("rue-des-tanneurs");
    expect(wikiSlug("Noor’s lamp")).toBe("noors-lamp");
    expect(wikiSlug("Éclairagiste — l'été")).toBe("eclairagiste-lete");
    expect(wikiSlug("夜のバス")).toBe("夜のバス");
    expect(wikiSlug("../../etc/passwd")).toBe("etc-passwd");
  });

  it("find each link once, with or without a label", () => {
    expect(linksIn("[[Noor]] meets [[Basile|the driver]] and [[noor]] again; [[ ]] and [[a[b]] are not links")).toEqual(["noor", "basile"]);
  });

  it("cut text into plain parts and links", () => {
    expect(segmentsOf("See [[Rue des Tanneurs|the street]].")).toEqual([
      { text: "See " },
      { link: { slug: "rue-des-tanneurs", title: "Rue des Tanneurs", label: "the street" } },
      { text: "." },
    ]);
    expect(segmentsOf("no links")).toEqual([{ text: "no links" }]);
  });
});
