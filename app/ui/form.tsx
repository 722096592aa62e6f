// Form fields with their label, help and error, wired for screen readers:
// the error is announced with the field and the typed value is kept.
import type { ReactNode } from "react";
import type { FieldError } from "~/lib/forms";
import type { MessageKey, Vars } from "~/lib/i18n";
import { useT } from "./i18n";

export type FormState = { errors?: Record<string, FieldError>; values?: Record<string, string> } | undefined;

type FieldProps = {
  name: string;
  label: MessageKey;
  /** the label's {placeholders}, such as the zone a time is typed in */
  labelVars?: Vars;
  help?: MessageKey;
  state?: FormState;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  readOnly?: boolean;
};

function describedBy(name: string, help: unknown, error: unknown) {
  return [help ? `${name}-help` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error.key, error.vars)}
    </p>
  );
}

export function Field({ name, label, labelVars, help, state, defaultValue, type = "text", multiline, rows = 4, ...rest }: FieldProps) {
  const t = useT();
  const error = state?.errors?.[name];
  const value = type === "password" ? undefined : (state?.values?.[name] ?? defaultValue);
  const common = {
    id: name,
    name,
    defaultValue: value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(name, help, error),
    ...rest,
  };
  return (
    <div className="field">
      <label htmlFor={name}>{t(label, labelVars)}</label>
      {multiline ? <textarea rows={rows} {...common} /> : <input type={type} {...common} />}
      {help ? (
        <p id={`${name}-help`} className="help">
          {t(help)}
        </p>
      ) : null}
      <ErrorText id={`${name}-error`} error={error} />
    </div>
  );
}

type SelectProps = {
  name: string;
  label: MessageKey;
  help?: MessageKey;
  state?: FormState;
  defaultValue?: string;
  options: { value: string; label: string }[];
};

export function Select({ name, label, help, state, defaultValue, options }: SelectProps) {
  const t = useT();
  const error = state?.errors?.[name];
  return (
    <div className="field">
      <label htmlFor={name}>{t(label)}</label>
      <select
        id={name}
        name={name}
        defaultValue={state?.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, help, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {help ? (
        <p id={`${name}-help`} className="help">
          {t(help)}
        </p>
      ) : null}
      <ErrorText id={`${name}-error`} error={error} />
    </div>
  );
}

/** A summary at the top of a form that failed, announced to screen readers. */
export function FormAlert({ state, children }: { state?: FormState; children?: ReactNode }) {
  const t = useT();
  if (!children && !(state?.errors && Object.keys(state.errors).length)) return null;
  return (
    <div role="alert" className="alert alert-error">
      {children ?? t("error.form")}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="alert alert-ok">
      {children}
    </p>
  );
}
