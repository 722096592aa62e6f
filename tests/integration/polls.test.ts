// Polls against the real database and the running studio: 200 people casting
// and changing ballots at once, closing on time, and the published files that
// let anyone recount.
import { createHash } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { readBallotsCsv } from "~/features/polls/ballots-csv";
import { pollFor } from "~/features/polls/access.server";
import { castBallot, changeClosing, closeDuePolls, createPoll, pollState } from "~/features/polls/polls.server";
import { count, type Choice, type Results } from "~/features/polls/tally";
import { encodePng } from "~/features/media/png";
import { db } from "~/lib/db.server";
import { voteProblems } from "~/lib/policy";
import { testProduction, testUser } from "../support/collab";

const base = inject("baseUrl");

async function crowd(n: number, productionId: string) {
  const stamp = `voter-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  await db.user.createMany({
    data: Array.from({ length: n }, (_, i) => ({ handle: `${stamp}-${i}`, displayName: `Voter ${i}`, email: `${stamp}-${i}@example.org`, passwordHash: "!" })),
  });
  const users = await db.user.findMany({ where: { handle: { startsWith: stamp } }, select: { id: true } });
  await db.membership.createMany({ data: users.map((u) => ({ productionId, userId: u.id, role: "member" as const })) });
  return users.map((u) => u.id);
}

const ranking = (keys: string[], seed: number): Choice[] => {
  const order = [...keys].sort((a, b) => ((a.charCodeAt(a.length - 1) * 31 + seed * 17) % 7) - ((b.charCodeAt(b.length - 1) * 31 + seed * 17) % 7));
  return order.slice(0, 1 + (seed % keys.length)).map((option, i) => ({ option, rank: i + 1 }));
};

describe("polls", () => {
  it("200 people voting and changing their minds at once: one ballot each; the published count recounts", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const poll = await createPoll(production.id, producer.id, {
      question: "Which poster?",
      method: "irv",
      options: [{ label: "Night" }, { label: "Rocket" }, { label: "Lamp" }, { label: "Bus" }],
      closesAt: new Date(Date.now() + 3600_000),
    });
    const keys = poll.options.map((o) => o.key);
    const voters = await crowd(200, production.id);

    const first = await Promise.all(voters.map((id, i) => castBallot(poll.id, id, ranking(keys, i), null)));
    expect(first.every((r) => r.ok && !r.changed)).toBe(true);
    const second = await Promise.all(voters.filter((_, i) => i % 2 === 0).map((id, i) => castBallot(poll.id, id, ranking(keys, i + 1000), null)));
    expect(second.every((r) => r.ok && r.changed)).toBe(true);
    // The same person twice at the very same moment: still one ballot.
    await Promise.all([castBallot(poll.id, voters[1]!, ranking(keys, 5), null), castBallot(poll.id, voters[1]!, ranking(keys, 6), null)]);
    expect(await db.ballot.count({ where: { pollId: poll.id } })).toBe(200);

    // Before the close, nothing is published (results after the close).
    expect((await fetch(`${base}/p/${production.slug}/polls/${poll.id}/ballots.csv`, { redirect: "manual" })).status).toBe(403);
    expect((await fetch(`${base}/p/${production.slug}/polls/${poll.id}/results.json`, { redirect: "manual" })).status).toBe(302); // visitors: log in

    await changeClosing(poll.id, producer.id, { kind: "close_early" });
    expect(await castBallot(poll.id, voters[0]!, ranking(keys, 1), null)).toEqual({ ok: false, problem: "poll.closed" });
    expect((await db.pollEvent.findMany({ where: { pollId: poll.id } })).map((e) => e.kind)).toEqual(["close_early"]);

    const csv = await (await fetch(`${base}/p/${production.slug}/polls/${poll.id}/ballots.csv`)).text();
    const published = (await (await fetch(`${base}/p/${production.slug}/polls/${poll.id}/results.json`)).json()) as Results;
    const { ballots } = readBallotsCsv(csv);
    expect(ballots).toHaveLength(200);
    expect(new Set(ballots.map((b) => b.id)).size).toBe(200);
    expect(csv).not.toMatch(new RegExp(voters[0]!)); // no voter ids
    const recount = count("irv", published.options, ballots.map((b) => b.choices), published.tieBreak?.seed ?? null);
    expect(recount).toEqual(published);
    expect(published.rounds!.at(-1)!.eliminated).toBeNull();
  });

  it("closes on time even when nobody looks, and logs it", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const poll = await createPoll(production.id, producer.id, {
      question: "Title?",
      method: "plurality",
      options: [{ label: "Les Veilleurs" }, { label: "Night Shift" }],
      closesAt: new Date(Date.now() + 300),
    });
    expect(pollState(poll).open).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(pollState(poll).closed).toBe(true); // closed by the clock before the scheduler runs
    await closeDuePolls();
    const after = await db.poll.findUniqueOrThrow({ where: { id: poll.id }, include: { events: true } });
    expect(after.closedAt?.getTime()).toBe(poll.closesAt.getTime());
    expect(after.events.map((e) => e.kind)).toEqual(["closed"]);
  });

  it("tells each voter, and nobody else, that the poll closed, on time or early", async () => {
    const producer = await testUser("prod");
    const voter = await testUser("vote");
    const abstainer = await testUser("abst");
    const { production } = await testProduction(producer, [voter, abstainer]);
    const options = [{ label: "Yes" }, { label: "No" }];
    const onTime = await createPoll(production.id, producer.id, { question: "Night shoot?", method: "plurality", options, closesAt: new Date(Date.now() + 60_000), requireConfirmedEmail: false, minMembershipHours: 0 });
    const early = await createPoll(production.id, producer.id, { question: "Wrap party?", method: "plurality", options, closesAt: new Date(Date.now() + 3600_000), requireConfirmedEmail: false, minMembershipHours: 0 });
    for (const poll of [onTime, early]) expect(await castBallot(poll.id, voter.id, [{ option: poll.options[0]!.key, rank: 1 }], null)).toMatchObject({ ok: true });
    const closedFor = (userId: string) => db.notification.findMany({ where: { userId, kind: "pollClosed", productionId: production.id }, orderBy: { createdAt: "asc" } });

    await db.poll.update({ where: { id: onTime.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    await closeDuePolls();
    await closeDuePolls(); // a second pass closes nothing twice
    await changeClosing(early.id, producer.id, { kind: "close_early" });

    expect((await closedFor(voter.id)).map((n) => (n.data as { question: string }).question)).toEqual(["Night shoot?", "Wrap party?"]);
    expect(await closedFor(abstainer.id)).toEqual([]);
    expect(await closedFor(producer.id)).toEqual([]);
    // The voter reads it, in their language, with a link to the results.
    const page = await (await fetch(`${base}/notifications`, { headers: { cookie: voter.cookie } })).text();
    expect(page).toContain("The poll “Night shoot?” you voted in has closed");
    expect(page).toContain(`/p/${production.slug}/polls/${early.id}"`);
  });

  it("lets only eligible people vote: members, or accounts old enough", async () => {
    const producer = await testUser("prod");
    const stranger = await testUser("new");
    const { production } = await testProduction(producer);
    const problemsOf = async (poll: { id: string }, u: typeof producer) => {
      const { resource } = await pollFor(production.slug, poll.id, { ...u, isAdmin: false, suspended: false, unread: null });
      return voteProblems({ id: u.id, isAdmin: false }, resource);
    };
    const open = { method: "plurality" as const, options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000), requireConfirmedEmail: false };
    const membersOnly = await createPoll(production.id, producer.id, { ...open, question: "Members?", minMembershipHours: 0 });
    expect(await problemsOf(membersOnly, producer)).toEqual([]);
    expect(await problemsOf(membersOnly, stranger)).toEqual(["notMember"]);
    const seasoned = await createPoll(production.id, producer.id, { ...open, question: "Accounts?", eligibility: "accounts", minAccountAgeDays: 30 });
    expect(await problemsOf(seasoned, stranger)).toEqual(["accountTooNew"]);
    await db.user.update({ where: { id: stranger.id }, data: { createdAt: new Date(Date.now() - 31 * 24 * 3600_000) } });
    expect(await problemsOf(seasoned, stranger)).toEqual([]);
  });

  it("refuses a ballot that does not fit the poll, with the reason", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const poll = await createPoll(production.id, producer.id, {
      question: "Which songs?",
      method: "approval",
      minChoices: 1,
      maxChoices: 2,
      options: [{ label: "One" }, { label: "Two" }, { label: "Three" }],
      closesAt: new Date(Date.now() + 3600_000),
    });
    const all = poll.options.map((o) => ({ option: o.key, rank: 1 }));
    expect(await castBallot(poll.id, producer.id, all, null)).toEqual({ ok: false, problem: "poll.ballot.tooMany", vars: { count: 2 } });
    expect(await castBallot(poll.id, producer.id, [{ option: "option-9", rank: 1 }], null)).toEqual({ ok: false, problem: "poll.ballot.invalid" });
    expect(await db.ballot.count({ where: { pollId: poll.id } })).toBe(0);
  });

  it("a poll form with one fake image creates nothing, stores no image, and says which field", async () => {
    const producer = await testUser("prod");
    const { production } = await testProduction(producer);
    const night = encodePng(5, 7, (x, y) => [x * 40, y * 30, 201]);
    const sha256 = createHash("sha256").update(night).digest("hex");
    const form = new FormData();
    const fields: Record<string, string> = {
      question: "Which poster?", method: "plurality", minChoices: "1", maxChoices: "0",
      closesAt: new Date(Date.now() + 86400_000).toISOString().slice(0, 16), eligibility: "members",
      minAccountAgeDays: "0", resultsVisibility: "after_close", "option-1": "Night", "option-2": "Rocket",
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set("option-1-image", new Blob([new Uint8Array(night)], { type: "image/png" }), "night.png");
    form.set("option-2-image", new Blob(["<svg onload=alert(1)>"], { type: "image/png" }), "rocket.png");
    const res = await fetch(`${base}/p/${production.slug}/polls/new`, {
      method: "POST",
      headers: { Origin: base, Cookie: producer.cookie, "Accept-Language": "fr" },
      body: form,
    });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('id="option-2-image-error"');
    expect(page).toContain("Ce fichier n’est pas une image PNG, JPEG, WebP ou GIF.");
    expect(page).toContain('value="Which poster?"'); // what was typed stays
    expect(await db.poll.count({ where: { productionId: production.id } })).toBe(0);
    expect(await db.image.count({ where: { sha256 } })).toBe(0); // the valid image was not kept either
  });
});
