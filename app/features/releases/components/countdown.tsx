// "Premieres in 2 days 4 hours — Fri, 18 Dec 2026, 20:00 (Europe/Paris)" (decision 0046).
// The server renders it with its own clock and the viewer's zone (0035); the browser's
// first render uses the same instant, so hydration changes nothing. Then it counts on the
// browser's clock against the premiere's absolute time: the page and its `now` may come
// from a cache, up to a minute old (0050). At zero it fetches the page again, each second
// until the film appears (a browser's clock ahead of the server's). The ticking words
// are a timer, which screen readers do not announce.
import { useEffect, useState } from "react";
import { useRevalidator } from "react-router";
import { nextChange, wordsLeft, type CountdownWords } from "../countdown";
import { pluralRules } from "~/lib/i18n";
import { useFormatDate, useLocale, useT } from "~/ui/i18n";

export function Countdown({ at, now }: { at: Date | string; now: Date | string }) {
  const t = useT();
  const locale = useLocale();
  const date = useFormatDate();
  const target = new Date(at).getTime();
  const serverNow = new Date(now).getTime();
  const [left, setLeft] = useState(target - serverNow);
  const revalidator = useRevalidator();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const ms = target - Date.now();
      setLeft(ms);
      if (ms > 0) timer = setTimeout(tick, nextChange(ms));
      else {
        // The data with the film unmounts this; until it comes, asked again each second.
        void revalidator.revalidate();
        timer = setTimeout(tick, 1000);
      }
    };
    tick();
    return () => clearTimeout(timer);
    // The revalidator changes identity with its state; the schedule follows the premiere only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target]);

  // The words as they are, "{count}" in them: a visitor's page counts down without React (decision 0058).
  const count = { count: "{count}" };
  const words: CountdownWords = {
    now: t("release.countdown.now"),
    days: { one: t("release.countdown.days.one", count), other: t("release.countdown.days", count) },
    hours: { one: t("release.countdown.hours.one", count), other: t("release.countdown.hours", count) },
    minutes: { one: t("release.countdown.minutes.one", count), other: t("release.countdown.minutes", count) },
    seconds: { one: t("release.countdown.seconds.one", count), other: t("release.countdown.seconds", count) },
  };
  return (
    <p className="countdown" data-testid="countdown" data-countdown={JSON.stringify({ at: new Date(at).toISOString(), words })}>
      {t("release.countdown", { date: date(at, true) })
        .split(/(\{left\})/)
        .map((piece, i) =>
          piece === "{left}" ? (
            <span key={i} role="timer" className="countdown-left" data-testid="countdown-left">
              {wordsLeft(left, words, pluralRules(locale))}
            </span>
          ) : (
            piece
          ),
        )}
    </p>
  );
}
