import { describe, expect, it } from "vitest";
import { en } from "./i18n/en";
import { fr } from "./i18n/fr";
import { localeOfEnvironment, negotiateLocale, translator } from "./i18n";

describe("negotiateLocale", () => {
  it("prefers the remembered choice", () => {
    expect(negotiateLocale("fr", "en-US,en;q=0.9")).toBe("fr");
  });
  it("follows the browser's ranked languages", () => {
    expect(negotiateLocale(undefined, "de-DE,fr-CA;q=0.8,en;q=0.5")).toBe("fr");
    expect(negotiateLocale(undefined, "en;q=0.4, fr;q=0.9")).toBe("fr");
    expect(negotiateLocale(undefined, "fr;q=0, en")).toBe("en");
  });
  it("falls back to English for unknown or garbled input", () => {
    expect(negotiateLocale("xx", "de, it")).toBe("en");
    expect(negotiateLocale(undefined, ";;;q=abc")).toBe("en");
    expect(negotiateLocale(undefined, null)).toBe("en");
  });
});

describe("localeOfEnvironment", () => {
  it("reads LC_ALL, then LC_MESSAGES, then LANG, as POSIX tools do", () => {
    expect(localeOfEnvironment({ LANG: "fr_FR.UTF-8" })).toBe("fr");
    expect(localeOfEnvironment({ LANG: "fr_CA.UTF-8", LC_MESSAGES: "en_GB.UTF-8" })).toBe("en");
    expect(localeOfEnvironment({ LANG: "en_US.UTF-8", LC_MESSAGES: "en_US.UTF-8", LC_ALL: "fr_BE@euro" })).toBe("fr");
    expect(localeOfEnvironment({ LANG: "fr", LC_ALL: "" })).toBe("fr");
  });

  it("falls back to English for C, POSIX, other languages and nothing", () => {
    for (const LANG of ["C", "C.UTF-8", "POSIX", "de_DE.UTF-8", "", undefined]) expect(localeOfEnvironment({ LANG })).toBe("en");
  });
});

describe("translator", () => {
  it("fills in values", () => {
    expect(translator("fr")("login.throttled", { count: 12 })).toBe(
      "Trop de tentatives échouées. Réessayez dans 12 minutes.",
    );
  });
  it("uses the singular form by each language's rule", () => {
    const en = translator("en");
    const fr = translator("fr");
    expect([0, 1, 2].map((count) => en("production.followersCount", { count }))).toEqual(["0 followers", "1 follower", "2 followers"]);
    expect([0, 1, 2].map((count) => fr("production.followersCount", { count }))).toEqual(["0 abonné·e", "1 abonné·e", "2 abonné·es"]);
  });
  it("counts a number written out, as pages in eighths are", () => {
    const en = translator("en");
    expect(["1", "2", "1 3/8"].map((count) => en("schedule.totalPages", { count }))).toEqual(["1 page", "2 pages", "1 3/8 pages"]);
    expect(translator("fr")("schedule.totalPages", { count: "0" })).toBe("0 page");
  });
  it("keeps every placeholder of the English text in the French one", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(fr[key]), key).toEqual(names(en[key]));
    }
  });
});
