// Positions on a proposed decision (issue 23), against the real database and the
// running studio: one per person, changed until the decision is taken and frozen with
// it, who may take one, acceptance over blocks, the production's minimum proposal
// period, the closing date that tells the producers, and the record in the feed and
// the weekly log.
import { describe, expect, inject, it } from "vitest";
import { createDecision, decide, notifyDueProposals, proposeDecision, takePosition } from "~/features/decisions/decisions.server";
import { isoWeekOf } from "~/features/decisions/week";
import { changeRole } from "~/features/productions/membership.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, waitFor, type TestUser } from "../support/collab";

const base = inject("baseUrl");

async function proposal(minProposalHours = 0) {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const ana = await testUser("ana");
  const bea = await testUser("bea");
  const { production } = await testProduction(producer, [crew, ana, bea]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  if (minProposalHours) await db.production.update({ where: { id: production.id }, data: { minProposalHours } });
  const d = await createDecision(production.id, crew.id, { title: "The poster is the night bus", tags: [], reviewOn: null, links: [], text: [] });
  await proposeDecision(d.id, crew.id);
  return { producer, crew, ana, bea, production, d, page: `/p/${production.slug}/decisions/${d.number}` };
}

function post(path: string, user: TestUser | null, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...(user ? { Cookie: user.cookie } : {}), ...headers },
    body: new URLSearchParams(fields),
  });
}

/** A page's HTML without React's text separators. */
const read = async (url: string, headers: Record<string, string> = {}) => (await (await fetch(`${base}${url}`, { headers })).text()).replaceAll("<!-- -->", "");

const positionsOf = (decisionId: string) =>
  db.decisionPosition.findMany({ where: { decisionId }, orderBy: { createdAt: "asc" }, select: { userId: true, stance: true, reason: true } });

describe("positions on a proposal", () => {
  it("keeps one position per person, which they change until the decision is taken", async () => {
    const { ana, bea, d, page } = await proposal();
    expect((await post(page, ana, { intent: "position", stance: "agree", reason: "" })).status).toBe(200);
    expect((await post(page, bea, { intent: "position", stance: "disagree", reason: "Too dark" })).status).toBe(200);
    expect((await post(page, ana, { intent: "position", stance: "block", reason: "The bus company said no" })).status).toBe(200);
    expect(await positionsOf(d.id)).toEqual([
      { userId: ana.id, stance: "block", reason: "The bus company said no" },
      { userId: bea.id, stance: "disagree", reason: "Too dark" },
    ]);
    // The database itself holds one row per person, whoever writes.
    await expect(db.decisionPosition.create({ data: { decisionId: d.id, userId: ana.id, stance: "agree" } })).rejects.toThrow();
    // Everyone who may read the decision sees every position and the summary.
    const html = await read(page);
    expect(html).toContain("Summary:</strong> 1 disagree, 1 block");
    expect(html).toContain("The bus company said no");
    expect(html).toContain("Too dark");
  });

  it("refuses a position without a stance, or with a reason past its length, in the user's language", async () => {
    const { ana, d, page } = await proposal();
    const none = await post(page, ana, { intent: "position", stance: "", reason: "" }, { "Accept-Language": "fr" });
    expect(await none.text()).toContain("Choisissez d’accord, abstention, pas d’accord ou blocage.");
    const long = await post(page, ana, { intent: "position", stance: "agree", reason: "x".repeat(501) });
    expect(long.status).toBe(200);
    expect(await long.text()).toContain("500");
    expect(await positionsOf(d.id)).toEqual([]);
  });

  it("lets members of the production take a position, not visitors nor signed-in strangers, and not on a draft", async () => {
    const { producer, crew, ana, production, d, page } = await proposal();
    const stranger = await testUser("stranger");
    const visitor = await post(page, null, { intent: "position", stance: "agree" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");
    expect((await post(page, stranger, { intent: "position", stance: "block", reason: "Not mine" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    for (const who of [ana, crew, producer]) expect((await post(page, who, { intent: "position", stance: "agree" })).status).toBe(200);
    expect((await positionsOf(d.id)).map((p) => p.userId).sort()).toEqual([ana.id, crew.id, producer.id].sort());
    // A draft is not yet before the community.
    const draft = await createDecision(production.id, crew.id, { title: "Not yet", tags: [], reviewOn: null, links: [], text: [] });
    expect((await post(`/p/${production.slug}/decisions/${draft.number}`, crew, { intent: "position", stance: "agree" })).headers.get("Set-Cookie")).toContain(
      "claquette_refused=",
    );
    expect(await positionsOf(draft.id)).toEqual([]);
  });

  it("freezes the positions with the decision: no change afterwards, by any way in", async () => {
    const { producer, ana, bea, d, page } = await proposal();
    await takePosition(d.id, ana.id, "agree", "Yes");
    await takePosition(d.id, bea.id, "disagree", "");
    expect((await post(page, producer, { intent: "reject", confirm: "yes" })).status).toBe(200);
    const refused = await post(page, ana, { intent: "position", stance: "block", reason: "Too late" });
    expect(refused.headers.get("Set-Cookie")).toContain("claquette_refused=");
    // Below the page too: the store refuses once the decision is not proposed.
    expect(await takePosition(d.id, bea.id, "block", "Sneaked in")).toBe(false);
    expect(await positionsOf(d.id)).toEqual([
      { userId: ana.id, stance: "agree", reason: "Yes" },
      { userId: bea.id, stance: "disagree", reason: "" },
    ]);
    const html = await (await fetch(`${base}${page}`)).text();
    expect(html).toContain("The positions as they stood when it was decided.");
    expect(html).not.toContain('data-testid="position-form"');
  });
});

describe("accepting over blocks", () => {
  it("asks the producer to confirm, then says so in the record, the feed and the weekly log", async () => {
    const { producer, ana, bea, production, d, page } = await proposal();
    await takePosition(d.id, ana.id, "block", "The bus company said no");
    await takePosition(d.id, bea.id, "agree", "");
    const html = await (await fetch(`${base}${page}`, { headers: { Cookie: producer.cookie } })).text();
    expect(html).toContain('data-testid="blocks-alert"');
    expect(html).toContain("Blocked by 1 member");

    const unconfirmed = await post(page, producer, { intent: "accept", confirm: "yes" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to accept over the blocks: nothing was changed.");
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("proposed");

    expect((await post(page, producer, { intent: "accept", confirm: "yes", overBlocks: "yes" })).status).toBe(200);
    const accepted = await db.decision.findUniqueOrThrow({ where: { id: d.id } });
    expect(accepted).toMatchObject({ status: "accepted", acceptedOverBlocks: 1 });
    expect(await (await fetch(`${base}${page}`)).text()).toContain("Accepted over 1 block.");

    const feed = await (await fetch(`${base}/p/${production.slug}/decisions.atom`)).text();
    expect(feed).toContain("Accepted over 1 block.");
    expect(feed).toContain("Positions: 1 agree, 1 block.");
    expect(feed).toContain(`${ana.displayName}: Block — The bus company said no`);

    // The week it was decided in (a run may cross Monday 00:00 UTC since).
    const week = await (await fetch(`${base}/p/${production.slug}/log/${isoWeekOf(accepted.decidedAt!)}`, { headers: { "Accept-Language": "fr" } })).text();
    expect(week).toContain(`data-testid="positions-${d.number}"`);
    expect(week).toContain("1 d’accord, 1 blocage");
    expect(week).toContain("The bus company said no");
  });

  it("needs no second confirmation to reject, nor to accept without blocks", async () => {
    const { producer, ana, d } = await proposal();
    await takePosition(d.id, ana.id, "disagree", "");
    expect(await decide(d.id, producer.id, "accepted")).toBe("decided");
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).acceptedOverBlocks).toBeNull();
  });
});

describe("the minimum proposal period", () => {
  it("refuses to decide before it ends, with a clear message in the user's language, and shows when it may be decided", async () => {
    const { producer, d, page } = await proposal(48);
    const shown = await (await fetch(`${base}${page}`)).text();
    expect(shown).toContain('data-testid="decidable-from"');
    expect(shown).toContain("48 hours of proposal");
    for (const intent of ["accept", "reject"]) {
      const early = await post(page, producer, { intent, confirm: "yes" });
      expect(early.status).toBe(400);
      expect(await early.text()).toContain("can be accepted or rejected only from");
    }
    const french = await post(page, producer, { intent: "accept", confirm: "yes" }, { "Accept-Language": "fr" });
    expect(await french.text()).toContain("durée minimale de proposition de la production : rien n’a été modifié.");
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("proposed");
    // Once the period has passed, the producer decides.
    expect(await decide(d.id, producer.id, "accepted", { now: new Date(Date.now() + 49 * 3600_000) })).toBe("decided");
  });

  it("is none by default", async () => {
    const { producer, d, page } = await proposal();
    expect(await (await fetch(`${base}${page}`)).text()).not.toContain('data-testid="decidable-from"');
    expect(await decide(d.id, producer.id, "rejected")).toBe("decided");
  });
});

describe("the closing date", () => {
  it("is typed in the viewer's zone and shown in it, and once past tells the producers, once", async () => {
    const { producer, crew, ana, d, page } = await proposal();
    const set = await post(page, crew, { intent: "facts", title: d.title, tags: "", reviewOn: "", links: "", closesAt: "2030-07-01T20:30", timeZone: "Europe/Paris" });
    expect(set.status).toBe(200);
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).closesAt?.toISOString()).toBe("2030-07-01T18:30:00.000Z");
    const inTokyo = await (await fetch(`${base}${page}`, { headers: { Cookie: "claquette_tz=Asia%2FTokyo" } })).text();
    expect(inTokyo).toMatch(/data-testid="closes-at">[^<]*2 Jul 2030[^<]*03:30/);

    // Past its date: the server's pass (every few seconds) or this one tells the producers.
    await db.decision.update({ where: { id: d.id }, data: { closesAt: new Date(Date.now() - 60_000) } });
    await notifyDueProposals();
    const told = (userId: string) => db.notification.count({ where: { userId, kind: "proposalClosed" } });
    await waitFor(async () => (await told(producer.id)) === 1, "the producer to be told");
    await notifyDueProposals();
    expect(await told(producer.id)).toBe(1);
    expect(await told(ana.id)).toBe(0);
    const list = await (await fetch(`${base}/notifications`, { headers: { Cookie: producer.cookie } })).text();
    expect(list).toContain(`has reached its closing date: it waits for your decision`);
    expect(list).toContain(`href="${page}"`);
  });
});
