import { describe, expect, it } from "vitest";
import { en } from "./en";
import { localImports, messagesNamedIn } from "./named-messages";

const keys = Object.keys(en);

describe("messagesNamedIn", () => {
  it("finds quoted keys in any quotes, and no word that is not a key", () => {
    const code = `t("nav.main"); t('poll.closed'); t(\`home.title\`); const x = "not.a.key"; label="nav.login"`;
    expect([...messagesNamedIn(code, keys)].sort()).toEqual(["home.title", "nav.login", "nav.main", "poll.closed"]);
  });

  it("brings a counted message's singular form", () => {
    expect(messagesNamedIn(`t("explore.members", { count })`, keys)).toEqual(new Set(["explore.members", "explore.members.one"]));
  });

  it("reads a key with its count after a colon", () => {
    expect(messagesNamedIn("z.string().max(max, `field.tooLong:${max}`)", keys).has("field.tooLong")).toBe(true);
  });

  it("takes every key under a prefix built at run time", () => {
    const named = messagesNamedIn("t(`event.${e.kind}`); t(\"role.\" + role)", keys);
    const expected = keys.filter((k) => k.startsWith("event.") || k.startsWith("role."));
    expect(expected.length).toBeGreaterThan(5);
    expect([...named].sort()).toEqual(expected.sort());
  });

  it("takes nothing from code without messages", () => {
    expect(messagesNamedIn(`import { x } from "./y"; const a = 'b';`, keys).size).toBe(0);
  });
});

describe("localImports", () => {
  it("lists the app's own modules, static and dynamic, not packages", () => {
    const code = `import { a } from "~/lib/a";\nimport type { B } from '../b.server';\nimport "./c";\nconst d = await import("./d");\nimport { e } from "react";`;
    expect(localImports(code)).toEqual(["~/lib/a", "../b.server", "./c", "./d"]);
  });
});
