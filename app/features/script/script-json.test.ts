import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import { FRAGMENT, fragmentJSON } from "~/features/collab/content";
import { parseFountain } from "./fountain";
import { scriptFromJSON } from "./script-json";
import { docOfScript, scriptOfDoc } from "./ydoc";

const fountain = `Title: Les Veilleurs
Author: Ada

INT. LIGHTHOUSE - NIGHT #1#

Noor climbs the **ladder**, *slowly*, _counting_ [[a note]].
The lamp turns.

NOOR (V.O.)
(whispering)
One more night.

BERNADETTE ^
Two.

> THE END <

CUT TO:

===

EXT. CLIFF - DAY

~Sea, sea, sea
`;

describe("the live script read without an editor", () => {
  it("is the script the server reads from the same document (marks, notes, title page, dual dialogue)", () => {
    const script = parseFountain(fountain).script;
    const doc = docOfScript(script);
    const read = scriptFromJSON(fragmentJSON(doc.getXmlFragment(FRAGMENT)) as never);
    expect(read).toEqual(scriptOfDoc(doc));
    expect(read.elements.some((e) => e.type === "character" && e.dual)).toBe(true);
    expect(read.titlePage.length).toBe(2);
  });

  it("reads the document as y-tiptap does, marks included", () => {
    const doc = docOfScript(parseFountain(fountain).script);
    const fragment = doc.getXmlFragment(FRAGMENT);
    expect(JSON.parse(JSON.stringify(fragmentJSON(fragment)))).toEqual(JSON.parse(JSON.stringify(yXmlFragmentToProsemirrorJSON(fragment))));
  });
});
