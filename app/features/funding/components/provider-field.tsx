import { useT } from "~/ui/i18n";

/** How to pay, where Stripe is configured: a bank transfer, or Stripe Checkout. */
export function ProviderField({ stripe, value }: { stripe: boolean; value?: string }) {
  const t = useT();
  if (!stripe) return null;
  return (
    <div className="field">
      <label htmlFor="provider">{t("campaign.pledge.provider")}</label>
      <select id="provider" name="provider" defaultValue={value === "stripe" ? "stripe" : "manual"}>
        <option value="manual">{t("campaign.provider.manual")}</option>
        <option value="stripe">{t("campaign.provider.stripe")}</option>
      </select>
    </div>
  );
}
