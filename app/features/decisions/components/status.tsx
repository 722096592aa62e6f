import type { DecisionStatus } from "~/lib/policy";
import { useT } from "~/ui/i18n";

/** The status as a badge whose colour also carries a word: never colour alone. */
export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  const t = useT();
  return <span className={`badge decision-${status}`}>{t(`decision.status.${status}`)}</span>;
}

export function DecisionNumber({ number }: { number: number }) {
  const t = useT();
  return <span className="decision-number">{t("decision.number", { n: number })}</span>;
}
