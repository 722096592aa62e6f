import { Link } from "react-router";
import { useT } from "~/ui/i18n";
import { tally, tallyText, type Stance } from "../positions";

export type PositionItem = { stance: Stance; reason: string; user: { handle: string; displayName: string } | null };

const badge: Record<Stance, string> = { agree: "badge-ok", abstain: "badge-info", disagree: "badge-caution", block: "badge-warning" };

/** A stance as a badge whose word carries it, never its colour alone. */
export function StanceBadge({ stance }: { stance: Stance }) {
  const t = useT();
  return <span className={`badge ${badge[stance]}`}>{t(`decision.position.stance.${stance}`)}</span>;
}

/** The summary (counts per position) and everyone's position with their reason. */
export function PositionList({ positions, testId = "positions" }: { positions: readonly PositionItem[]; testId?: string }) {
  const t = useT();
  if (!positions.length) return <p className="muted">{t("decision.position.none")}</p>;
  // Blocks first: they are what a producer must read before deciding.
  const ordered = [...positions.filter((p) => p.stance === "block"), ...positions.filter((p) => p.stance !== "block")];
  return (
    <div data-testid={testId}>
      <p data-testid={`${testId}-summary`}>
        <strong>{t("decision.position.summary")}</strong> {tallyText(t, tally(positions))}
      </p>
      <ul className="plain-list">
        {ordered.map((p, i) => (
          <li key={p.user?.handle ?? `someone-${i}`}>
            {p.user ? <Link to={`/u/${p.user.handle}`}>{p.user.displayName}</Link> : t("decision.someone")} <StanceBadge stance={p.stance} />
            {p.reason ? <span> — {p.reason}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
