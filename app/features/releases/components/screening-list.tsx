// The screenings of a release: where and when, at the venue's own time, with tickets;
// producers remove them here.
import { Form } from "react-router";
import type { ScreeningInput } from "../screenings.server";
import { dateTimeFormat } from "~/lib/i18n";
import { useLocale, useT } from "~/ui/i18n";

type Screening = Omit<ScreeningInput, "kind" | "releaseId"> & { id: string };

export function ScreeningList({ screenings, mayManage }: { screenings: Screening[]; mayManage: boolean }) {
  const t = useT();
  return screenings.length ? (
    <ul className="plain-list" data-testid="screenings">
      {screenings.map((s) => (
        <li key={s.id}>
          <strong>{s.venue}</strong>, {[s.address, s.city].filter(Boolean).join(", ")} — <VenueTime at={s.startsAt} zone={s.timeZone} />
          {s.language ? ` · ${t("release.spoken", { language: s.language })}` : ""}
          {s.subtitles ? ` · ${t("release.subtitled", { language: s.subtitles })}` : ""}
          {s.ticketUrl ? (
            <>
              {" · "}
              <a href={s.ticketUrl} rel="noopener noreferrer nofollow">
                {t("release.tickets")}
              </a>
            </>
          ) : null}
          {mayManage ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="removeScreening" />
              <input type="hidden" name="screeningId" value={s.id} />
              <button type="submit" className="link-button" aria-label={`${t("release.file.remove")} ${s.venue}`}>
                {t("release.file.remove")}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  ) : (
    <p className="muted">{t("release.noScreenings")}</p>
  );
}

function VenueTime({ at, zone }: { at: Date; zone: string }) {
  const locale = useLocale();
  const text = dateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(new Date(at));
  return (
    <time dateTime={new Date(at).toISOString()}>
      {text} <span className="muted">({zone})</span>
    </time>
  );
}
