// Productions and memberships against the real database.
import { describe, expect, it } from "vitest";
import { createUser } from "~/features/auth/user.server";
import { encodePng } from "~/features/media/png";
import { changeRole, join, leave, listMembers, removeMember } from "~/features/productions/membership.server";
import { createProduction, getPoster, productionHome, updateProduction } from "~/features/productions/production.server";
import { productionStory } from "~/features/productions/story.server";
import type { ProductionInput } from "~/features/productions/validation";
import { documentContributors, listVersions, loadDocument } from "~/features/collab/store.server";
import { pollResults } from "~/features/polls/polls.server";
import { FRAGMENT } from "~/features/collab/content";
import { SCENE_BLOCK } from "~/features/script/schema";
import { scriptDocName } from "~/features/script/script.server";
import { db } from "~/lib/db.server";
import * as Y from "yjs";
import { textOf } from "../support/collab";
import { newPerson } from "../support/people";

async function person() {
  const created = await createUser(newPerson());
  if (!created.ok) throw new Error("sign-up failed");
  return created.userId;
}

function input(overrides: Partial<ProductionInput> = {}): ProductionInput {
  return {
    title: "A Test Film",
    slug: `film-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
    logline: "",
    synopsis: "",
    phase: "development",
    licence: "CC-BY-SA-4.0",
    membersEditScript: true,
    ...overrides,
  };
}

async function production(producerId: string, overrides: Partial<ProductionInput> = {}) {
  const created = await createProduction(producerId, input(overrides), null);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return db.production.findUniqueOrThrow({ where: { slug: created.slug } });
}

describe("creating a production", () => {
  it("makes its creator the first producer and records it", async () => {
    const me = await person();
    const p = await production(me);
    expect(await listMembers(p.id)).toMatchObject([{ role: "producer", user: { id: me } }]);
    const home = await productionHome(p.slug, me);
    expect(home?.role).toBe("producer");
    expect((await productionStory(p, { page: 1 })).items.map((e) => e.kind)).toEqual(["production.created"]);
  });

  it("refuses an address already in use", async () => {
    const me = await person();
    const p = await production(me);
    expect(await createProduction(me, input({ slug: p.slug }), null)).toEqual({
      ok: false,
      errors: { slug: { key: "field.slugTaken" } },
    });
  });

  it("keeps a poster only if its content is an image", async () => {
    const me = await person();
    const html = new TextEncoder().encode("<html><script>alert(1)</script>");
    expect(await createProduction(me, input(), { bytes: html })).toEqual({
      ok: false,
      errors: { poster: { key: "field.imageType" } },
    });
    const png = encodePng(20, 30, () => [200, 10, 10]);
    const created = await createProduction(me, input(), { bytes: png });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const poster = await getPoster(created.slug);
    expect(poster?.mimeType).toBe("image/png");
    expect(Buffer.from(poster!.bytes).equals(png)).toBe(true);
  });

  it("replaces and removes a poster without leaving the old image behind", async () => {
    const me = await person();
    const created = await createProduction(me, input(), { bytes: encodePng(2, 2, () => [0, 0, 0]) });
    if (!created.ok) throw new Error();
    const p = await db.production.findUniqueOrThrow({ where: { slug: created.slug } });
    await updateProduction(p.id, me, input({ slug: p.slug }), { bytes: encodePng(3, 3, () => [9, 9, 9]) });
    expect(await db.image.findUnique({ where: { id: p.posterId! } })).toBeNull();
    const replaced = await db.production.findUniqueOrThrow({ where: { id: p.id } });
    await updateProduction(p.id, me, input({ slug: p.slug }), { remove: true });
    expect(await db.image.findUnique({ where: { id: replaced.posterId! } })).toBeNull();
    expect((await db.production.findUniqueOrThrow({ where: { id: p.id } })).posterId).toBeNull();
  });
});

describe("membership", () => {
  it("joining, promoting and leaving are recorded on the production's activity", async () => {
    const producer = await person();
    const newcomer = await person();
    const p = await production(producer);
    await join(p.id, newcomer);
    await join(p.id, newcomer); // twice is once
    expect(await changeRole(p.id, producer, newcomer, "crew")).toEqual({ ok: true });
    expect((await productionHome(p.slug, newcomer))?.role).toBe("crew");
    expect(await leave(p.id, newcomer)).toEqual({ ok: true });
    const kinds = (await productionStory(p, { page: 1 })).items.map((e) => e.kind);
    expect(kinds).toEqual(["member.left", "member.role", "member.joined", "production.created"]);
  });

  it("a production always keeps at least one producer", async () => {
    const producer = await person();
    const other = await person();
    const p = await production(producer);
    expect(await leave(p.id, producer)).toEqual({ ok: false, error: "lastProducer" });
    expect(await changeRole(p.id, producer, producer, "member")).toEqual({ ok: false, error: "lastProducer" });
    expect(await removeMember(p.id, other, producer)).toEqual({ ok: false, error: "lastProducer" });
    await join(p.id, other);
    await changeRole(p.id, producer, other, "producer");
    expect(await leave(p.id, producer)).toEqual({ ok: true });
    expect(await listMembers(p.id)).toMatchObject([{ role: "producer", user: { id: other } }]);
  });

  it("two producers leaving at the same moment cannot leave the production without one", async () => {
    const a = await person();
    const b = await person();
    const p = await production(a);
    await join(p.id, b);
    await changeRole(p.id, a, b, "producer");
    const results = await Promise.all([leave(p.id, a), leave(p.id, b)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.membership.count({ where: { productionId: p.id, role: "producer" } })).toBe(1);
  });
});

describe("the demo production", () => {
  it("is seeded on first start with its team", async () => {
    const demo = await productionHome("les-veilleurs", undefined);
    expect(demo?.production.title).toBe("Les Veilleurs");
    expect(demo?.production.posterId).not.toBeNull();
    expect(demo?.production.memberships.map((m) => m.role)).toEqual(["producer", "producer", "crew", "crew"]);
  });

  it("has notes written by two of its people, with a named version", async () => {
    const demo = (await productionHome("les-veilleurs", undefined))!;
    const notes = `notes:${demo.production.id}`;
    expect((await documentContributors(notes)).map((c) => c.user.handle)).toEqual(["margaux", "tomas"]);
    // The named version; an automatic checkpoint follows once the studio has run two quiet minutes.
    const labels = (await listVersions(notes)).map((v) => v.label);
    expect(labels).toContain("Before the first scouting");
    expect(labels.filter((l) => l !== "Before the first scouting").every((l) => l === null)).toBe(true);
    expect(textOf((await loadDocument(notes)).doc)).toContain("Open questions");
  });

  it("has a screenplay in scene blocks, with a comment anchored to Noor's first line", async () => {
    const demo = (await productionHome("les-veilleurs", undefined))!;
    const { doc } = await loadDocument(scriptDocName(demo.production.id));
    const top = doc.getXmlFragment(FRAGMENT).toArray() as Y.XmlElement[];
    expect(top.filter((n) => n.nodeName === SCENE_BLOCK).length).toBeGreaterThan(3);
    const thread = await db.scriptComment.findFirstOrThrow({ where: { productionId: demo.production.id, quote: { contains: "You're not dead" } } });
    expect(thread.anchorStart).not.toBeNull();
    const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(thread.anchorStart!, "base64")), doc);
    const line = start?.type.parent as Y.XmlElement | undefined;
    expect(line?.nodeName).toBe("dialogue");
    expect((line?.parent as Y.XmlElement | undefined)?.nodeName).toBe(SCENE_BLOCK);
    expect(start?.type.toString()).toContain("You're not dead");
    doc.destroy();
  });

  it("has a closed poster vote with its count, and an open poll", async () => {
    const demo = (await productionHome("les-veilleurs", undefined))!;
    // The seeded ballots only: other tests of this run may vote in the open poll, as newcomers do.
    const seeded = { where: { user: { email: { endsWith: "@demo.claquette.invalid" } } } };
    const polls = await db.poll.findMany({ where: { productionId: demo.production.id }, orderBy: { createdAt: "asc" }, include: { _count: { select: { ballots: seeded } } } });
    expect(polls.map((p) => [p.method, p.closedAt !== null, p._count.ballots])).toEqual([
      ["irv", true, 5],
      ["plurality", false, 1],
    ]);
    const results = await pollResults(polls[0]!.id);
    // Round 1: blue 2, red 2, green 1 → green goes to blue; round 2: blue 3 of 5.
    expect(results.winners).toEqual(["option-1"]);
    expect(results.rounds!.map((r) => r.eliminated)).toEqual(["option-3", null]);
  });
});
