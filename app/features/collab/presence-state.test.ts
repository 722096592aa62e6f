import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MAX_PRESENCE_BYTES, parsePresenceJson, readPresence } from "./presence-state";

/** A caret as the editors put it in presence: two relative positions in the fragment. */
function caret() {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText("hello")]);
  fragment.insert(0, [p]);
  const anchor = Y.createRelativePositionFromTypeIndex(fragment, 0);
  const head = Y.createRelativePositionFromTypeIndex(p.get(0) as Y.XmlText, 3);
  return { anchor, head };
}

const ok = (state: unknown) => parsePresenceJson(JSON.stringify(state));

describe("presence states", () => {
  it("accepts what the editors send: a user, a caret as Yjs relative positions (as objects or as their JSON), no caret, nothing", () => {
    const user = { name: "Noor", color: "#1b6e3a" };
    const { anchor, head } = caret();
    expect(ok({ user, cursor: { anchor, head } })).toEqual(JSON.parse(JSON.stringify({ user, cursor: { anchor, head } })));
    const asJson = { anchor: Y.relativePositionToJSON(anchor), head: Y.relativePositionToJSON(head) };
    expect(ok({ user, cursor: asJson })).toEqual({ user, cursor: asJson });
    expect(ok({ user, cursor: null })).toEqual({ user, cursor: null });
    expect(ok({})).toEqual({});
  });

  it("lets a client leave (a null state)", () => {
    expect(parsePresenceJson("null")).toBeNull();
  });

  it.each([
    ["a caret with null positions (the one that broke editors)", { cursor: { anchor: null, head: null } }],
    ["a position in no type", { cursor: { anchor: { item: { client: 1, clock: 2 } }, head: { tname: "default" } } }],
    ["a position in two types", { cursor: { anchor: { tname: "default", type: { client: 1, clock: 0 } }, head: { tname: "default" } } }],
    ["a negative clock", { cursor: { anchor: { tname: "default", item: { client: 1, clock: -1 } }, head: { tname: "default" } } }],
    ["a client id past 32 bits", { cursor: { anchor: { tname: "default", item: { client: 2 ** 40, clock: 1 } }, head: { tname: "default" } } }],
    ["a string where a number goes", { cursor: { anchor: { tname: "default", item: { client: "1", clock: 1 } }, head: { tname: "default" } } }],
    ["an extra field in a position", { cursor: { anchor: { tname: "default", evil: 1 }, head: { tname: "default" } } }],
    ["an only anchor", { cursor: { anchor: { tname: "default" } } }],
    ["an unknown field", { user: { name: "a", color: "#000000" }, script: "<img src=x onerror=alert(1)>" }],
    ["a colour that is CSS", { user: { name: "a", color: "red; background: url(//x)" } }],
    ["a user as a string", { user: "Noor" }],
    ["an array", []],
    ["a number", 42],
    ["a string", "hello"],
  ])("refuses %s", (_what, state) => {
    expect(ok(state)).toBeInstanceOf(Error);
  });

  it("refuses what is not JSON, and anything over the size bound", () => {
    expect(parsePresenceJson("{")).toBeInstanceOf(Error);
    const big = { user: { name: "n".repeat(100), color: "#000000" }, cursor: { anchor: { tname: "x".repeat(64) }, head: { tname: "y".repeat(64) } } };
    expect(ok(big)).not.toBeInstanceOf(Error);
    const name = "é".repeat(100); // 200 bytes in UTF-8
    expect(ok({ ...big, user: { name, color: "#000000" } })).not.toBeInstanceOf(Error);
    const padded = JSON.stringify(big) + " ".repeat(MAX_PRESENCE_BYTES);
    expect(parsePresenceJson(padded)).toBeInstanceOf(Error);
    expect(ok({ user: { name: "n".repeat(1_500_000), color: "#000000" } })).toBeInstanceOf(Error);
  });

  it("reads remote states in the editor: usable ones as they are, others as nothing", () => {
    const { anchor, head } = caret();
    expect(readPresence({ cursor: { anchor, head } })).toEqual(JSON.parse(JSON.stringify({ cursor: { anchor, head } })));
    expect(readPresence({ cursor: { anchor: null, head: null } })).toBeNull();
    expect(readPresence(null)).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(readPresence(cyclic)).toBeNull();
  });
});
