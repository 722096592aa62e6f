// Stripe, offline: events signed with the package's own helper, and a local server standing
// in for Stripe's API (the studio's client goes there through STRIPE_API_BASE).
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

const signer = new Stripe("sk_test_offline");
let n = 0;

/** A webhook event as Stripe would send it: its id, body and signature header. */
export function signedEvent(type: string, object: Record<string, unknown>, { id = `evt_${Date.now()}_${n++}`, secret }: { id?: string; secret: string }) {
  const payload = JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object } });
  return { id, payload, signature: signer.webhooks.generateTestHeaderString({ payload, secret }) };
}

/** Configures the studio's Stripe for the test and answers its API calls with `handler`; stop() undoes both. */
export async function offlineStripe(secret: string, handler: http.RequestListener) {
  const api = http.createServer(handler);
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  process.env.STRIPE_SECRET_KEY = "sk_test_offline";
  process.env.STRIPE_WEBHOOK_SECRET = secret;
  process.env.STRIPE_API_BASE = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  return {
    async stop() {
      delete process.env.STRIPE_SECRET_KEY;
      delete process.env.STRIPE_WEBHOOK_SECRET;
      delete process.env.STRIPE_API_BASE;
      await new Promise((resolve) => api.close(resolve));
    },
  };
}
