// Whether Stripe is configured, and its client: apart from the webhook's handling, so that
// what only pays (support) does not bring the campaigns' rules and messages with it.
import Stripe from "stripe";

export function stripeEnabled() {
  return Boolean(process.env.STRIPE_SECRET_KEY && process.env.STRIPE_WEBHOOK_SECRET);
}

let cached: { key: string; base: string; client: Stripe } | null = null;

/**
 * The client. STRIPE_API_BASE (e.g. "http://127.0.0.1:12111") points it at another server
 * speaking Stripe's API (stripe-mock, a test's own): host, port and protocol options.
 */
export function stripeClient(): Stripe {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) throw new Error("Stripe is not configured (STRIPE_SECRET_KEY)");
  const base = process.env.STRIPE_API_BASE ?? "";
  if (cached?.key === key && cached.base === base) return cached.client;
  const url = base ? new URL(base) : null;
  const client = new Stripe(key, {
    maxNetworkRetries: 2,
    ...(url ? { host: url.hostname, port: url.port || (url.protocol === "http:" ? 80 : 443), protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const) } : {}),
  });
  cached = { key, base, client };
  return client;
}
