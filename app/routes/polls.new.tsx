import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Form, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/polls.new";
import { imageRecord } from "~/features/media/image.server";
import { createPoll, type PollInput } from "~/features/polls/polls.server";
import { DEFAULT_POLL_RULE, FIRST_OPTION_SLOTS, MAX_OPTIONS, methodSettings, optionSlots, pollFields, pollSchema } from "~/features/polls/validation";
import { methods } from "~/features/polls/tally";
import { getProduction, roleIn } from "~/features/productions/production.server";
import { fail, formValues, parseForm, type FieldErrors } from "~/lib/forms";
import { MiB, type BodyLimitHandle } from "~/lib/body-limit";
import { authorize, notFound, requireViewer, timeZoneOf } from "~/lib/http.server";
import { localAt } from "~/lib/zoned-time";
import { ErrorText, Field, FormAlert, Select } from "~/ui/form";
import { useT, useTimeZone } from "~/ui/i18n";
import { TimeZoneField } from "~/ui/time-zone";

/** Option images (≤ 5 MB each) come in the one form: together at most 8 MB, as before. */
export const handle: BodyLimitHandle = { bodyLimit: 8 * MiB };

async function load(request: Request, context: Route.LoaderArgs["context"], slug: string) {
  const viewer = requireViewer(context, request);
  const production = (await getProduction(slug)) ?? notFound();
  authorize(context, request, "createPoll", { type: "production", role: await roleIn(production.id, viewer.id) });
  return { viewer, production };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { production } = await load(request, context, params.slug);
  // A week from now, as the form's default closing time, on the viewer's clock.
  const week = localAt(new Date(Date.now() + 7 * 24 * 3600_000), timeZoneOf(request));
  return { production: { slug: production.slug, title: production.title }, defaultClose: week, slots: FIRST_OPTION_SLOTS };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { viewer, production } = await load(request, context, params.slug);
  const formData = await request.formData();
  const optionLabels = Array.from({ length: MAX_OPTIONS }, (_, i) => String(formData.get(`option-${i + 1}`) ?? ""));
  const slots = optionSlots(formData.get("slots"), optionLabels);
  // "Add an option" without JavaScript: the same form again, as typed, with one more slot.
  if (formData.get("intent") === "addOption") return { ok: false as const, errors: {}, values: formValues(formData), slots: optionSlots(String(slots + 1), optionLabels) };
  const form = new FormData();
  const method = String(formData.get("method") ?? "");
  for (const name of pollFields) {
    if (name === "options") continue;
    // Another method's settings (a hidden field, or one sent anyway) count as unset.
    const usedBy = (methodSettings as Record<string, string>)[name];
    form.set(name, usedBy && usedBy !== method ? "" : String(formData.get(name) ?? ""));
  }
  for (const label of optionLabels) form.append("options", label);
  const parsed = parseForm(pollSchema, form, pollFields);
  if (!parsed.ok) return { ...fail(formData, parsed.errors), slots };
  // Option images, each checked by content; stored with the poll, or not at all.
  const errors: FieldErrors = {};
  const options: PollInput["options"] = [];
  for (let i = 0; i < MAX_OPTIONS; i++) {
    const label = optionLabels[i]!.trim();
    if (!label) continue;
    const file = formData.get(`option-${i + 1}-image`);
    if (!(file instanceof File) || file.size === 0) {
      options.push({ label });
      continue;
    }
    // One at a time: each decode may take a large image's memory.
    const record = await imageRecord(new Uint8Array(await file.arrayBuffer()));
    if ("problem" in record) errors[`option-${i + 1}-image`] = { key: record.problem };
    else options.push({ label, image: record.data });
  }
  if (Object.keys(errors).length) return { ...fail(formData, errors), slots };
  const d = parsed.data;
  const poll = await createPoll(production.id, viewer.id, {
    question: d.question,
    description: d.description,
    method: d.method,
    options,
    minChoices: d.minChoices,
    maxChoices: d.maxChoices || null,
    closesAt: d.closesAt,
    eligibility: d.eligibility,
    minAccountAgeDays: d.minAccountAgeDays,
    requireConfirmedEmail: d.requireConfirmedEmail,
    minMembershipHours: d.minMembershipHours,
    resultsVisibility: d.resultsVisibility,
    allowReason: d.allowReason,
  });
  throw redirect(`/p/${production.slug}/polls/${poll.id}`);
}

export default function NewPoll({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const timeZone = useTimeZone();
  const busy = useNavigation().state === "submitting";
  const state = actionData;
  // The slots shown: the server's count (a form sent back), then one more per "Add an option".
  const [own, setOwn] = useState(loaderData.slots);
  const slots = Math.max(own, state?.slots ?? 0);
  const [method, setMethod] = useState(state?.values?.method ?? "plurality");
  // Without JavaScript every setting shows (marked with its method); with it, only the chosen method's.
  const enhanced = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const added = useRef(false);
  useEffect(() => {
    if (added.current) document.getElementById(`option-${slots}`)?.focus();
    added.current = false;
  }, [slots]);
  return (
    <section className="page narrow">
      <title>{`${t("poll.new")} — ${loaderData.production.title}`}</title>
      <h1>{t("poll.new")}</h1>
      <FormAlert state={state} />
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        onChange={(e) => {
          const field: EventTarget = e.target;
          if (field instanceof HTMLSelectElement && field.name === "method") setMethod(field.value);
        }}
      >
        <input type="hidden" name="slots" value={slots} />
        <Field name="question" label="poll.question" state={state} required maxLength={200} />
        <Field name="description" label="poll.description" state={state} multiline maxLength={2000} />
        <Select name="method" label="poll.method" state={state} defaultValue="plurality" options={methods.map((m) => ({ value: m, label: t(`poll.method.${m}`) }))} />
        <fieldset className="field">
          <legend>{t("poll.options")}</legend>
          {Array.from({ length: slots }, (_, i) => {
            const n = i + 1;
            return (
              <div key={n} className="option-row">
                <label htmlFor={`option-${n}`}>{t("poll.optionN", { n })}</label>
                <input id={`option-${n}`} name={`option-${n}`} type="text" maxLength={120} defaultValue={state?.values?.[`option-${n}`]} />
                <label htmlFor={`option-${n}-image`} className="help">
                  {t("poll.optionImageN", { n })}
                </label>
                <input
                  id={`option-${n}-image`}
                  name={`option-${n}-image`}
                  type="file"
                  accept="image/png,image/jpeg,image/webp,image/gif"
                  aria-describedby={state?.errors?.[`option-${n}-image`] ? `option-${n}-image-error` : undefined}
                />
                <ErrorText id={`option-${n}-image-error`} error={state?.errors?.[`option-${n}-image`]} />
              </div>
            );
          })}
          <ErrorText id="options-error" error={state?.errors?.options} />
          {slots < MAX_OPTIONS ? (
            <button
              // With JavaScript, no round trip (the chosen images stay chosen), and Enter in a
              // field creates the poll: a submit button here would be the form's default one.
              type={enhanced ? "button" : "submit"}
              name="intent"
              value="addOption"
              className="button-secondary"
              onClick={(e) => {
                e.preventDefault();
                added.current = true;
                setOwn(Math.min(MAX_OPTIONS, slots + 1));
              }}
            >
              {t("poll.addOption")}
            </button>
          ) : null}
        </fieldset>
        <fieldset className="field" hidden={enhanced && method !== "approval"} data-testid="approval-settings">
          <legend>{t("poll.approvalSettings")}</legend>
          <Field name="minChoices" label="poll.minChoices" state={state} type="number" defaultValue="1" />
          <Field name="maxChoices" label="poll.maxChoices" state={state} type="number" defaultValue="0" />
        </fieldset>
        <Field name="closesAt" label="poll.closesAt" labelVars={{ zone: timeZone }} state={state} type="datetime-local" defaultValue={loaderData.defaultClose} required />
        <TimeZoneField state={state} />
        <Select
          name="eligibility"
          label="poll.eligibility"
          state={state}
          defaultValue="members"
          options={[
            { value: "members", label: t("poll.eligibility.members") },
            { value: "accounts", label: t("poll.eligibility.accounts") },
          ]}
        />
        <Field
          name="minMembershipHours"
          label="poll.minMembershipHours"
          help="poll.minMembershipHoursHelp"
          state={state}
          type="number"
          defaultValue={String(DEFAULT_POLL_RULE.minMembershipHours)}
        />
        <Field name="minAccountAgeDays" label="poll.minAccountAgeDays" state={state} type="number" defaultValue="0" />
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="requireConfirmedEmail"
              aria-describedby="requireConfirmedEmail-help"
              defaultChecked={state?.values ? state.values.requireConfirmedEmail === "on" : DEFAULT_POLL_RULE.requireConfirmedEmail}
            />{" "}
            {t("poll.requireConfirmedEmail")}
          </label>
          <p id="requireConfirmedEmail-help" className="help">
            {t("poll.requireConfirmedEmailHelp")}
          </p>
        </div>
        <Select
          name="resultsVisibility"
          label="poll.resultsVisibility"
          state={state}
          defaultValue="after_close"
          options={(["live", "after_vote", "after_close"] as const).map((v) => ({ value: v, label: t(`poll.results.${v}`) }))}
        />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="allowReason" defaultChecked={state?.values?.allowReason === "on"} /> {t("poll.allowReason")}
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {t("poll.create")}
        </button>
      </Form>
    </section>
  );
}
