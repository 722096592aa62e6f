import { useEffect, useState } from "react";
import type { RenditionState } from "../renditions.server";
import { useT } from "~/ui/i18n";

const POLL_MS = 3000;

/**
 * The producers' view of the web renditions Claquette makes: each one's state and
 * progress, polled from renditions.json while any is waiting or in progress.
 */
export function RenditionStatus({ initial, endpoint }: { initial: RenditionState[]; endpoint: string }) {
  const t = useT();
  // What the last poll said, for as long as the page's own data is the same (a reload after a form replaces it).
  const [polled, setPolled] = useState<{ from: RenditionState[]; list: RenditionState[] } | null>(null);
  const renditions = polled?.from === initial ? polled.list : initial;
  const busy = renditions.some((r) => r.status === "queued" || r.status === "running");
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      fetch(endpoint, { headers: { Accept: "application/json" } })
        .then((res) => (res.ok ? (res.json() as Promise<{ renditions: RenditionState[] }>) : null))
        .then((body) => body && setPolled({ from: initial, list: body.renditions }))
        .catch(() => {}); // the next poll tries again
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, endpoint, initial]);
  if (!renditions.length) return null;
  const label = (r: RenditionState) => (r.kind === "mp4" ? t("release.rendition.mp4", { height: r.height }) : t(`release.rendition.${r.kind}`));
  return (
    <section aria-labelledby="renditions-h" data-testid="renditions">
      <h3 id="renditions-h">{t("release.renditions")}</h3>
      <p className="help">{t("release.renditionsHelp")}</p>
      <ul className="stack" aria-live="polite">
        {renditions.map((r) => (
          <li key={r.id} data-status={r.status}>
            {label(r)} —{" "}
            {r.status === "running" ? (
              <>
                {t("release.rendition.running", { percent: Math.floor(r.progress * 100) })}{" "}
                <progress max={1} value={r.progress} aria-label={label(r)} />
              </>
            ) : r.status === "failed" ? (
              t("release.rendition.failed", { error: r.error ?? "" })
            ) : (
              t(`release.rendition.${r.status}`)
            )}
          </li>
        ))}
      </ul>
      {renditions.some((r) => r.status === "failed") ? <p className="help">{t("release.rendition.failedHelp")}</p> : null}
    </section>
  );
}
