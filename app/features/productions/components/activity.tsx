import { Form, Link } from "react-router";
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
    <ol className="activity" data-testid="activity">
      {events.map((e) => {
        const key = `event.${e.kind}`;
        if (!isMessageKey(key)) return null;
        const data = (e.data ?? {}) as { subject?: string; role?: string; from?: string; to?: string; href?: string };
        const role = data.role && isMessageKey(`role.${data.role}`) ? t(`role.${data.role}` as "role.member") : "";
        // Instants (a premiere moved, say) are stored as ISO strings and read in the reader's language.
        const when = (iso?: string) => (iso && !Number.isNaN(Date.parse(iso)) ? date(iso, true) : "");
        // {actor} and {subject} become links where there is somewhere to go; a subject without one stays in the text.
        const sentence = t(key, { role, from: when(data.from), to: when(data.to), ...(data.href ? {} : { subject: data.subject ?? "" }) });
        const parts = sentence.split(/(\{actor\}|\{subject\})/);
        return (
          <li key={e.id} data-kind={e.kind}>
            {parts.map((part, i) =>
              part === "{actor}" ? (
                e.actor ? <Link key={i} to={`/u/${e.actor.handle}`}>{e.actor.displayName}</Link> : t("event.someone")
              ) : part === "{subject}" && data.href ? (
                <Link key={i} to={data.href}>
                  {data.subject ?? ""}
                </Link>
              ) : (
                part
              ),
            )}{" "}
            <time dateTime={new Date(e.createdAt).toISOString()} className="muted">{date(e.createdAt, true)}</time>
          </li>
        );
      })}
    </ol>
  );
}

/** Which part of the story to show: a plain GET form, so it works without JavaScript. */
export function ActivityFilter({ families, kind }: { families: readonly string[]; kind: string | null }) {
  const t = useT();
  return (
    <Form method="get" className="inline-form" preventScrollReset>
      <label htmlFor="story-kind">{t("story.filter")}</label>{" "}
      <select id="story-kind" name="kind" defaultValue={kind ?? ""}>
        <option value="">{t("story.all")}</option>
        {families.map((f) => (
          <option key={f} value={f}>
            {t(`story.kind.${f}` as "story.kind.polls")}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="button-small">
        {t("story.show")}
      </button>
    </Form>
  );
}
