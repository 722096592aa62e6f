import type { ComponentProps } from "react";
import { Select } from "~/ui/form";
import { useT } from "~/ui/i18n";

/** How to pay, where Stripe is configured: a bank transfer, or Stripe Checkout. */
export function ProviderField({ stripe, state }: { stripe: boolean; state: ComponentProps<typeof Select>["state"] }) {
  const t = useT();
  if (!stripe) return null;
  const options = [
    { value: "manual", label: t("campaign.provider.manual") },
    { value: "stripe", label: t("campaign.provider.stripe") },
  ];
  return <Select name="provider" label="campaign.pledge.provider" state={state} defaultValue="manual" options={options} />;
}
