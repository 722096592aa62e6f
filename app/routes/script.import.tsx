import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/script.import";
import { BINARY_WARNING, parseFountain } from "~/features/script/fountain";
import { importFountain, scriptOf, currentScript } from "~/features/script/script.server";
import { scriptReport } from "~/features/script/reports";
import { translateWarning } from "~/features/script/warnings";
import { authorize, requireViewer, tFor } from "~/lib/http.server";
import type { BodyLimitHandle } from "~/lib/body-limit";
import { useT } from "~/ui/i18n";

/** Fountain files are small (a feature is ~200 kB); the limit leaves room for the confirmation round trip. */
export const MAX_FOUNTAIN_BYTES = 2 * 1024 * 1024;

/** The file, or its text sent back URL-encoded to confirm (escapes make it up to a few times longer). */
export const handle: BodyLimitHandle = { bodyLimit: 4 * MAX_FOUNTAIN_BYTES };

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const report = scriptReport(await currentScript(info.name));
  return { production: { slug: production.slug, title: production.title }, current: { scenes: report.scenes.length, pages: report.pages } };
}

type Preview = { fileName: string; text: string; scenes: number; pages: number; characters: number; title: string; warnings: string[] };

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const { production, info, resource } = await scriptOf(params.slug, viewer);
  authorize(context, request, "restore", resource);
  const t = tFor(request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "preview");
  let text: string;
  let fileName: string;
  if (intent === "confirm") {
    text = String(formData.get("text") ?? "");
    fileName = String(formData.get("fileName") ?? "").slice(0, 120);
  } else {
    const file = formData.get("file");
    if (!(file instanceof File) || !file.size) return { ok: false as const, error: t("script.importNoFile") };
    if (file.size > MAX_FOUNTAIN_BYTES) return { ok: false as const, error: t("script.importTooLarge", { max: "2 MB" }) };
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Fountain is UTF-8 text; anything that is not is refused here, before parsing.
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false as const, error: t("script.importNotText") };
    }
    fileName = file.name.slice(0, 120);
  }
  if (text.length > MAX_FOUNTAIN_BYTES) return { ok: false as const, error: t("script.importTooLarge", { max: "2 MB" }) };
  const { script, warnings } = parseFountain(text);
  if (warnings[0] === BINARY_WARNING) return { ok: false as const, error: t("script.importNotText") };
  if (intent !== "confirm") {
    const report = scriptReport(script);
    const title = script.titlePage.find((f) => f.key.toLowerCase() === "title")?.value.split("\n")[0] ?? "";
    const preview: Preview = {
      fileName,
      text,
      scenes: report.scenes.length,
      pages: report.pages,
      characters: report.characters.length,
      title,
      warnings: warnings.map((w) => translateWarning(w, t)),
    };
    return { ok: true as const, preview };
  }
  const outcome = await importFountain(info, text, viewer.id, fileName);
  if (!outcome.ok) return { ok: false as const, error: t("script.importNotText") };
  throw redirect(`/p/${production.slug}/script?imported=${outcome.version ?? ""}`);
}

export default function ScriptImport({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, current } = loaderData;
  const base = `/p/${production.slug}/script`;
  const preview = actionData?.ok ? actionData.preview : null;
  return (
    <article className="page">
      <title>{`${t("script.importTitle")} — ${production.title}`}</title>
      <p>
        <Link to={base}>← {t("script.title")}</Link>
      </p>
      <h1>{t("script.importTitle")}</h1>
      {preview ? (
        <section aria-labelledby="confirm-h" className="panel" data-testid="import-preview">
          <h2 id="confirm-h">{t("script.importConfirmTitle", { file: preview.fileName })}</h2>
          <p>
            {t("script.importWhat", {
              scenes: preview.scenes,
              pages: preview.pages,
              characters: preview.characters,
            })}
            {preview.title ? ` — « ${preview.title} »` : null}
          </p>
          <p>
            <strong>{t("script.importReplaces", { scenes: current.scenes, pages: current.pages })}</strong>
          </p>
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
            <input type="hidden" name="fileName" value={preview.fileName} />
            <textarea name="text" defaultValue={preview.text} hidden readOnly aria-hidden="true" />
            <p className="actions">
              <button type="submit">{t("script.importConfirm")}</button>
              <Link to={base}>{t("script.cancel")}</Link>
            </p>
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
              {t("script.importHelp")}
            </p>
          </div>
          <p>
            <button type="submit">{t("script.importPreview")}</button>
          </p>
        </Form>
      )}
    </article>
  );
}
