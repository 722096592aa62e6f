// Throwaway accounts against the running studio, over HTTP: a member who has just
// signed up cannot vote in a poll that asks for a confirmed address and time as a
// member, and is told why; the mailed link confirms the address; sign-ups from one
// address are limited per hour.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPoll } from "~/features/polls/polls.server";
import { db } from "~/lib/db.server";
import { freePort } from "../../server/free-port";
import { testProduction, testUser } from "../support/collab";
import { newPerson } from "../support/people";
import { startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/studio-process";

const base = inject("baseUrl");

type Reply = { status: number; location: string | null; cookie: string | null; text: string };

/**
 * A request as a browser on another machine would send it: `from` is the client's
 * address (any of 127.0.0.0/8 reaches the studio on this machine).
 */
function send(url: string, { method = "GET", fields, cookie, lang = "en", from }: { method?: string; fields?: Record<string, string>; cookie?: string; lang?: string; from?: string } = {}): Promise<Reply> {
  const body = fields ? new URLSearchParams(fields).toString() : undefined;
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        localAddress: from,
        headers: {
          Origin: target.origin,
          "Accept-Language": lang,
          ...(cookie ? { Cookie: cookie } : {}),
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, location: res.headers.location ?? null, cookie: res.headers["set-cookie"]?.[0]?.split(";")[0] ?? null, text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const someAddress = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

/** The links of the mails the studio printed for this address (no SMTP in tests), oldest first. */
function mailedLinks(email: string): string[] {
  const mails = readFileSync(inject("serverLog"), "utf8").split("── mail").filter((m) => m.includes(`To: ${email}`));
  return mails.flatMap((m) => /https?:\/\/\S+\/confirm-email\/[\w-]+/.exec(m)?.[0] ?? []);
}

/** The text a person reads (tags dropped, entities of the messages decoded). */
const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");

describe("voting with a new account", () => {
  it("a member who just signed up is told why they cannot vote and keeps their ballot; confirmed and a member long enough, they vote", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    // The defaults of a new poll: a confirmed address, a day of membership before it opened.
    const poll = await createPoll(production.id, producer.id, {
      question: "Which title?",
      method: "plurality",
      options: [{ label: "Les Veilleurs" }, { label: "Night Shift" }],
      closesAt: new Date(Date.now() + 3600_000),
    });
    const pollUrl = `${base}/p/${production.slug}/polls/${poll.id}`;

    // Sign up, join, vote: within the same second.
    const p = newPerson("sybil");
    const signedUp = await send(`${base}/signup`, { method: "POST", fields: { ...p, redirectTo: "/" } });
    expect(signedUp.status).toBe(302);
    const cookie = signedUp.cookie!;
    expect((await send(`${base}/p/${production.slug}`, { method: "POST", fields: { intent: "join" }, cookie })).status).toBeLessThan(400);
    const page = words((await send(pollUrl, { cookie })).text);
    expect(page).toContain("Members who joined at least 1 day before the poll opened can vote. A confirmed email address is needed.");
    expect(page).toContain("You can vote once your email address is confirmed.");

    const ballot = { intent: "vote", choice: "option-2" };
    const refused = await send(pollUrl, { method: "POST", fields: ballot, cookie });
    expect(refused.status).toBe(403);
    expect(words(refused.text)).toContain(
      "Your ballot is not saved: You joined this production too recently to vote in this poll. You can vote once your email address is confirmed.",
    );
    // The ballot comes back as filled in, ready to cast once allowed.
    expect(refused.text).toContain('<input type="radio" name="choice" checked="" value="option-2"/>');
    expect(refused.text).toContain('<input type="radio" name="choice" value="option-1"/>');
    const french = await send(pollUrl, { method: "POST", fields: ballot, cookie, lang: "fr" });
    expect(words(french.text)).toContain("Vous pourrez voter une fois votre adresse courriel confirmée.");
    expect(words(french.text)).toContain("Vous avez rejoint cette production trop récemment pour voter à ce scrutin.");
    expect(await db.ballot.count({ where: { pollId: poll.id } })).toBe(0);

    // The account page says the address is not confirmed, and sends the link again.
    expect(words((await send(`${base}/settings`, { cookie })).text)).toContain(`${p.email} — not confirmed yet`);
    await expect.poll(() => mailedLinks(p.email).length).toBe(1);
    const resent = await send(`${base}/settings`, { method: "POST", fields: { intent: "confirmEmail" }, cookie });
    expect(words(resent.text)).toContain(`A new link is on its way to ${p.email}.`);
    await expect.poll(() => mailedLinks(p.email).length).toBe(2);

    // The mailed link shows a button; pressing it confirms, once.
    const link = mailedLinks(p.email).at(-1)!;
    expect(words((await send(link)).text)).toContain(`Confirm that ${p.email} is the address of the account @${p.handle}.`);
    expect(words((await send(link, { method: "POST" })).text)).toContain(`${p.email} is confirmed.`);
    expect(words((await send(link, { method: "POST" })).text)).toContain("This link has expired or was already used.");
    expect(words((await send(`${base}/settings`, { cookie })).text)).toMatch(new RegExp(`${p.email} — confirmed on`));

    // Confirmed, but joined after the poll opened: still not.
    const stillTooNew = await send(pollUrl, { method: "POST", fields: ballot, cookie });
    expect(stillTooNew.status).toBe(403);
    expect(words(stillTooNew.text)).toContain("Your ballot is not saved: You joined this production too recently to vote in this poll.");
    expect(words(stillTooNew.text)).not.toContain("You can vote once your email address is confirmed.");

    // A member since the day before the poll opened: the vote counts.
    const user = await db.user.findUniqueOrThrow({ where: { handle: p.handle } });
    await db.membership.update({
      where: { productionId_userId: { productionId: production.id, userId: user.id } },
      data: { joinedAt: new Date(poll.opensAt.getTime() - 24 * 3600_000) },
    });
    const cast = await send(pollUrl, { method: "POST", fields: ballot, cookie });
    expect(cast.status).toBe(200);
    expect(words(cast.text)).toContain("Your vote is saved.");
    expect(await db.ballot.findMany({ where: { pollId: poll.id }, select: { userId: true, choices: true } })).toEqual([
      { userId: user.id, choices: [{ option: "option-2", rank: 1 }] },
    ]);
  });
});

describe("the demo's open poll", () => {
  it("takes a newcomer's vote once their address is confirmed, without waiting a day", async () => {
    const poll = await db.poll.findFirstOrThrow({ where: { production: { slug: "les-veilleurs" }, closedAt: null }, orderBy: { createdAt: "desc" } });
    const pollUrl = `${base}/p/les-veilleurs/polls/${poll.id}`;
    const p = newPerson("newcomer");
    const cookie = (await send(`${base}/signup`, { method: "POST", fields: { ...p, redirectTo: "/" } })).cookie!;
    await send(`${base}/p/les-veilleurs`, { method: "POST", fields: { intent: "join" }, cookie });
    const ballot = { intent: "vote", choice: "option-1", reason: "" };
    const refused = await send(pollUrl, { method: "POST", fields: ballot, cookie });
    expect(words(refused.text)).toContain("Your ballot is not saved: You can vote once your email address is confirmed.");
    await expect.poll(() => mailedLinks(p.email).length).toBe(1);
    await send(mailedLinks(p.email)[0]!, { method: "POST" });
    const cast = await send(pollUrl, { method: "POST", fields: ballot, cookie });
    expect(words(cast.text)).toContain("Your vote is saved.");
  });
});

describe("sign-up limit per address", () => {
  // A studio of its own with the default limit (the shared one lifts it: every test
  // signs up from one address), on the same database.
  let studio: StudioProcess | undefined;
  afterAll(async () => {
    if (studio) await stopStudioProcess(studio);
  });

  it("refuses the 11th sign-up from one address within the hour, in English and French, even sent all at once; another address still signs up", async () => {
    const port = await freePort();
    const own = `http://127.0.0.1:${port}`;
    studio = await startStudioProcess({ DATABASE_URL: inject("databaseUrl"), PORT: String(port), PUBLIC_URL: own, HOST: "127.0.0.1", SIGNUP_LIMIT: undefined, SMTP_URL: "" });
    const address = someAddress();
    const signUp = (lang = "en", from = address) => send(`${own}/signup`, { method: "POST", fields: { ...newPerson("burst"), redirectTo: "/" }, from, lang });

    const burst = await Promise.all(Array.from({ length: 12 }, () => signUp()));
    expect(burst.map((r) => r.status).sort()).toEqual([...Array(10).fill(302), 429, 429]);
    const refused = burst.find((r) => r.status === 429)!;
    expect(words(refused.text)).toMatch(/Too many accounts were created from your network in the last hour\. Try again in (60|59) minutes\./);
    expect(refused.text).toContain('value="burst'); // what was typed stays
    const french = await signUp("fr");
    expect(french.status).toBe(429);
    expect(words(french.text)).toMatch(/Trop de comptes ont été créés depuis votre réseau dans la dernière heure\. Réessayez dans (60|59) minutes\./);

    expect((await signUp("en", someAddress())).status).toBe(302);
  });
});
