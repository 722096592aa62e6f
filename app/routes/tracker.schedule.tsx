import { Form, Link } from "react-router";
import type { Route } from "./+types/tracker.schedule";
import {
  createDay,
  dayFormFields,
  dayFormSchema,
  deleteDay,
  moveSchema,
  moveScene,
  placeSchema,
  placeScene,
  scheduleOf,
  unscheduleScene,
  updateDay,
  idSchema,
  type Strip,
} from "~/features/tracker/schedule.server";
import { trackerOf } from "~/features/tracker/tracker.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { authorize, policyUser, requireViewer, viewerOf } from "~/lib/http.server";
import { can } from "~/lib/policy";
import { ErrorText, FormAlert, Notice, type FormState } from "~/ui/form";
import { useLocale, useT } from "~/ui/i18n";
import "~/features/tracker/callsheet.css";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = viewerOf(context);
  const { production, role } = await trackerOf(params.slug, viewer);
  const resource = { type: "production", role } as const;
  // Productions are made in the open: visitors read the schedule.
  authorize(context, request, "read", resource);
  const schedule = await scheduleOf(production.id);
  return { production, ...schedule, may: { manage: can(policyUser(viewer), "manageTracker", resource) } };
}

type Outcome =
  | { ok: true; intent: string }
  | { ok: false; intent: string; dayId?: string; conflict: true }
  | { ok: false; intent: string; dayId?: string; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: Route.ActionArgs): Promise<Outcome> {
  const viewer = requireViewer(context, request);
  const { production, role } = await trackerOf(params.slug, viewer);
  authorize(context, request, "manageTracker", { type: "production", role });
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const done = (ok: boolean, dayId?: string): Outcome => (ok ? { ok: true, intent } : { ok: false, intent, dayId, conflict: true });
  switch (intent) {
    case "addDay": {
      const parsed = parseForm(dayFormSchema, formData, dayFormFields);
      if (!parsed.ok) return { ...parsed, intent };
      return done((await createDay(production.id, parsed.data)) !== null);
    }
    case "editDay": {
      const dayId = idSchema.safeParse(formData.get("dayId") ?? "");
      if (!dayId.success) return done(false);
      const parsed = parseForm(dayFormSchema, formData, dayFormFields);
      if (!parsed.ok) return { ...parsed, intent, dayId: dayId.data };
      return done(await updateDay(production.id, dayId.data, parsed.data), dayId.data);
    }
    case "deleteDay": {
      const dayId = idSchema.safeParse(formData.get("dayId") ?? "");
      return done(dayId.success && (await deleteDay(production.id, dayId.data)));
    }
    case "place": {
      const parsed = parseForm(placeSchema, formData, ["sceneId", "dayId"]);
      return done(parsed.ok && (await placeScene(production.id, parsed.data.sceneId, parsed.data.dayId)));
    }
    case "unschedule": {
      const sceneId = idSchema.safeParse(formData.get("sceneId") ?? "");
      return done(sceneId.success && (await unscheduleScene(production.id, sceneId.data)));
    }
    case "move": {
      const parsed = parseForm(moveSchema, formData, ["sceneId", "direction"]);
      return done(parsed.ok && (await moveScene(production.id, parsed.data.sceneId, parsed.data.direction)));
    }
  }
  throw new Response("Unknown intent", { status: 400 });
}

type Data = Route.ComponentProps["loaderData"];
type Day = Data["days"][number];

function useLongDate() {
  const locale = useLocale();
  return (date: Date | string) => new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "full", timeZone: "UTC" }).format(new Date(date));
}

/** The fields of a shoot day; `prefix` keeps ids unique when several forms are on the page. */
function DayFields({ prefix, state, day }: { prefix: string; state?: FormState; day?: Day }) {
  const t = useT();
  const value = (name: string, fallback: string) => state?.values?.[name] ?? fallback;
  const field = (name: (typeof dayFormFields)[number]) => {
    const error = state?.errors?.[name];
    return { id: `${prefix}-${name}`, name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${prefix}-${name}-error` : undefined };
  };
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-date`}>{t("schedule.form.date")}</label>
        <input type="date" required defaultValue={value("date", day?.dateValue ?? "")} {...field("date")} />
        <ErrorText id={`${prefix}-date-error`} error={state?.errors?.date} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-callTime`}>{t("schedule.form.callTime")}</label>
        <input type="time" required defaultValue={value("callTime", day?.callTime ?? "08:00")} {...field("callTime")} />
        <ErrorText id={`${prefix}-callTime-error`} error={state?.errors?.callTime} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-location`}>{t("schedule.form.location")}</label>
        <input type="text" maxLength={200} defaultValue={value("location", day?.location ?? "")} {...field("location")} />
        <ErrorText id={`${prefix}-location-error`} error={state?.errors?.location} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-notes`}>{t("schedule.form.notes")}</label>
        <textarea rows={3} maxLength={2000} defaultValue={value("notes", day?.notes ?? "")} {...field("notes")} />
        <ErrorText id={`${prefix}-notes-error`} error={state?.errors?.notes} />
      </div>
    </>
  );
}

/** Times of day that already say the strip's light. */
const plainLight = new Set(["DAY", "NIGHT", "JOUR", "NUIT"]);

/** One scene as a strip of the board; colour by INT/EXT and day/night, said in words too. */
function StripFacts({ strip }: { strip: Strip }) {
  const t = useT();
  return (
    <>
      <span className="strip-number">
        <span className="visually-hidden">{t("schedule.strip.scene")} </span>
        {strip.number || "—"}
      </span>
      <span className="strip-ie">{strip.intExt ?? "—"}</span>
      <span className="strip-set">
        {strip.location}
        {strip.cut ? <span className="strip-cut"> ({t("schedule.strip.cut")})</span> : null}
      </span>
      <span className="strip-time">
        {strip.timeOfDay}
        {plainLight.has(strip.timeOfDay.toUpperCase()) ? null : <span className="strip-light"> {t(`schedule.light.${strip.light}`)}</span>}
      </span>
      <span className="strip-pages">{t("schedule.strip.pages", { pages: strip.pages })}</span>
      <span className="strip-cast">
        <span className="visually-hidden">{t("schedule.strip.cast")}: </span>
        {strip.characters.join(", ")}
      </span>
    </>
  );
}

function PlaceForm({ strip, days, exceptDayId, label }: { strip: Strip; days: Day[]; exceptDayId?: string; label: "schedule.place" | "schedule.moveTo" }) {
  const t = useT();
  const date = useLongDate();
  const choices = days.filter((d) => d.id !== exceptDayId);
  if (!choices.length) return null;
  const id = `place-${strip.id}`;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="place" />
      <input type="hidden" name="sceneId" value={strip.id} />
      <label htmlFor={id} className="visually-hidden">
        {t("schedule.dayFor", { scene: strip.number || strip.location })}
      </label>
      <select id={id} name="dayId">
        {choices.map((d) => (
          <option key={d.id} value={d.id}>
            {t("schedule.dayN", { n: d.n })} — {date(d.date)}
          </option>
        ))}
      </select>
      <button type="submit" className="button-small">
        {t(label)}
      </button>
    </Form>
  );
}

function DaySection({ day, data, state, conflict }: { day: Day; data: Data; state?: FormState; conflict: boolean }) {
  const t = useT();
  const date = useLongDate();
  const base = `/p/${data.production.slug}/tracker/schedule`;
  const manage = data.may.manage;
  return (
    <section className="shoot-day" aria-labelledby={`day-${day.id}`} id={`d-${day.id}`}>
      <h2 id={`day-${day.id}`}>
        {t("schedule.dayN", { n: day.n })} — {date(day.date)}
      </h2>
      <p className="shoot-day-facts">
        <span>{t("schedule.callAt", { time: day.callTime })}</span>
        {day.location ? <span>{day.location}</span> : null}
        <span>{t("schedule.totalPages", { count: day.pages })}</span>
        <Link to={`${base}/${day.id}`}>{t("schedule.callSheet")}</Link>
      </p>
      {day.notes ? <p className="prose">{day.notes}</p> : null}
      {conflict ? <p className="alert alert-error">{t("schedule.conflict")}</p> : null}
      {day.strips.length ? (
        <ol className="stripboard" aria-label={t("schedule.scenesOf", { n: day.n })}>
          {day.strips.map((strip, i) => (
            <li key={strip.id} className={`strip strip-${strip.kind}`}>
              <StripFacts strip={strip} />
              {manage ? (
                <span className="strip-controls no-print">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="sceneId" value={strip.id} />
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" className="button-small button-secondary" disabled={i === 0} aria-label={t("schedule.moveUp", { scene: strip.number || strip.location })}>
                      ↑
                    </button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="sceneId" value={strip.id} />
                    <input type="hidden" name="direction" value="down" />
                    <button
                      type="submit"
                      className="button-small button-secondary"
                      disabled={i === day.strips.length - 1}
                      aria-label={t("schedule.moveDown", { scene: strip.number || strip.location })}
                    >
                      ↓
                    </button>
                  </Form>
                  <PlaceForm strip={strip} days={data.days} exceptDayId={day.id} label="schedule.moveTo" />
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="unschedule" />
                    <input type="hidden" name="sceneId" value={strip.id} />
                    <button type="submit" className="button-small button-secondary" aria-label={t("schedule.unscheduleScene", { scene: strip.number || strip.location })}>
                      {t("schedule.unschedule")}
                    </button>
                  </Form>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-state">{t("schedule.dayEmpty")}</p>
      )}
      <p className="strip-end">{t("schedule.endOfDay", { n: day.n, count: day.pages })}</p>
      {manage ? (
        <div className="no-print">
          <details open={Boolean(state)}>
            <summary>{t("schedule.editDay", { n: day.n })}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="editDay" />
              <input type="hidden" name="dayId" value={day.id} />
              <FormAlert state={state} />
              <DayFields prefix={`day-${day.id}`} state={state} day={day} />
              <button type="submit">{t("schedule.save")}</button>
            </Form>
          </details>
          <details>
            <summary>{t("schedule.deleteDay", { n: day.n })}</summary>
            <p className="help">{t("schedule.deleteHelp")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="deleteDay" />
              <input type="hidden" name="dayId" value={day.id} />
              <button type="submit" className="button-danger">
                {t("schedule.deleteConfirm", { date: date(day.date) })}
              </button>
            </Form>
          </details>
        </div>
      ) : null}
    </section>
  );
}

export default function Schedule({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { production, days, unscheduled, may } = loaderData;
  const base = `/p/${production.slug}`;
  const failed = actionData && !actionData.ok && "errors" in actionData ? actionData : undefined;
  const conflict = actionData && !actionData.ok && "conflict" in actionData ? actionData : undefined;
  return (
    <div className="page schedule">
      <title>{`${t("schedule.title")} — ${production.title}`}</title>
      <p className="no-print">
        <Link to={`${base}/tracker`}>{t("schedule.tracker")}</Link> ·{" "}
        <Link to={`${base}/tracker/help`}>{t("offers.title")}</Link>
      </p>
      <h1>{t("schedule.title")}</h1>
      <p className="lead">{t("schedule.lead")}</p>
      {actionData?.ok ? <Notice>{t("schedule.changed")}</Notice> : null}
      {conflict && !conflict.dayId ? <p className="alert alert-error">{t("schedule.conflict")}</p> : null}
      <ul className="strip-legend" aria-label={t("schedule.legend")}>
        {(["int-day", "ext-day", "int-night", "ext-night"] as const).map((k) => (
          <li key={k} className={`strip-${k}`}>
            {t(`schedule.kind.${k}`)}
          </li>
        ))}
      </ul>

      {days.length ? (
        days.map((day) => (
          <DaySection
            key={day.id}
            day={day}
            data={loaderData}
            state={failed?.intent === "editDay" && failed.dayId === day.id ? failed : undefined}
            conflict={conflict?.dayId === day.id}
          />
        ))
      ) : (
        <p>{t("schedule.noDays")}</p>
      )}

      {may.manage ? (
        <section className="panel no-print" aria-labelledby="add-day">
          <h2 id="add-day">{t("schedule.addDay")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="addDay" />
            <FormAlert state={failed?.intent === "addDay" ? failed : undefined} />
            <DayFields prefix="new" state={failed?.intent === "addDay" ? failed : undefined} />
            <button type="submit">{t("schedule.addDay")}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="unscheduled">
        <h2 id="unscheduled">{t("schedule.unscheduled")}</h2>
        {unscheduled.length ? (
          <>
            <p className="muted">{t("schedule.unscheduledSummary", { count: unscheduled.length, pages: t("schedule.totalPages", { count: loaderData.unscheduledPages }) })}</p>
            {may.manage && !days.length ? <p className="help">{t("schedule.addDayFirst")}</p> : null}
            <ul className="stripboard">
              {unscheduled.map((strip) => (
                <li key={strip.id} className={`strip strip-${strip.kind}`}>
                  <StripFacts strip={strip} />
                  {may.manage ? (
                    <span className="strip-controls no-print">
                      <PlaceForm strip={strip} days={days} label="schedule.place" />
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t("schedule.allScheduled")}</p>
        )}
      </section>
    </div>
  );
}
