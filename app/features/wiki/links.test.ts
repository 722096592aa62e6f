import { describe, expect, it } from "vitest";
import { linkBeingTyped, linkSpans, linksIn, readableLine, segmentsOf, wikiSlug } from "./links";

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

  it("read a line as readers see it: links by their label, no brackets", () => {
    expect(readableLine("[[Marcel]] rides with [[Basile|the driver]]; [[ ]] stays")).toBe("Marcel rides with the driver; [[ ]] stays");
  });

  it("find a link being typed before the caret, and where each written link stands", () => {
    expect(linkBeingTyped("Noor meets [[Ber")).toBe("Ber");
    expect(linkBeingTyped("Noor meets [[")).toBe("");
    expect(linkBeingTyped("[[Rue des Tan")).toBe("Rue des Tan");
    expect(linkBeingTyped("[[Noor]] meets")).toBeNull();
    expect(linkBeingTyped("[[Noor|the")).toBeNull();
    expect(linkSpans("See [[Noor]] and [[Basile|him]].")).toEqual([
      { from: 4, to: 12, slug: "noor", title: "Noor" },
      { from: 17, to: 31, slug: "basile", title: "Basile" },
    ]);
  });
});
