import { Link } from "react-router";
import { isMessageKey } from "~/lib/i18n";
import { useFormatDate, useT } from "~/ui/i18n";

export type ActivityEvent = {
  id: string;
  kind: string;
  data: unknown;
  createdAt: Date | string;
  actor: { handle: string; displayName: string } | null;
};

/** The production's recent events, told in the reader's language. */
export function Activity({ events }: { events: ActivityEvent[] }) {
  const t = useT();
  const date = useFormatDate();
  if (!events.length) return <p>{t("production.noActivity")}</p>;
  return (
    <ol className="activity">
      {events.map((e) => {
        const key = `event.${e.kind}`;
        if (!isMessageKey(key)) return null;
        const data = (e.data ?? {}) as { subject?: string; role?: string; from?: string; to?: string };
        const role = data.role && isMessageKey(`role.${data.role}`) ? t(`role.${data.role}` as "role.member") : "";
        // Instants (a premiere moved, say) are stored as ISO strings and read in the reader's language.
        const when = (iso?: string) => (iso && !Number.isNaN(Date.parse(iso)) ? date(iso, true) : "");
        const [before, after] = t(key, { subject: data.subject ?? "", role, from: when(data.from), to: when(data.to) }).split("{actor}");
        return (
          <li key={e.id}>
            {before}
            {e.actor ? <Link to={`/u/${e.actor.handle}`}>{e.actor.displayName}</Link> : t("event.someone")}
            {after} <time dateTime={new Date(e.createdAt).toISOString()} className="muted">{date(e.createdAt, true)}</time>
          </li>
        );
      })}
    </ol>
  );
}
