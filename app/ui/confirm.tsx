import { useT } from "./i18n";

/**
 * The "I understand" box of an irreversible action (decision 0034). `required` stops the
 * browser from sending the form unticked; the server checks it again.
 */
export function ConfirmBox({ id, label, missing }: { id: string; label: string; missing?: boolean }) {
  const t = useT();
  return (
    <div className="field">
      {missing ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t("confirm.required")}
        </p>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" id={id} name="confirm" value="yes" required aria-invalid={missing || undefined} aria-describedby={missing ? `${id}-error` : undefined} /> {label}
      </label>
    </div>
  );
}
