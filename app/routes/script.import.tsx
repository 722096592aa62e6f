import { useEffect, useRef } from "react";
import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/script.import";
import { MAX_FOUNTAIN_BYTES, MAX_FOUNTAIN_SCENES } from "~/features/script/file-limits";
import type { FileRefusal } from "~/features/script/file-work";
import { runInWorker, type WorkFailure } from "~/features/script/file-worker.server";
import { currentScript, dropHeldImport, heldImport, holdImport, importFountain, scriptOf } from "~/features/script/script.server";
import { scriptReport } from "~/features/script/reports";
import { translateWarning } from "~/features/script/warnings";
import { authorize, requireViewer, tFor } from "~/lib/http.server";
import type { BodyLimitHandle } from "~/lib/body-limit";
import { useT } from "~/ui/i18n";

/** A file past the reading limit still gets the page's own message, up to this much. */
export const handle: BodyLimitHandle = { bodyLimit: 4 * MAX_FOUNTAIN_BYTES };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const script = await currentScript(info.name);
  const report = scriptReport(script);
  const hasText = script.elements.length > 0 || script.titlePage.length > 0;
  return { production: { slug: production.slug, title: production.title }, current: { scenes: report.scenes.length, pages: report.pages, hasText } };
}

type Preview = {
  fileName: string;
  pending: string;
  scenes: number;
  pages: number;
  characters: number;
  title: string;
  warnings: string[];
  /** the file holds no element */
  empty: boolean;
  /** read as Windows-1252 (a guess): lines with accents for the person to check */
  guessed: null | { accented: string[] };
};

/** The file and the form's few fields. */
const MAX_FORM_BYTES = MAX_FOUNTAIN_BYTES + 64 * 1024;

/** Why a file was not read, in the importing person's language. */
function refusal(problem: FileRefusal | WorkFailure | "expired", t: ReturnType<typeof tFor>) {
  const error = {
    noFile: () => t("script.importNoFile"),
    notText: () => t("script.importNotText"),
    finalDraft: () => t("script.importFinalDraft"),
    empty: () => t("script.importEmptyRefused"),
    tooLarge: () => t("script.importTooLarge", { max: MAX_FOUNTAIN_BYTES / 1024 / 1024, count: MAX_FOUNTAIN_SCENES }),
    tooLong: () => t("script.importTooLong"),
    busy: () => t("script.importBusy"),
    expired: () => t("script.importExpired"),
  }[problem]();
  return { ok: false as const, error };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const t = tFor(request);
  // The body is read here and parsed in the file worker (a large one takes a while).
  const contentType = request.headers.get("Content-Type") ?? "";
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > MAX_FORM_BYTES) return refusal("tooLarge", t);
  const form = await runInWorker({ kind: "form", body, contentType });
  if (!form.ok) return refusal(form.problem, t);
  if (!form.result.ok) return refusal(form.result.problem, t);
  const read = form.result;
  if (read.intent === "confirm") {
    // The file read at the preview, not sent back and forth through the page.
    const held = await heldImport(read.pending, production.id, viewer.id);
    if (!held) return refusal("expired", t);
    const outcome = await importFountain(info, held.text, viewer.id, held.fileName, { allowEmpty: read.allowEmpty });
    if (!outcome.ok) return refusal(outcome.problem, t);
    await dropHeldImport(held.id);
    throw redirect(`/p/${production.slug}/script?imported=${outcome.version ?? ""}`);
  }
  // Read and laid out in the file worker, never on the thread that answers everyone.
  const work = await runInWorker({ kind: "preview", text: read.text });
  if (!work.ok) return refusal(work.problem, t);
  if (!work.result.ok) return refusal(work.result.problem, t);
  const { warnings, ...counts } = work.result.preview;
  const pending = await holdImport(production.id, viewer.id, read.fileName, read.text);
  const guessed = read.encoding === "windows-1252" ? { accented: read.accented } : null;
  const preview: Preview = { fileName: read.fileName, pending, ...counts, warnings: warnings.map((w) => translateWarning(w, t)), guessed };
  return { ok: true as const, preview };
}

export default function ScriptImport({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, current } = loaderData;
  const base = `/p/${production.slug}/script`;
  const preview = actionData?.ok ? actionData.preview : null;
  // A long script takes a few seconds to read: say so while it is.
  const reading = useNavigation().state === "submitting";
  // A file that would empty the script: the safe answer, Cancel, is the default.
  const empties = Boolean(preview?.empty && current.hasText);
  const cancel = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (empties) cancel.current?.focus();
  }, [empties, preview?.pending]);
  return (
    <article className="page">
      <title>{`${t("script.importTitle")} — ${production.title}`}</title>
      <h1>{t("script.importTitle")}</h1>
      {preview ? (
        <section aria-labelledby="confirm-h" className="panel" data-testid="import-preview">
          <h2 id="confirm-h">{t("script.importConfirmTitle", { file: preview.fileName })}</h2>
          <p>
            {t("script.importWhat", {
              scenes: t("script.count.scenes", { count: preview.scenes }),
              pages: t("script.count.pages", { count: preview.pages }),
              characters: t("script.count.characters", { count: preview.characters }),
            })}
            {preview.title ? ` — « ${preview.title} »` : null}
          </p>
          {empties ? (
            <p role="alert" className="field-error" data-testid="import-empty">
              <strong>{t("script.importEmpty", { scenes: t("script.count.scenes", { count: current.scenes }), pages: t("script.count.pages", { count: current.pages }) })}</strong>
            </p>
          ) : (
            <p>
              <strong>{t("script.importReplaces", { scenes: t("script.count.scenes", { count: current.scenes }), pages: t("script.count.pages", { count: current.pages }) })}</strong>
            </p>
          )}
          {preview.guessed ? (
            <div role="note" data-testid="import-encoding">
              <p>
                {t("script.importEncoding")} {preview.guessed.accented.length ? t("script.importEncodingCheck") : null}
              </p>
              {preview.guessed.accented.length ? (
                <ul>
                  {preview.guessed.accented.map((line, i) => (
                    <li key={i}>
                      <q>{line}</q>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          {preview.warnings.length ? (
            <>
              <h3>{t("script.importWarnings")}</h3>
              <ul data-testid="import-warnings">
                {preview.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="pending" value={preview.pending} />
            {empties ? (
              <>
                <input type="hidden" name="allowEmpty" value="yes" />
                <p className="actions">
                  <Link to={base} ref={cancel} className="button" data-testid="import-cancel">
                    {t("script.cancel")}
                  </Link>
                  <button type="submit" disabled={reading} className="button-danger">
                    {t("script.importEmptyConfirm")}
                  </button>
                </p>
              </>
            ) : (
              <p className="actions">
                <button type="submit" disabled={reading}>
                  {t("script.importConfirm")}
                </button>
                <Link to={base}>{t("script.cancel")}</Link>
              </p>
            )}
            {reading ? (
              <p role="status" data-testid="import-progress">
                {t("script.importImporting")}
              </p>
            ) : null}
          </Form>
        </section>
      ) : (
        <Form method="post" encType="multipart/form-data" className="stack">
          <p>{t("script.importLead")}</p>
          {actionData && !actionData.ok ? (
            <p className="field-error" role="alert" data-testid="import-error">
              {actionData.error}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="file">{t("script.importFile")}</label>
            <input id="file" name="file" type="file" accept=".fountain,.spmd,.txt,text/plain" required aria-describedby="file-help" />
            <p id="file-help" className="help">
              {t("script.importHelp", { max: MAX_FOUNTAIN_BYTES / 1024 / 1024 })}
            </p>
          </div>
          <p>
            <button type="submit" disabled={reading}>
              {t("script.importPreview")}
            </button>
          </p>
          {reading ? (
            <p role="status" data-testid="import-progress">
              {t("script.importReading")}
            </p>
          ) : null}
        </Form>
      )}
    </article>
  );
}
