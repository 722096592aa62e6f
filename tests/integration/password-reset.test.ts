// Asking for a reset link over HTTP: throttled per account and per address, the same
// answer for known and unknown addresses, and the mail sent after the response (the
// studio under test prints its mails; a second studio talks to a stalled SMTP server).
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RESET_LIMITS } from "~/features/auth/throttle.server";
import { createUser } from "~/features/auth/user.server";
import { freePort } from "../../server/free-port.ts";
import { startFakeSmtp, type FakeSmtp } from "../support/fake-smtp";
import { freshAddress, requestFrom } from "../support/http-from";
import { newPerson } from "../support/people";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

const base = inject("baseUrl");
const sentText = "a link is on its way";
const throttledText = "Too many reset links asked for";

function askReset(email: string, { from = freshAddress(), url = base } = {}) {
  return requestFrom(from, `${url}/forgot-password`, {
    method: "POST",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
    body: new URLSearchParams({ email }).toString(),
  });
}

/** Reset mails the studio under test printed for this address. */
function mailsTo(email: string): string[] {
  return readFileSync(inject("serverLog"), "utf8")
    .split("── mail")
    .filter((m) => m.includes(`To: ${email}\n`));
}

async function person() {
  const p = newPerson("reset");
  expect((await createUser(p)).ok).toBe(true);
  return p;
}

/** Mail goes out in order: once this one is printed, every earlier one was. */
async function mailQueueFlushed() {
  const p = await person();
  expect((await askReset(p.email)).text).toContain(sentText);
  await expect.poll(() => mailsTo(p.email).length, { timeout: 15_000 }).toBe(1);
}

/** What the page says, without what was typed or what differs per response. */
const answer = (text: string, email: string) =>
  text
    .replaceAll(email, "EMAIL")
    .replace(/ nonce="[^"]*"/g, "")
    .replace(/in \d+ minutes/g, "in N minutes");

describe("password reset requests", () => {
  it(`send at most ${RESET_LIMITS.email.max} mails an hour to one account, and answer alike for an unknown address`, async () => {
    const victim = await person();
    const unknown = `nobody-${victim.email}`;
    const requests = 8;
    for (let i = 0; i < requests; i++) {
      const known = await askReset(victim.email);
      const other = await askReset(unknown);
      expect(known.status).toBe(200);
      expect(known.text).toContain(i < RESET_LIMITS.email.max ? sentText : throttledText);
      expect(other.status).toBe(known.status);
      expect(answer(other.text, unknown)).toBe(answer(known.text, victim.email));
    }
    await mailQueueFlushed();
    expect(mailsTo(victim.email)).toHaveLength(RESET_LIMITS.email.max);
    expect(mailsTo(unknown)).toHaveLength(0);
  });

  it(`stop an address after ${RESET_LIMITS.address.max} requests, whatever the emails`, async () => {
    const from = freshAddress();
    for (let i = 0; i < RESET_LIMITS.address.max; i++) {
      expect((await askReset(`nobody-${i}-${Date.now()}@example.org`, { from })).text).toContain(sentText);
    }
    const p = await person();
    expect((await askReset(p.email, { from })).text).toContain(throttledText);
    expect((await askReset(p.email)).text).toContain(sentText);
    await mailQueueFlushed();
    expect(mailsTo(p.email)).toHaveLength(1);
  });
});

describe("reset mail", () => {
  let studio: StudioProcess | undefined;
  let smtp: FakeSmtp | undefined;
  const dataDir = path.join(os.tmpdir(), `claquette-reset-mail-${process.pid}`);
  afterAll(async () => {
    if (studio?.child.exitCode === null) studio.child.kill("SIGKILL");
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("goes out after the answer, so a slow mail server does not tell known addresses, and is not lost on a normal stop", async () => {
    smtp = await startFakeSmtp();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    studio = await startStudioProcess({
      DATABASE_URL: inject("databaseUrl"),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      SMTP_URL: smtp.url,
    });
    const p = await person();
    // The mail server does not even greet yet: the answer must not wait for it.
    const started = Date.now();
    const known = await askReset(p.email, { url });
    expect(known.text).toContain(sentText);
    expect(Date.now() - started).toBeLessThan(10_000);
    const unknown = await askReset(`nobody-${p.email}`, { url });
    expect(answer(unknown.text, `nobody-${p.email}`)).toBe(answer(known.text, p.email));

    // Stopped as a service manager stops it, the studio still sends what it queued.
    const stopped = stopStudioProcess(studio);
    await expect.poll(() => studio!.output(), { timeout: 10_000 }).toContain("SIGTERM: shutting down");
    smtp.open();
    expect(await stopped).toBe(0);
    expect(smtp.messages.map((m) => m.to)).toEqual([[p.email]]);
    expect(smtp.messages[0]!.data).toContain(`${url}/reset-password/`);
  }, 120_000);
});
