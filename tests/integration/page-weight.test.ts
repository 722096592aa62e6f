// Editor code only where people edit (issue 21, decision 0047), read from the production
// build: the chunks a public read page loads before it runs hold no Tiptap, ProseMirror
// or Yjs, and the screenplay's live reading view brings Yjs alone, never the editor.
import { describe, expect, it } from "vitest";
import { clientBuild, isEditorCode, isLiveDocumentCode } from "../support/client-build";

const readRoutes = ["routes/production", "routes/release", "routes/wiki.page", "routes/decision", "routes/explore", "routes/script"];

describe("the JavaScript of the public read pages", () => {
  const build = clientBuild();

  it.each(readRoutes)("%s loads no editor and no Yjs before it runs", (route) => {
    expect(build.modulesIn(build.routeChunks(route), (m) => isEditorCode(m) || isLiveDocumentCode(m))).toEqual([]);
  });

  it("the screenplay's live reading view brings Yjs and its websocket, and no editor", () => {
    const chunks = build.moduleChunks("app/features/script/components/script-live-view.tsx");
    expect(build.modulesIn(chunks, isEditorCode)).toEqual([]);
    expect(build.modulesIn(chunks, (m) => m === "yjs" || m === "y-websocket").length).toBe(2);
  });

  it("the editors still have theirs (the test sees editor code where it is)", () => {
    expect(build.modulesIn(build.moduleChunks("app/features/script/components/script-editor.tsx"), (m) => m === "@tiptap/core").length).toBeGreaterThan(0);
  });
});
