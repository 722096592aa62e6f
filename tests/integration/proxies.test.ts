// Behind a reverse proxy (TRUSTED_PROXIES): every client arrives from the proxy's address,
// so the per-address limits must count the address the proxy forwards, and only a
// trusted proxy's word is believed.
import { request } from "node:http";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/free-port";
import { newPerson } from "../support/people";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

let studio: StudioProcess | undefined;
afterAll(async () => {
  if (studio) await stopStudioProcess(studio);
});

/** A sign-up sent from `from` (any of 127.0.0.0/8 is this machine), saying it forwards for `forwardedFor`. */
function signUp(own: string, from: string, forwardedFor: string): Promise<number> {
  const body = new URLSearchParams({ ...newPerson("proxied"), redirectTo: "/" }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${own}/signup`,
      {
        method: "POST",
        localAddress: from,
        agent: false,
        headers: {
          Origin: own,
          "X-Forwarded-For": forwardedFor,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const testNet = () => `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
const loopback = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

describe("behind a trusted proxy", () => {
  it("counts sign-ups per forwarded client, and believes no one else's X-Forwarded-For", async () => {
    const port = await freePort();
    const own = `http://127.0.0.1:${port}`;
    studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: own, HOST: "127.0.0.1", TRUSTED_PROXIES: "127.0.0.1", SIGNUP_LIMIT: "2", SMTP_URL: "" });

    // Through the proxy: one client past its limit does not stop another.
    const first = testNet();
    let second = testNet();
    while (second === first) second = testNet();
    expect([await signUp(own, "127.0.0.1", first), await signUp(own, "127.0.0.1", first), await signUp(own, "127.0.0.1", first)]).toEqual([302, 302, 429]);
    expect(await signUp(own, "127.0.0.1", `198.51.100.7, ${second}`)).toBe(302);

    // Not the proxy: a header naming a new address each time changes nothing.
    const direct = loopback();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await signUp(own, direct, testNet()));
    expect(statuses).toEqual([302, 302, 429]);
  });
});
