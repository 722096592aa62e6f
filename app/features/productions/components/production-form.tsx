import { Form, useNavigation } from "react-router";
import { LicenceField } from "~/features/releases/components/licence-field";
import { ErrorText, Field, FormAlert, Select, type FormState } from "~/ui/form";
import { useT } from "~/ui/i18n";
import { useSlugSuggestion } from "~/ui/slug-suggestion";
import { phases } from "../phases";
import { slugify } from "../validation";

export type ProductionDefaults = {
  title: string;
  slug: string;
  logline: string;
  synopsis: string;
  phase: string;
  licence: string;
  membersEditScript: boolean;
  minProposalHours: number;
  hasPoster: boolean;
};

export function ProductionForm({ state, defaults, submitLabel }: { state: FormState; defaults: ProductionDefaults; submitLabel: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const chosenLicence = state?.values?.licence ?? defaults.licence;
  const membersEdit = state?.values ? state.values.membersEditScript === "on" : defaults.membersEditScript;
  // A new production gets its address suggested; an existing one keeps its address when renamed.
  const suggestSlug = useSlugSuggestion(slugify, state?.values?.slug ?? defaults.slug);
  return (
    <>
      <FormAlert state={state} />
      <Form method="post" encType="multipart/form-data" noValidate onInput={suggestSlug}>
        <Field name="title" label="production.title" state={state} defaultValue={defaults.title} required maxLength={120} />
        <Field name="slug" label="production.slug" help="production.slugHelp" state={state} defaultValue={defaults.slug} required maxLength={60} />
        <Field name="logline" label="production.logline" help="production.loglineHelp" state={state} defaultValue={defaults.logline} maxLength={300} />
        <Field name="synopsis" label="production.synopsis" state={state} defaultValue={defaults.synopsis} multiline rows={6} maxLength={10000} />
        <Select
          name="phase"
          label="production.phase"
          state={state}
          defaultValue={defaults.phase}
          options={phases.map((p) => ({ value: p, label: t(`phase.${p}`) }))}
        />
        <div className="field">
          <label htmlFor="poster">{t("production.poster")}</label>
          <input
            id="poster"
            name="poster"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            aria-describedby={state?.errors?.poster ? "poster-help poster-error" : "poster-help"}
            aria-invalid={state?.errors?.poster ? true : undefined}
          />
          <p id="poster-help" className="help">
            {t("production.posterHelp")}
          </p>
          <ErrorText id="poster-error" error={state?.errors?.poster} />
          {defaults.hasPoster ? (
            <label className="checkbox">
              <input type="checkbox" name="removePoster" /> {t("production.removePoster")}
            </label>
          ) : null}
        </div>
        <LicenceField chosen={chosenLicence} error={state?.errors?.licence} />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="membersEditScript" defaultChecked={membersEdit} aria-describedby="mes-help" />{" "}
            {t("production.membersEditScript")}
          </label>
          <p id="mes-help" className="help">
            {t("production.membersEditScriptHelp")}
          </p>
        </div>
        <Field
          name="minProposalHours"
          label="production.minProposalHours"
          help="production.minProposalHoursHelp"
          state={state}
          type="number"
          defaultValue={String(defaults.minProposalHours)}
        />
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
