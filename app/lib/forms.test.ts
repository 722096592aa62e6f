import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, requiredText } from "./forms";

const schema = z.object({ title: requiredText(5), password: z.string().min(10, "field.passwordShort") });

function form(entries: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.set(k, v);
  return fd;
}

describe("parseForm", () => {
  it("returns the data when valid", () => {
    const r = parseForm(schema, form({ title: " Hi ", password: "0123456789" }), ["title", "password"]);
    expect(r).toEqual({ ok: true, data: { title: "Hi", password: "0123456789" } });
  });

  it("gives each field a message key and keeps what was typed, except passwords", () => {
    const r = parseForm(schema, form({ title: "far too long", password: "short" }), ["title", "password"]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.title).toEqual({ key: "field.tooLong", vars: { count: 5 } });
    expect(r.errors.password).toEqual({ key: "field.passwordShort" });
    expect(r.values).toEqual({ title: "far too long" });
  });

  it("treats a missing field as empty, so the error says it is required", () => {
    const r = parseForm(schema, form({}), ["title", "password"]);
    expect(!r.ok && r.errors.title).toEqual({ key: "field.required" });
  });
});
