import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/ui/i18n";

/** "Version 3 — Draft 2, blue pages", "Version 4 (automatic)", "Version 5 — restored from version 2". */
export function VersionLabel({ number, label }: { number: number; label: string | null }) {
  const t = useT();
  const restored = label?.startsWith("restore:") ? Number(label.slice("restore:".length)) : null;
  const decided: Record<string, MessageKey> = { "decision:accepted": "decision.version.accepted", "decision:rejected": "decision.version.rejected" };
  const text = restored
    ? t("history.restoredFrom", { n: restored })
    : label?.startsWith("import:")
      ? t("script.version.imported", { file: label.slice("import:".length) })
      : label === "before-import"
        ? t("script.version.beforeImport")
        : label?.startsWith("draft:")
          ? t("script.version.draft", { name: label.slice("draft:".length) })
          : label
            ? decided[label]
              ? t(decided[label])
              : label
            : t("history.automatic");
  return (
    <>
      {t("history.versionN", { n: number })} — {text}
    </>
  );
}
