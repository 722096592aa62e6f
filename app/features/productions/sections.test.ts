import { describe, expect, it } from "vitest";
import { currentSection, sectionPath } from "./sections";

describe("currentSection", () => {
  it("marks a section's first page as the page itself", () => {
    expect(currentSection("les-veilleurs", "/p/les-veilleurs")).toEqual({ section: "overview", exact: true });
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/tracker")).toEqual({ section: "tracker", exact: true });
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/polls/")).toEqual({ section: "polls", exact: true });
  });

  it("marks the section of a page inside it", () => {
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/tracker/tasks/3")).toEqual({ section: "tracker", exact: false });
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/script/drafts")).toEqual({ section: "script", exact: false });
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/notes/history/2")).toEqual({ section: "notes", exact: false });
    expect(currentSection("les-veilleurs", "/p/les-veilleurs/funding/ledger")).toEqual({ section: "funding", exact: false });
  });

  it("counts the members, edit and log pages as the overview", () => {
    for (const page of ["members", "edit", "log", "log/2026-W10"]) {
      expect(currentSection("x", `/p/x/${page}`)).toEqual({ section: "overview", exact: false });
    }
  });

  it("does not take a longer slug or a look-alike section for the production's", () => {
    expect(currentSection("les", "/p/les-veilleurs/wiki")).toBeNull();
    expect(currentSection("x", "/p/x/wikis")).toEqual({ section: "overview", exact: false });
    expect(currentSection("x", "/p/x/overview")).toEqual({ section: "overview", exact: false });
  });
});

describe("sectionPath", () => {
  it("leads the overview to the production's home", () => {
    expect(sectionPath("x", "overview")).toBe("/p/x");
    expect(sectionPath("x", "script")).toBe("/p/x/script");
  });
});
