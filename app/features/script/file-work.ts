// What is done with a Fountain file a person sends: read it, lay it out, and for an
// import build the change that replaces the script. CPU-bound and driven by the file,
// so it runs in a worker thread (script-worker.ts, started by file-worker.server.ts),
// never on the thread that answers requests. Pure.
import { z } from "zod";
import { applyUpdates, docFromState, foldUpdates } from "~/features/collab/content";
import { MAX_FOUNTAIN_BYTES, MAX_FOUNTAIN_SCENES } from "./file-limits";
import { accentedLines, readFileText, type FileEncoding, type TextRefusal } from "./file-text";
import { BINARY_WARNING, parseFountain } from "./fountain";
import { scriptReport, type SceneReport } from "./reports";
import { replaceScript, scriptOfDoc } from "./ydoc";

export type FileJob =
  /** a form posted to the import page, as it came (multipart with the file, or the confirmation) */
  | { kind: "form"; body: Uint8Array; contentType: string }
  | { kind: "preview"; text: string }
  /** `state` and `updates`: the script's live document as stored */
  | { kind: "import"; text: string; state: Uint8Array | null; updates: Uint8Array[]; allowEmpty: boolean }
  /** fold a stored document into one state (a version of an imported script) */
  | { kind: "fold"; state: Uint8Array | null; updates: Uint8Array[] };

/**
 * Why a file is refused: none sent, not Fountain text (binary, or Final Draft's XML),
 * larger than the limits, or (unless asked for) emptying a script that has text.
 */
export type FileRefusal = "noFile" | TextRefusal | "tooLarge" | "empty";

export type FormRead =
  /** `accented`: when the encoding was a guess, lines for the person to check */
  | { ok: true; intent: "preview"; fileName: string; text: string; encoding: FileEncoding; accented: string[] }
  /**
   * `pending`: the file read at the preview, held for the confirmation (script.server.ts);
   * `allowEmpty`: the person was told the file would empty the script, and confirmed.
   */
  | { ok: true; intent: "confirm"; pending: string; allowEmpty: boolean }
  | { ok: false; problem: FileRefusal };

/** `empty`: the file holds no element (blank, or only a title page). */
export type Preview = { scenes: number; pages: number; characters: number; title: string; warnings: string[]; empty: boolean };
export type PreviewResult = { ok: true; preview: Preview } | { ok: false; problem: FileRefusal };
export type ImportWork = { ok: true; update: Uint8Array | null; scenes: SceneReport[]; warnings: string[] } | { ok: false; problem: FileRefusal };

export type ResultOf<J extends FileJob> = J extends { kind: "form" }
  ? FormRead
  : J extends { kind: "preview" } ? PreviewResult : J extends { kind: "import" } ? ImportWork : Uint8Array;

function read(text: string) {
  if (text.length > MAX_FOUNTAIN_BYTES) return { ok: false as const, problem: "tooLarge" as const };
  const { script, warnings } = parseFountain(text);
  if (warnings[0] === BINARY_WARNING) return { ok: false as const, problem: "notText" as const };
  // Counted before the layout, whose cost grows with the scenes.
  if (script.elements.filter((e) => e.type === "sceneHeading").length > MAX_FOUNTAIN_SCENES) return { ok: false as const, problem: "tooLarge" as const };
  return { ok: true as const, script, warnings };
}

export function previewFountain(text: string): PreviewResult {
  const read_ = read(text);
  if (!read_.ok) return read_;
  const { script, warnings } = read_;
  const report = scriptReport(script);
  const title = script.titlePage.find((f) => f.key.toLowerCase() === "title")?.value.split("\n")[0] ?? "";
  const empty = script.elements.length === 0;
  return { ok: true, preview: { scenes: report.scenes.length, pages: report.pages, characters: report.characters.length, title, warnings, empty } };
}

/**
 * The change replacing the stored script with the file, and the scenes it leaves (for the
 * tracker). A file without a single element would leave a script with text empty: that
 * is refused unless `allowEmpty` (the person was asked first).
 */
export function importWork(text: string, state: Uint8Array | null, updates: Uint8Array[], allowEmpty = false): ImportWork {
  const read_ = read(text);
  if (!read_.ok) return read_;
  const doc = docFromState(state);
  applyUpdates(doc, updates);
  if (!allowEmpty && read_.script.elements.length === 0) {
    const current = scriptOfDoc(doc);
    if (current.elements.length || current.titlePage.length) {
      doc.destroy();
      return { ok: false, problem: "empty" };
    }
  }
  const update = replaceScript(doc, read_.script, "import");
  // The scenes as the document reads them now, as the tracker will read it later.
  const scenes = scriptReport(scriptOfDoc(doc)).scenes;
  doc.destroy();
  return { ok: true, update, scenes, warnings: read_.warnings };
}

/**
 * The import page's form: parsing a large multipart body is itself slow (about half a
 * second a megabyte), so it is done here too.
 */
export async function readForm(body: Uint8Array, contentType: string): Promise<FormRead> {
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { ok: false, problem: "noFile" };
  }
  if (form.get("intent") === "confirm") {
    const pending = z.string().regex(/^[a-z0-9]{1,40}$/).safeParse(form.get("pending"));
    const allowEmpty = form.get("allowEmpty") === "yes";
    return pending.success ? { ok: true, intent: "confirm", pending: pending.data, allowEmpty } : { ok: false, problem: "noFile" };
  }
  const file = form.get("file");
  // No file chosen: the browser sends one without a name. A chosen empty file is read
  // (and the preview asks before it empties the script).
  if (!(file instanceof File) || (!file.size && !file.name)) return { ok: false, problem: "noFile" };
  if (file.size > MAX_FOUNTAIN_BYTES) return { ok: false, problem: "tooLarge" };
  // Refused here, before parsing: binary files and Final Draft's XML.
  const read_ = readFileText(new Uint8Array(await file.arrayBuffer()));
  if (!read_.ok) return read_;
  const { text, encoding } = read_;
  const accented = encoding === "windows-1252" ? accentedLines(text) : [];
  return { ok: true, intent: "preview", fileName: file.name.slice(0, 120), text, encoding, accented };
}

export async function runFileJob(job: FileJob): Promise<FormRead | PreviewResult | ImportWork | Uint8Array> {
  switch (job.kind) {
    case "form":
      return readForm(job.body, job.contentType);
    case "preview":
      return previewFountain(job.text);
    case "import":
      return importWork(job.text, job.state, job.updates, job.allowEmpty);
    case "fold":
      return foldUpdates(job.state, job.updates);
  }
}
