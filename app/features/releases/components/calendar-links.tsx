// The screenings calendar, two ways: a file to download, and a webcal:// subscription
// that calendar apps keep up to date.
import { useT } from "~/ui/i18n";

export function CalendarLinks({ slug, webcal }: { slug: string; webcal: string }) {
  const t = useT();
  return (
    <p className="actions">
      <a href={webcal}>{t("release.calendarSubscribe")}</a>
      <a href={`/p/${slug}/screenings.ics`} download>
        {t("release.calendar")}
      </a>
    </p>
  );
}
