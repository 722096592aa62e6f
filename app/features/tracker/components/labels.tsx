// Names of statuses and task types: the defaults are translated, a producer's own names shown as typed.
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/ui/i18n";

export function useListLabels() {
  const t = useT();
  return {
    status: (s: { key: string; name: string }) => s.name || t(`tracker.status.${s.key}` as MessageKey),
    type: (s: { key: string; name: string }) => s.name || t(`tracker.type.${s.key}` as MessageKey),
  };
}

/** Done out of total, as a bar a screen reader reads as a fraction. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="progress-row">
      <span className="progress-label">{label}</span>
      <progress max={total || 1} value={done} aria-label={label}>
        {percent} %
      </progress>
      <span className="progress-figure">{`${done}/${total}`}</span>
    </div>
  );
}
