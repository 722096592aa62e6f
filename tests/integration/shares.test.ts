// Support after the release and fair shares (docs/decisions/0055), against PostgreSQL and
// over HTTP against the built studio: support counts in the ledger once it is received; a
// distribution sums exactly to its amount, its cents left over allotted by the published
// rule; it never shares more than came in; a crew member cannot start one; anyone can
// read its shares and export them.
import { describe, expect, inject, it } from "vitest";
import { balances } from "~/features/funding/ledger.server";
import { contributorsOf, distribute } from "~/features/funding/shares.server";
import { markSupportReceived, offerSupport, undistributed } from "~/features/funding/support.server";
import { ensureTracker } from "~/features/tracker/tracker.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const post = (path: string, user: TestUser, body: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: user.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });

/** A production whose film came out yesterday, with a crew member and three contributors. */
async function releasedFilm({ released = true } = {}) {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const people = [await testUser("ctb"), await testUser("ctb"), await testUser("ctb")];
  const { production, notes } = await testProduction(producer, [crew, ...people]);
  await db.membership.updateMany({ where: { productionId: production.id, userId: crew.id }, data: { role: "crew" } });
  await db.release.create({ data: { productionId: production.id, slug: "cut", title: "Cut", licence: "CC-BY-SA-4.0", publishAt: new Date(Date.now() + (released ? -1 : 1) * 24 * 3600_000) } });
  await db.document.upsert({ where: { name: notes }, create: { name: notes, kind: "notes", productionId: production.id }, update: {} });
  return { producer, crew, people, production, notes };
}

/** What the studio records of a person's work: characters typed, submissions accepted. */
async function wrote(productionId: string, docName: string, userId: string, chars: number) {
  await db.documentContribution.create({ data: { productionId, docName, userId, inserted: chars, edits: 1 } });
}
async function accepted(productionId: string, userId: string, count: number) {
  await ensureTracker(productionId);
  const type = await db.taskType.findFirstOrThrow({ where: { productionId } });
  const status = await db.taskStatus.findFirstOrThrow({ where: { productionId } });
  for (let i = 0; i < count; i++) {
    const number = (await db.task.count({ where: { productionId } })) + 1;
    const task = await db.task.create({ data: { productionId, number, title: `Task ${number}`, typeId: type.id, statusId: status.id } });
    await db.submission.create({ data: { taskId: task.id, userId, status: "accepted" } });
  }
}

async function supported(productionId: string, producerId: string, amount: number, currency = "EUR") {
  const viewer = await testUser("viewer");
  const s = await offerSupport(productionId, viewer.id, { amount, currency, provider: "manual" });
  if (!s.ok) throw new Error(s.problem);
  expect(await markSupportReceived(productionId, s.support.id, producerId)).toBe(true);
  return s.support;
}

describe("support after the release", () => {
  it("opens only once the film is out, and counts in the ledger once, when received", async () => {
    const early = await releasedFilm({ released: false });
    expect(await offerSupport(early.production.id, early.crew.id, { amount: 500, currency: "EUR", provider: "manual" })).toEqual({ ok: false, problem: "support.error.notReleased" });

    const { production, producer } = await releasedFilm();
    const viewer = await testUser("viewer");
    const s = await offerSupport(production.id, viewer.id, { amount: 1250, currency: "EUR", provider: "manual" });
    if (!s.ok) throw new Error(s.problem);
    expect(s.support.reference).toMatch(/^SUP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // Promised, not received: nothing in the ledger yet.
    expect(await balances(production.id)).toEqual([]);
    // Two producers' clicks at once: one entry.
    const marks = await Promise.all([markSupportReceived(production.id, s.support.id, producer.id), markSupportReceived(production.id, s.support.id, producer.id)]);
    expect(marks.sort()).toEqual([false, true]);
    const entries = await db.ledgerEntry.findMany({ where: { productionId: production.id } });
    expect(entries.map((e) => [e.kind, e.amount, e.currency, e.description])).toEqual([["support_received", 1250, "EUR", `Support ${s.support.reference}`]]);
    expect(await undistributed(production.id, "EUR")).toBe(1250);
  });
});

describe("fair shares", () => {
  it("shares exactly the amount by the published weights, the cents left over by the rule", async () => {
    const { production, producer, people, notes } = await releasedFilm();
    const [a, b, c] = people as [TestUser, TestUser, TestUser];
    // Weights: a 1000 characters; b 2 accepted submissions (2 × 500); c 300 + 1 submission (800).
    await wrote(production.id, notes, a.id, 1000);
    await accepted(production.id, b.id, 2);
    await wrote(production.id, notes, c.id, 300);
    await accepted(production.id, c.id, 1);
    await supported(production.id, producer.id, 10_000);

    // More than came in is refused.
    const made = await distribute(production.id, producer.id, { amount: 10_001, currency: "EUR" });
    expect(made).toEqual({ ok: false, problem: "shares.error.overBalance" });
    const done = await distribute(production.id, producer.id, { amount: 10_000, currency: "EUR" });
    if (!done.ok) throw new Error(done.problem);
    const shares = await db.distributionShare.findMany({ where: { distributionId: done.id }, orderBy: { position: "asc" } });
    const byUser = new Map(shares.map((s) => [s.userId, s]));
    expect([a, b, c].map((p) => byUser.get(p.id)?.weight)).toEqual([1000, 1000, 800]);
    // 10000 × 1000 / 2800 = 3571.43, 3571.43, 2857.14: floors 3571, 3571, 2857, one cent left;
    // equal remainders (a's and b's) and equal weights: the handle first in order takes it.
    const first = [a, b].sort((x, y) => (x.handle < y.handle ? -1 : 1))[0]!;
    const second = first === a ? b : a;
    expect(byUser.get(first.id)?.amount).toBe(3572);
    expect(byUser.get(second.id)?.amount).toBe(3571);
    expect(byUser.get(c.id)?.amount).toBe(2857);
    expect(shares.reduce((s, x) => s + x.amount, 0)).toBe(10_000);

    // The ledger: one distribution entry per share, money out, summing to the amount.
    const out = await db.ledgerEntry.findMany({ where: { productionId: production.id, kind: "distribution" } });
    expect(out.map((e) => e.amount).sort((x, y) => x - y)).toEqual([-3572, -3571, -2857]);
    expect(await balances(production.id)).toEqual([{ currency: "EUR", amount: 0 }]);
    expect(await undistributed(production.id, "EUR")).toBe(0);
    // Nothing left: a second distribution is refused.
    expect(await distribute(production.id, producer.id, { amount: 1, currency: "EUR" })).toEqual({ ok: false, problem: "shares.error.overBalance" });
  });

  it("never shares more than came in, even when two producers start at once", async () => {
    const { production, producer, people, notes } = await releasedFilm();
    await wrote(production.id, notes, people[0]!.id, 10);
    await supported(production.id, producer.id, 1000);
    const both = await Promise.all([distribute(production.id, producer.id, { amount: 700, currency: "EUR" }), distribute(production.id, producer.id, { amount: 700, currency: "EUR" })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await undistributed(production.id, "EUR")).toBe(300);
    // Support in one currency is not shared in another.
    expect(await distribute(production.id, producer.id, { amount: 100, currency: "USD" })).toEqual({ ok: false, problem: "shares.error.overBalance" });
  });

  it("lets a producer distribute over HTTP, not a crew member; the page and exports show the arithmetic", async () => {
    const { production, producer, crew, people, notes } = await releasedFilm();
    await wrote(production.id, notes, people[0]!.id, 1);
    await wrote(production.id, notes, people[1]!.id, 1);
    await wrote(production.id, notes, people[2]!.id, 1);
    await supported(production.id, producer.id, 100);
    expect((await contributorsOf(production.id)).map((c) => c.weight)).toEqual([1, 1, 1]);
    const path = `/p/${production.slug}/funding/shares`;
    const refused = await post(path, crew, { amount: "1", currency: "EUR", confirm: "yes" });
    // A form refused is sent back to its page, with the refusal said there (never a dead end).
    expect(refused.status).toBe(303);
    expect(await db.distribution.count({ where: { productionId: production.id } })).toBe(0);

    const res = await post(path, producer, { amount: "1", currency: "EUR", confirm: "yes" });
    expect(res.status).toBe(302);
    const d = await db.distribution.findFirstOrThrow({ where: { productionId: production.id } });
    expect(res.headers.get("location")).toBe(`${path}/${d.id}`);

    // Anyone, signed out, reads it and checks it: 1 € in thirds is 0.34, 0.33, 0.33.
    const csv = await (await fetch(`${base}${path}/${d.id}/shares.csv`)).text();
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("handle,name,accepted_work,authored_chars,weight,share,share_minor_units,currency");
    expect(lines.slice(1).map((l) => l.split(",").slice(4).join(","))).toEqual(["1,0.34,34,EUR", "1,0.33,33,EUR", "1,0.33,33,EUR"]);
    const json = (await (await fetch(`${base}${path}/${d.id}/shares.json`)).json()) as { amount: { minorUnits: number }; shares: { share: { minorUnits: number } }[] };
    expect(json.shares.reduce((s, x) => s + x.share.minorUnits, 0)).toBe(json.amount.minorUnits);
    const html = await (await fetch(`${base}${path}/${d.id}`)).text();
    expect(html).toContain("500");
    expect(html).toContain("largest remainders");

    // Over the balance, in the reader's language.
    const over = await post(path, producer, { amount: "5", currency: "EUR", confirm: "yes" });
    expect(over.status).toBe(200);
    expect(await over.text()).toContain("more than the support not yet shared");
  });
});
