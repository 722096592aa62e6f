// The live screenplay in Chromium: what the script's end-to-end tests share.
import type { Page } from "playwright-core";
import { expect } from "./browser";

/** The script's live editor, in English or French. */
export const scriptEditor = (page: Page) => page.getByRole("textbox", { name: /Screenplay|Scénario/ });

/** The script as a visitor reads it live: the script view, drawn without an editor (decision 0047). */
export const scriptReader = (page: Page) => page.getByTestId("script-live-view").getByTestId("script-view");

/** The script's lines as "type: text", without the other writers' carets and page numbers. */
export const scriptLines = (page: Page) =>
  scriptEditor(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret, .sp-page-marker").forEach((c) => c.remove());
    return [...copy.querySelectorAll("p.sp")].map((p) => `${p.getAttribute("data-sp")}: ${p.textContent}`);
  });

/** Waits until the page's live connection shares the writer's changes (in any language). */
export const connected = (page: Page) => expect.poll(() => page.getByTestId("connection-state").getAttribute("class")).toContain("connection-connected");

/** Replaces a production's script by a Fountain text, as an import does. */
export async function importScript(productionId: string, source: string, userId: string, fileName = "script.fountain") {
  const { importFountain, scriptDocName } = await import("~/features/script/script.server");
  const { resolveDocument } = await import("~/features/collab/store.server");
  return importFountain((await resolveDocument(scriptDocName(productionId)))!, source, userId, fileName);
}
