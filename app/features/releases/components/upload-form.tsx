// Adding a file to a release: a resumable upload (tus) with a progress bar. A dropped
// connection is retried, and an upload interrupted by a closed tab resumes from where
// it stopped when the same file is chosen again. The upload code loads only here.
import { useRef, useState } from "react";
import { useRevalidator } from "react-router";
import { useT } from "~/ui/i18n";

type Progress = { name: string; percent: number } | null;

export function UploadForm({ releaseId }: { releaseId: string }) {
  const t = useT();
  const revalidator = useRevalidator();
  const form = useRef<HTMLFormElement>(null);
  const [progress, setProgress] = useState<Progress>(null);
  const [note, setNote] = useState<{ kind: "ok" | "error" | "info"; text: string } | null>(null);

  async function start(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    if (!(file instanceof File) || !file.name) return setNote({ kind: "error", text: t("release.upload.metadata") });
    const { Upload } = await import("tus-js-client");
    setNote(null);
    setProgress({ name: file.name, percent: 0 });
    const upload = new Upload(file, {
      endpoint: "/uploads",
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      // Several requests rather than one for the whole master: each is small enough to retry.
      chunkSize: 64 * 1024 * 1024,
      removeFingerprintOnSuccess: true,
      metadata: {
        filename: file.name,
        release: releaseId,
        kind: String(data.get("kind") ?? ""),
        label: String(data.get("label") ?? ""),
        language: String(data.get("language") ?? ""),
      },
      onProgress(sent, total) {
        setProgress({ name: file.name, percent: total ? Math.floor((sent / total) * 100) : 0 });
      },
      onShouldRetry(error, attempt) {
        const status = error.originalResponse?.getStatus() ?? 0;
        const retry = (status === 0 || status >= 500 || status === 409 || status === 423) && attempt < 7;
        if (retry) setNote({ kind: "info", text: t("release.upload.resumed") });
        return retry;
      },
      onError(error) {
        setProgress(null);
        const body = "originalResponse" in error ? error.originalResponse?.getBody() : undefined;
        setNote({ kind: "error", text: t("release.upload.failed", { message: body || error.message }) });
      },
      onSuccess() {
        setProgress(null);
        setNote({ kind: "ok", text: t("release.upload.done", { name: file.name }) });
        form.current?.reset();
        void revalidator.revalidate();
      },
    });
    const previous = await upload.findPreviousUploads();
    if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    upload.start();
  }

  return (
    <form ref={form} onSubmit={(e) => void start(e)} className="upload-form">
      <noscript>
        <p className="alert">JavaScript is needed to upload files. / JavaScript est nécessaire pour envoyer des fichiers.</p>
      </noscript>
      <div className="field">
        <label htmlFor="upload-file">{t("release.upload.file")}</label>
        <input id="upload-file" name="file" type="file" required />
      </div>
      <div className="field">
        <label htmlFor="upload-kind">{t("release.upload.kind")}</label>
        <select id="upload-kind" name="kind" defaultValue="film">
          {(["film", "audio", "subtitles", "source"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`release.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="upload-label">{t("release.upload.label")}</label>
        <input id="upload-label" name="label" maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor="upload-language">{t("release.upload.language")}</label>
        <input id="upload-language" name="language" maxLength={35} />
      </div>
      <button type="submit" disabled={progress !== null}>
        {t("release.upload.start")}
      </button>
      {progress ? (
        <div className="upload-progress">
          <progress id="upload-progress" max={100} value={progress.percent} aria-label={t("release.upload.progress", { name: progress.name, percent: progress.percent })} />
          <span aria-hidden="true">{progress.percent} %</span>
        </div>
      ) : null}
      <p aria-live="polite" className={note ? `alert alert-${note.kind === "error" ? "error" : "ok"}` : "visually-hidden"} data-testid="upload-note">
        {note?.text ?? ""}
      </p>
    </form>
  );
}
