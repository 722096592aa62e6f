// A release's management, for its producers and crew: the upload of its files and their
// renditions, its facts and premiere, "publish now", screenings and credits.
import type { ComponentProps } from "react";
import { Form } from "react-router";
import { LicenceField } from "./licence-field";
import { RenditionStatus } from "./rendition-status";
import { UploadForm } from "./upload-form";
import type { FormFailure } from "~/lib/forms";
import { localAt } from "~/lib/zoned-time";
import { ConfirmBox } from "~/ui/confirm";
import { Field, FormAlert, Select } from "~/ui/form";
import { useT, useTimeZone } from "~/ui/i18n";
import { TimeZoneField } from "~/ui/time-zone";

/** The release page's refusal of one of its forms (which one: `intent`). */
export type ReleaseFormFailure = FormFailure & { intent: string; unconfirmed?: true; renditionsPending?: true };

export function ReleaseManagement({
  release,
  base,
  renditions,
  published,
  maySchedule,
  renditionsPending,
  failed,
}: {
  release: { id: string; title: string; version: string; licence: string; publishAt: Date; synopsis: string };
  /** the release page's path */
  base: string;
  renditions: ComponentProps<typeof RenditionStatus>["initial"];
  published: boolean;
  maySchedule: boolean;
  /** its web renditions are not all ready */
  renditionsPending: boolean;
  failed: ReleaseFormFailure | undefined;
}) {
  const t = useT();
  const timeZone = useTimeZone();
  const stateFor = (intent: string) => (failed?.intent === intent ? failed : undefined);
  return (
        <section aria-labelledby="manage-h" className="panel">
          <h2 id="manage-h">{t("release.manage")}</h2>
          <h3>{t("release.upload")}</h3>
          <UploadForm releaseId={release.id} />
          <RenditionStatus initial={renditions} endpoint={`${base}/renditions.json`} />

          <details open={Boolean(stateFor("facts"))}>
            <summary>{t("release.form.save")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="facts" />
              <FormAlert state={stateFor("facts")} />
              <Field name="title" label="release.form.title" state={stateFor("facts")} defaultValue={release.title} maxLength={120} required />
              <Field name="version" label="release.form.version" state={stateFor("facts")} defaultValue={release.version} maxLength={30} required />
              <LicenceField chosen={stateFor("facts")?.values?.licence ?? release.licence} error={stateFor("facts")?.errors?.licence} />
              <Field
                name="publishAt"
                label="release.form.publishAt"
                labelVars={{ zone: timeZone }}
                help={maySchedule ? "release.form.publishAtHelp" : published ? "release.form.premiereFixed" : "release.form.premiereProducersOnly"}
                state={stateFor("facts")}
                type="datetime-local"
                defaultValue={localAt(new Date(release.publishAt), timeZone)}
                readOnly={!maySchedule}
                required
              />
              <TimeZoneField state={stateFor("facts")} />
              {maySchedule && renditionsPending ? (
                <label className="checkbox">
                  <input type="checkbox" name="masterAlone" value="yes" /> {t("release.form.premiereMasterAlone")}
                </label>
              ) : null}
              <Field name="synopsis" label="release.form.synopsis" state={stateFor("facts")} defaultValue={release.synopsis} multiline rows={5} maxLength={5000} />
              <button type="submit">{t("release.form.save")}</button>
            </Form>
          </details>
          {maySchedule ? (
            <Form method="post" className="stack" data-testid="publish-now-form">
              <input type="hidden" name="intent" value="publishNow" />
              <p className="help" id="publish-now-help">
                {t("release.publishNowHelp")}
              </p>
              <ConfirmBox id="publish-now-confirm" label={t("release.publishNowConfirm")} missing={failed !== undefined && "unconfirmed" in failed} />
              {renditionsPending ? (
                <div className="field">
                  {failed !== undefined && "renditionsPending" in failed ? (
                    <p id="publish-master-alone-error" className="field-error" role="alert">
                      {t("release.publishNowRenditionsPending")}
                    </p>
                  ) : null}
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name="masterAlone"
                      value="yes"
                      aria-invalid={(failed !== undefined && "renditionsPending" in failed) || undefined}
                      aria-describedby={failed !== undefined && "renditionsPending" in failed ? "publish-master-alone-error" : undefined}
                    />{" "}
                    {t("release.publishNowMasterAlone")}
                  </label>
                </div>
              ) : null}
              <button type="submit" className="button-secondary" aria-describedby="publish-now-help">
                {t("release.publishNow")}
              </button>
            </Form>
          ) : null}

          <details open={Boolean(stateFor("addScreening"))}>
            <summary>{t("release.addScreening")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="addScreening" />
              <FormAlert state={stateFor("addScreening")} />
              <Select
                name="kind"
                label="release.screening.kind"
                state={stateFor("addScreening")}
                defaultValue="theatrical"
                options={[
                  { value: "theatrical", label: t("release.screening.theatrical") },
                  { value: "community", label: t("release.screening.community") },
                ]}
              />
              <Field name="venue" label="release.screening.venue" state={stateFor("addScreening")} maxLength={120} required />
              <Field name="address" label="release.screening.address" state={stateFor("addScreening")} maxLength={200} />
              <Field name="city" label="release.screening.city" state={stateFor("addScreening")} maxLength={80} required />
              <Field name="startsAt" label="release.screening.startsAt" state={stateFor("addScreening")} type="datetime-local" required />
              <Field name="timeZone" label="release.screening.timeZone" state={stateFor("addScreening")} defaultValue="Europe/Paris" maxLength={60} required />
              <Field name="language" label="release.screening.language" state={stateFor("addScreening")} maxLength={35} />
              <Field name="subtitles" label="release.screening.subtitles" state={stateFor("addScreening")} maxLength={35} />
              <Field name="ticketUrl" label="release.screening.ticketUrl" state={stateFor("addScreening")} type="url" maxLength={500} />
              <button type="submit">{t("release.screening.add")}</button>
            </Form>
          </details>

          <details open={Boolean(stateFor("addCredit"))}>
            <summary>{t("release.addCredit")}</summary>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="addCredit" />
              <FormAlert state={stateFor("addCredit")} />
              <Field name="role" label="release.credit.role" state={stateFor("addCredit")} maxLength={80} required />
              <Field name="name" label="release.credit.name" state={stateFor("addCredit")} maxLength={120} required />
              <button type="submit">{t("release.credit.add")}</button>
            </Form>
          </details>
        </section>
  );
}
