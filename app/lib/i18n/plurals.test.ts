// Every counted message reads right in the singular, in both languages: the translator
// picks a "….one" form only for a number named {count} (app/lib/i18n.ts), so a number
// written before a word is always {count}, with its ".one" form beside it.
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";

const catalogs = { en, fr } as Record<string, Record<string, string>>;

/** Placeholders that hold a number in some message: before a word, they must be {count}. */
const numbers = ["min", "max", "minutes", "seconds", "pages", "scenes", "characters", "lines", "elements", "removed", "inserted", "deleted", "eighths", "ab", "ba", "percent"];
/** Units and short words after a number that do not change in the singular. */
const invariant = new Set(["MB", "Mo", "kB", "ko", "min", "s", "h", "p", "pg", "of", "sur", "de"]);

/** The words written right after each placeholder of a message: {name} → next word. */
function wordsAfter(text: string): { name: string; word: string }[] {
  return [...text.matchAll(/\{(\w+)\}[  ]?([\p{L}]+)/gu)].map((m) => ({ name: m[1]!, word: m[2]! }));
}

const base = (key: string) => !key.endsWith(".one");

describe("plurals in the catalogs", () => {
  for (const [lang, catalog] of Object.entries(catalogs)) {
    it(`${lang}: a number before a word is {count}, never another name`, () => {
      const wrong = Object.entries(catalog)
        .filter(([key]) => base(key))
        .flatMap(([key, text]) => wordsAfter(text).filter((w) => numbers.includes(w.name) && !invariant.has(w.word)).map((w) => `${key}: {${w.name}} ${w.word}`));
      expect(wrong).toEqual([]);
    });

    it(`${lang}: every counted message has its singular form`, () => {
      const counted = Object.entries(catalog).filter(([key, text]) => base(key) && wordsAfter(text).some((w) => w.name === "count" && !invariant.has(w.word)));
      // Counted in one language, counted in both: each needs its ".one".
      const missing = counted.flatMap(([key]) => Object.entries(catalogs).filter(([, c]) => !(`${key}.one` in c)).map(([l]) => `${l}: ${key}.one`));
      expect(missing).toEqual([]);
    });

    it(`${lang}: a singular form says {count}, as French uses it for 0 too, and has its plural beside it`, () => {
      const ones = Object.entries(catalog).filter(([key]) => key.endsWith(".one"));
      expect(ones.filter(([, text]) => !text.includes("{count}")).map(([key]) => key)).toEqual([]);
      expect(ones.filter(([key]) => !(key.slice(0, -4) in catalog)).map(([key]) => key)).toEqual([]);
    });
  }
});
