import { useState, useSyncExternalStore } from "react";
import { useT } from "~/ui/i18n";

const noChange = () => () => {};

/**
 * Sharing a released film, as video sites offer it: its address and its embed code, each
 * ready to copy (selected on focus without JavaScript; a Copy button once the page runs,
 * since only then can it copy: by React, or on a visitor's page by its island, which
 * reads what to copy and what to say from the data- attributes).
 */
export function Share({ pageUrl, embedCode, title }: { pageUrl: string; embedCode: string; title: string }) {
  const t = useT();
  // false on the server and while hydrating, then whether this browser can copy
  const canCopy = useSyncExternalStore(
    noChange,
    () => !!navigator.clipboard,
    () => false,
  );
  const [copied, setCopied] = useState<"link" | "embed" | null>(null);
  const copy = (what: "link" | "embed", text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
  const select = (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.select();
  return (
    <section aria-labelledby="share-h" className="share panel">
      <h2 id="share-h">{t("release.share")}</h2>
      <div className="field">
        <label htmlFor="share-link">{t("release.shareLink")}</label>
        <div className="copy-row">
          <input id="share-link" readOnly value={pageUrl} onFocus={select} />
          <button type="button" className="button" hidden={!canCopy} onClick={() => copy("link", pageUrl)} data-copy="share-link" data-copied={t("release.linkCopied")}>
            {t("release.copyLink")}
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor="embed-code">{t("release.embedCode")}</label>
        <textarea id="embed-code" readOnly rows={3} value={embedCode} onFocus={select} spellCheck={false} />
        <button type="button" className="button" hidden={!canCopy} onClick={() => copy("embed", embedCode)} data-copy="embed-code" data-copied={t("release.embedCopied")}>
          {t("release.copyEmbed")}
        </button>
      </div>
      <p role="status" className="muted" data-copy-status>
        {copied === "link" ? t("release.linkCopied") : copied === "embed" ? t("release.embedCopied") : ""}
      </p>
      <p className="actions">
        <a href={`mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(pageUrl)}`}>{t("release.shareByMail")}</a>
      </p>
    </section>
  );
}
