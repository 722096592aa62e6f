import { Form } from "react-router";
import { fileSize } from "../format";
import { useLocale, useT } from "~/ui/i18n";

export type ListedFile = {
  id: string;
  name: string;
  kind: "film" | "audio" | "subtitles" | "source";
  label: string;
  language: string | null;
  mimeType: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  downloads: number;
};

/** "MP4", "WebM": what a viewer knows a film file as. */
export function formatName(mimeType: string) {
  const known: Record<string, string> = { "video/mp4": "MP4", "video/webm": "WebM", "video/x-matroska": "MKV", "video/ogg": "Ogg", "video/quicktime": "MOV" };
  return known[mimeType] ?? mimeType.split("/")[1]?.toUpperCase() ?? mimeType;
}

/**
 * "Download the film": one button per film file saying its format, picture size and
 * weight, the torrent beside them, the checksums folded away, then the other files
 * (subtitles, audio, sources) as a list that wraps on a phone.
 */
export type WebRendition = { url: string; width: number; height: number; size: number };

export function DownloadChoice({
  base,
  files,
  renditions = [],
  torrent,
  mayManage,
}: {
  base: string;
  files: ListedFile[];
  /** The MP4s the studio made for the web (decision 0044), biggest first: offered before the master. */
  renditions?: WebRendition[];
  torrent: string | null;
  mayManage: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const films = files.filter((f) => f.kind === "film");
  const others = files.filter((f) => f.kind !== "film");
  const remove = (f: ListedFile) =>
    mayManage ? (
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="removeFile" />
        <input type="hidden" name="fileId" value={f.id} />
        <button type="submit" className="link-button" aria-label={`${t("release.file.remove")} ${f.name}`}>
          {t("release.file.remove")}
        </button>
      </Form>
    ) : null;
  return (
    <div className="download-choice" data-testid="files">
      {films.length ? (
        <ul className="download-buttons">
          {renditions.map((r) => (
            <li key={r.url}>
              <a className="button" href={r.url} download data-testid="download-rendition">
                {t("release.downloadFilm")} <span className="download-facts">{["MP4", `${r.height}p`, fileSize(r.size, locale)].join(" · ")}</span>
              </a>
            </li>
          ))}
          {films.map((f) => (
            <li key={f.id}>
              <a className="button" href={`${base}/files/${f.name}`} download data-testid="download-film">
                {t("release.downloadFilm")} <span className="download-facts">{[formatName(f.mimeType), f.height ? `${f.height}p` : f.label, renditions.length ? t("release.downloadOriginal") : "", fileSize(f.size, locale)].filter(Boolean).join(" · ")}</span>
              </a>{" "}
              {remove(f)}
            </li>
          ))}
          {torrent ? (
            <li>
              <a className="button button-secondary" href={torrent}>
                {t("release.torrent")}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {others.length ? (
        <>
          <h3>{t("release.otherFiles")}</h3>
          <ul className="plain-list file-list">
            {others.map((f) => (
              <li key={f.id}>
                <a href={`${base}/files/${f.name}`} download>
                  {f.name}
                </a>{" "}
                <span className="muted">
                  {t(`release.kind.${f.kind}`)}
                  {f.label ? ` — ${f.label}` : ""}
                  {f.language ? ` (${f.language})` : ""} · {fileSize(f.size, locale)}
                </span>{" "}
                {remove(f)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <details className="checksums">
        <summary>{t("release.checksums")}</summary>
        <ul className="plain-list">
          {files.map((f) => (
            <li key={f.id}>
              {f.name}: <code className="checksum">{f.sha256}</code>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
