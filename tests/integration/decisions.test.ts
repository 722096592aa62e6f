// The open decision log against the real database and the running studio: the
// status lifecycle and who may move it, frozen text (through the websocket and
// through any action), superseding, the poll outcome hand-over, and the Atom feed
// read by a real feed parser.
import { Readable } from "node:stream";
import FeedParser from "feedparser";
import { describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { blocksOf } from "~/features/collab/content";
import { appendUpdates, loadDocument } from "~/features/collab/store.server";
import { createDecision, decide, decisionDocName, proposeDecision } from "~/features/decisions/decisions.server";
import { decisionTemplate } from "~/features/decisions/template";
import { castBallot, changeClosing, createPoll } from "~/features/polls/polls.server";
import { changeRole } from "~/features/productions/membership.server";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";
import { connect, testProduction, testUser, waitFor, write, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const t = translator("en");

async function setting() {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const member = await testUser("mem");
  const { production } = await testProduction(producer, [crew, member]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  return { producer, crew, member, production };
}

async function draft(productionId: string, author: TestUser, title = "The poster is the night bus", extra: { supersedesId?: string } = {}) {
  return createDecision(productionId, author.id, { title, tags: ["poster"], reviewOn: null, links: [], text: decisionTemplate(t), ...extra });
}

function post(path: string, user: TestUser | null, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...(user ? { Cookie: user.cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

async function storedText(decisionId: string) {
  const { doc } = await loadDocument(decisionDocName(decisionId));
  const text = blocksOf(doc).map((b) => b.text);
  doc.destroy();
  return text;
}

describe("decision lifecycle", () => {
  it("numbers decisions within the production and starts their text from the ADR sections", async () => {
    const { producer, crew, production } = await setting();
    const [a, b] = await Promise.all([draft(production.id, producer, "First"), draft(production.id, crew, "Second")]);
    expect([a.number, b.number].sort()).toEqual([1, 2]);
    expect(await storedText(a.id)).toEqual(["Context", "", "Options considered", "", "Decision", "", "Consequences", ""]);
    const credit = await db.documentContribution.findFirst({ where: { docName: decisionDocName(a.id) } });
    expect(credit?.userId).toBe(producer.id);
  });

  it("lets only producers accept or reject, over HTTP, and only a proposed decision", async () => {
    const { producer, crew, member, production } = await setting();
    const d = await draft(production.id, crew);
    const page = `/p/${production.slug}/decisions/${d.number}`;
    // A draft is the drafters': a member and a visitor do not see it.
    expect((await fetch(`${base}${page}`, { headers: { Cookie: member.cookie } })).status).toBe(403);
    const visitor = await fetch(`${base}${page}`, { redirect: "manual" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");
    expect((await post(page, producer, { intent: "accept" })).headers.get("Set-Cookie")).toContain("claquette_refused="); // not proposed yet
    expect((await post(page, member, { intent: "propose" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(page, crew, { intent: "propose" })).status).toBe(200);
    expect((await fetch(`${base}${page}`)).status).toBe(200); // now public
    expect((await post(page, crew, { intent: "accept" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(page, member, { intent: "reject" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("proposed");
    expect((await post(page, producer, { intent: "accept", confirm: "yes" })).status).toBe(200);
    const accepted = await db.decision.findUniqueOrThrow({ where: { id: d.id } });
    expect(accepted).toMatchObject({ status: "accepted", decidedById: producer.id });
    expect(accepted.frozenVersion).toBeGreaterThan(0);
    expect((await post(page, producer, { intent: "reject" })).headers.get("Set-Cookie")).toContain("claquette_refused="); // decided once
    const events = await db.decisionEvent.findMany({ where: { decisionId: d.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["created", "proposed", "accepted"]);
  });

  it("decides once when two producers press at the same moment", async () => {
    const { producer, production } = await setting();
    const other = await testUser("prod2");
    await db.membership.create({ data: { productionId: production.id, userId: other.id, role: "producer" } });
    const d = await draft(production.id, producer);
    await proposeDecision(d.id, producer.id);
    const results = await Promise.all([decide(d.id, producer.id, "accepted"), decide(d.id, other.id, "rejected")]);
    expect(results.filter((r) => r === "decided")).toHaveLength(1);
    expect(await db.decisionEvent.count({ where: { decisionId: d.id, kind: { in: ["accepted", "rejected"] } } })).toBe(1);
  });
});

describe("frozen text", () => {
  it("cannot be changed through the websocket, by a live editor or a new connection, nor by any action", async () => {
    const { producer, crew, production } = await setting();
    const d = await draft(production.id, crew);
    await proposeDecision(d.id, crew.id);
    const docName = decisionDocName(d.id);

    // A producer edits live while the decision is proposed: that is still allowed.
    const editor = connect(base, docName, { cookie: producer.cookie });
    await editor.synced();
    write(editor.doc, "We choose the night bus.");
    await waitFor(async () => (await storedText(d.id)).includes("We choose the night bus."), "the edit to be stored");

    expect(await decide(d.id, producer.id, "accepted")).toBe("decided");
    const record = await storedText(d.id);
    expect(record).toContain("We choose the night bus.");

    // The open connection is closed (its rights changed) …
    await waitFor(() => editor.closes.length > 0, "the live editor to be disconnected");
    // … and what it, or anyone, sends from now on is not stored.
    write(editor.doc, "Quietly changed afterwards.");
    const late = connect(base, docName, { cookie: producer.cookie });
    await late.synced();
    write(late.doc, "Changed by a new connection.");
    await waitFor(() => late.closes.length > 0, "the read-only connection to be closed for writing");
    editor.provider.destroy();
    late.provider.destroy();

    // An update that reaches the store anyway (one already on its way) is refused there.
    const doc = new Y.Doc();
    write(doc, "Slipped in after the freeze.");
    const appended = await appendUpdates([{ docName, productionId: production.id, authorId: producer.id, update: Y.encodeStateAsUpdate(doc) }]);
    expect(appended.has(docName)).toBe(false);

    expect(await storedText(d.id)).toEqual(record);
    // The page shows the text as decided, and no editor.
    const page = await (await fetch(`${base}/p/${production.slug}/decisions/${d.number}`, { headers: { Cookie: producer.cookie } })).text();
    expect(page).toContain("We choose the night bus.");
    expect(page).not.toContain("Quietly changed afterwards.");
    expect(page).toContain('data-testid="frozen"');
    // Nor can its title or links be changed afterwards.
    const edit = await post(`/p/${production.slug}/decisions/${d.number}`, producer, { intent: "facts", title: "Renamed", tags: "", reviewOn: "", links: "" });
    expect(edit.headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await db.decision.findUniqueOrThrow({ where: { id: d.id } })).title).toBe("The poster is the night bus");
  });

  it("takes a note, dated and signed, without touching the record", async () => {
    const { producer, production } = await setting();
    const d = await draft(production.id, producer);
    await proposeDecision(d.id, producer.id);
    await decide(d.id, producer.id, "rejected");
    const before = await storedText(d.id);
    const res = await post(`/p/${production.slug}/decisions/${d.number}`, producer, { intent: "amend", note: "Budget made it impossible." });
    expect(res.status).toBe(200);
    expect(await storedText(d.id)).toEqual(before);
    const html = await (await fetch(`${base}/p/${production.slug}/decisions/${d.number}`)).text();
    expect(html).toContain("Budget made it impossible.");
  });
});

describe("superseding", () => {
  it("marks the earlier decision superseded when the new one is accepted, linked both ways", async () => {
    const { producer, crew, production } = await setting();
    const first = await draft(production.id, producer, "Shoot in Lyon");
    await proposeDecision(first.id, producer.id);
    await decide(first.id, producer.id, "accepted");
    const res = await post(`/p/${production.slug}/decisions/new`, crew, { title: "Shoot in Marseille", tags: "", reviewOn: "", links: "", supersedes: String(first.number) });
    expect(res.status).toBe(302);
    const second = await db.decision.findFirstOrThrow({ where: { productionId: production.id, title: "Shoot in Marseille" } });
    expect(second.supersedesId).toBe(first.id);
    expect((await db.decision.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("accepted"); // until the new one is accepted
    await proposeDecision(second.id, crew.id);
    await decide(second.id, producer.id, "accepted");
    expect((await db.decision.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("superseded");
    const oldPage = await (await fetch(`${base}/p/${production.slug}/decisions/${first.number}`)).text();
    expect(oldPage).toContain(`/p/${production.slug}/decisions/${second.number}`);
    const newPage = await (await fetch(`${base}/p/${production.slug}/decisions/${second.number}`)).text();
    expect(newPage).toContain(`/p/${production.slug}/decisions/${first.number}`);
  });
});

describe("from a closed poll", () => {
  it("records the outcome: the question, the options and the full count, with the poll linked", async () => {
    const { producer, crew, member, production } = await setting();
    const poll = await createPoll(production.id, producer.id, {
      question: "Which poster?",
      method: "irv",
      options: ["Night bus", "Rocket", "Lamp"].map((label) => ({ label })),
      closesAt: new Date(Date.now() + 3600_000),
    });
    const [night, rocket, lamp] = poll.options.map((o) => o.key);
    await castBallot(poll, producer.id, [{ option: night!, rank: 1 }], null);
    await castBallot(poll, crew.id, [{ option: rocket!, rank: 1 }, { option: night!, rank: 2 }], null);
    await castBallot(poll, member.id, [{ option: lamp!, rank: 1 }, { option: rocket!, rank: 2 }], null);
    await changeClosing(poll.id, producer.id, { kind: "close_early" });

    const pollPage = await (await fetch(`${base}/p/${production.slug}/polls/${poll.id}`, { headers: { Cookie: producer.cookie } })).text();
    expect(pollPage).toContain(`/p/${production.slug}/decisions/new?poll=${poll.id}`);
    const res = await post(`/p/${production.slug}/decisions/new`, producer, { title: "The poster", tags: "poster", reviewOn: "", links: "", pollId: poll.id });
    expect(res.status).toBe(302);
    const d = await db.decision.findFirstOrThrow({ where: { productionId: production.id, pollId: poll.id } });
    const text = await storedText(d.id);
    expect(text).toContain("The community was asked: Which poster?");
    expect(text).toEqual(expect.arrayContaining(["Night bus", "Rocket", "Lamp", "Ballots counted: 3"]));
    expect(text.some((line) => line.startsWith("Round 1: ") && line.includes("eliminated"))).toBe(true);
    expect(text.some((line) => line.startsWith("Winner: "))).toBe(true);
    expect(d.links).toEqual([{ path: `/p/${production.slug}/polls/${poll.id}`, label: "Which poster?" }]);
  });

  it("refuses a poll of another production or one still open, keeping what was typed", async () => {
    const { producer, production } = await setting();
    const open = await createPoll(production.id, producer.id, { question: "Title?", method: "plurality", options: [{ label: "A" }, { label: "B" }], closesAt: new Date(Date.now() + 3600_000) });
    const res = await post(`/p/${production.slug}/decisions/new`, producer, { title: "Typed title", tags: "", reviewOn: "", links: "", pollId: open.id });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="Typed title"');
    expect(await db.decision.count({ where: { productionId: production.id } })).toBe(0);
  });
});

describe("the log and its feed", () => {
  it("filters by status, topic and person, and hides drafts from the public", async () => {
    const { producer, crew, production } = await setting();
    const a = await draft(production.id, producer, "Accepted one");
    await proposeDecision(a.id, producer.id);
    await decide(a.id, producer.id, "accepted");
    await draft(production.id, crew, "Secret draft");
    const c = await createDecision(production.id, crew.id, { title: "Music by the choir", tags: ["music"], reviewOn: null, links: [], text: [] });
    await proposeDecision(c.id, crew.id);
    const log = (q = "", cookie?: string) => fetch(`${base}/p/${production.slug}/decisions${q}`, { headers: cookie ? { Cookie: cookie } : {} }).then((r) => r.text());
    const everyone = await log();
    expect(everyone).toContain("Accepted one");
    expect(everyone).toContain("Music by the choir");
    expect(everyone).not.toContain("Secret draft");
    expect(await log("", crew.cookie)).toContain("Secret draft");
    expect(await log("?status=accepted")).not.toContain("Music by the choir");
    expect(await log("?tag=music")).not.toContain("Accepted one");
    expect(await log(`?person=${crew.handle}`)).not.toContain("Accepted one");
    expect(await log("?status=draft")).not.toContain("Secret draft");
  });

  it("is an Atom feed a real feed parser reads, with hostile text escaped", async () => {
    const { producer, production } = await setting();
    const d = await createDecision(production.id, producer.id, { title: `Quotes "&" <script>alert(1)</script>`, tags: [], reviewOn: null, links: [], text: [] });
    await proposeDecision(d.id, producer.id);
    await draft(production.id, producer, "Still a draft");
    const res = await fetch(`${base}/p/${production.slug}/decisions.atom`);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("Quotes &quot;&amp;&quot; &lt;script&gt;");
    const items: FeedParser.Item[] = [];
    const meta = await new Promise<FeedParser.Meta>((resolve, reject) => {
      const parser = new FeedParser({ feedurl: `${base}/p/${production.slug}/decisions.atom`, strict: true });
      let found: FeedParser.Meta | undefined;
      parser.on("error", reject);
      parser.on("meta", (m: FeedParser.Meta) => (found = m));
      parser.on("readable", () => {
        let item;
        while ((item = parser.read() as FeedParser.Item | null)) items.push(item);
      });
      parser.on("end", () => resolve(found!));
      Readable.from([xml]).pipe(parser);
    });
    expect(meta["#type"]).toBe("atom");
    expect(meta.title).toBe("Live test — decision log");
    // The parser reads the escaped text back (and, being a feed reader, strips what looks like markup).
    expect(items.map((i) => i.title)).toEqual([`D-${d.number} Quotes "&" alert(1) — Proposed`]);
    expect(items[0]!.link).toBe(`${base}/p/${production.slug}/decisions/${d.number}`);
  });
});

describe("the demo production", () => {
  it("shows a log with a superseded decision, a poll's outcome, one under discussion, and a week's note", async () => {
    const log = await (await fetch(`${base}/p/les-veilleurs/decisions`)).text();
    for (const title of ["Shoot the street scenes in Lyon", "Shoot the street scenes in Saint-Étienne", "The premiere poster is the community&#x27;s choice", "Subtitles in French"]) {
      expect(log).toContain(title);
    }
    expect(log).not.toContain("Commission the score"); // a draft
    const d1 = await (await fetch(`${base}/p/les-veilleurs/decisions/1`)).text();
    expect(d1).toContain("Superseded");
    expect(d1).toContain("The city refused night permits");
    const poster = await (await fetch(`${base}/p/les-veilleurs/decisions/3`)).text();
    expect(poster).toContain("Round 1: ");
    const home = await (await fetch(`${base}/p/les-veilleurs`)).text();
    expect(home).toContain('data-testid="latest-decisions"');
    const week = await fetch(`${base}/p/les-veilleurs/log`).then((r) => r.text());
    // The note is in the week the demo was seeded, which need not be this week when a run crosses Monday 00:00 UTC.
    const weeks = [...week.matchAll(/href="(\/p\/les-veilleurs\/log\/\d{4}-W\d{2})"/g)].map((m) => m[1]!);
    expect(weeks.length).toBeGreaterThan(0);
    const pages = await Promise.all(weeks.map((w) => fetch(`${base}${w}`).then((r) => r.text())));
    expect(pages.filter((p) => p.includes("the community chose the poster"))).toHaveLength(1);
  });
});
