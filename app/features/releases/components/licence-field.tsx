// Choosing a licence: each one with its plain explanation, and a warning when it is
// not copyleft or forbids remixes (reference/licences.md).
import type { FieldError } from "~/lib/forms";
import { ErrorText } from "~/ui/form";
import { useT } from "~/ui/i18n";
import { licences, licenceWarnings } from "../licences";

export function LicenceField({ chosen, error }: { chosen: string; error?: FieldError }) {
  const t = useT();
  return (
    <fieldset className="field" aria-describedby="licence-help">
      <legend>{t("production.licence")}</legend>
      <p id="licence-help" className="help">
        {t("production.licenceHelp")}
      </p>
      {licences.map((l) => (
        <div key={l.spdx} className="radio">
          <input type="radio" id={`licence-${l.spdx}`} name="licence" value={l.spdx} defaultChecked={chosen === l.spdx} />
          <label htmlFor={`licence-${l.spdx}`}>
            {t(`licence.${l.spdx}`)} <span className="muted">({l.name})</span>
            {licenceWarnings(l.spdx).map((w) => (
              <span key={w} className="warning">
                {t(`licence.warning.${w}`)}
              </span>
            ))}
          </label>
        </div>
      ))}
      <ErrorText id="licence-error" error={error} />
    </fieldset>
  );
}
