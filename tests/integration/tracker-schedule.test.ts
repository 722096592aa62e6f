// The shooting schedule and offers of help against the running studio: shoot days and
// scenes put on them by crew and producers only, one day per scene, shooting order, the
// printable call sheet (scenes, pages in eighths, cast, crew), and offers that only their
// author and the producers see, answered by producers only, withdrawn by their author only.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { resolveDocument } from "~/features/collab/store.server";
import { changeRole } from "~/features/productions/membership.server";
import { importFountain, scriptDocName } from "~/features/script/script.server";
import { formatEighths } from "~/features/tracker/schedule.server";
import { db } from "~/lib/db.server";
import { testProduction, testUser, type TestUser } from "../support/collab";

const base = inject("baseUrl");
const callSheetCss = readFileSync(new URL("../../app/features/tracker/callsheet.css", import.meta.url), "utf8");
const corpus = (name: string) => readFileSync(new URL(`../../app/features/script/corpus/${name}`, import.meta.url), "utf8");

function post(path: string, user: TestUser | null, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...(user ? { Cookie: user.cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/** A page's HTML as text to search: React's separators between text parts removed. */
async function html(path: string, user?: TestUser | null) {
  const res = await fetch(`${base}${path}`, { headers: user ? { Cookie: user.cookie } : {} });
  return { status: res.status, text: (await res.text()).replace(/<!-- -->/g, "") };
}

/** Text as React writes it into HTML. */
const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

async function setting() {
  const producer = await testUser("prod");
  const crew = await testUser("crew");
  const member = await testUser("mem");
  const outsider = await testUser("out");
  const { production } = await testProduction(producer, [crew, member]);
  await changeRole(production.id, producer.id, crew.id, "crew");
  const info = (await resolveDocument(scriptDocName(production.id)))!;
  const imported = await importFountain(info, corpus("les-veilleurs.fountain"), producer.id, "x.fountain");
  expect(imported.ok).toBe(true);
  const scenes = await db.scene.findMany({ where: { productionId: production.id }, orderBy: { position: "asc" } });
  const schedule = `/p/${production.slug}/tracker/schedule`;
  return { producer, crew, member, outsider, production, scenes, schedule };
}

const day = (fields: Partial<Record<"date" | "callTime" | "location" | "notes", string>> = {}) => ({
  intent: "addDay",
  date: "2027-03-15",
  callTime: "07:30",
  location: "Rue des Tanneurs, Lyon",
  notes: "",
  ...fields,
});

const daysOf = (productionId: string) => db.shootDay.findMany({ where: { productionId }, orderBy: { date: "asc" }, include: { scenes: { orderBy: { position: "asc" } } } });
const orderOn = async (dayId: string) => (await db.shootDayScene.findMany({ where: { dayId }, orderBy: { position: "asc" } })).map((r) => r.sceneId);

describe("shooting schedule", () => {
  it("lets crew and producers add days and put scenes on them; members, outsiders and visitors are refused", async () => {
    const { producer, crew, member, outsider, production, scenes, schedule } = await setting();
    expect(scenes.length).toBeGreaterThanOrEqual(3);
    const [s1, s2, s3] = scenes as [(typeof scenes)[0], (typeof scenes)[0], (typeof scenes)[0]];

    // Visitors are sent to log in; members and people from outside get a 403.
    const visitor = await post(schedule, null, day());
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");
    expect((await post(schedule, member, day())).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(schedule, outsider, day())).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect(await db.shootDay.count({ where: { productionId: production.id } })).toBe(0);

    // Crew add a day; a producer adds an earlier one: days are listed by date.
    expect((await post(schedule, crew, day())).status).toBe(200);
    expect((await post(schedule, producer, day({ date: "2027-03-14", callTime: "18:00", location: "Ana's bakery" }))).status).toBe(200);
    const [dayA, dayB] = (await daysOf(production.id)) as [Awaited<ReturnType<typeof daysOf>>[0], Awaited<ReturnType<typeof daysOf>>[0]];
    expect(dayA.date.toISOString().slice(0, 10)).toBe("2027-03-14");
    expect(dayB.callTime).toBe("07:30");

    // A wrong date is refused beside its field, with what was typed kept.
    const wrong = await post(schedule, crew, day({ date: "2027-02-30", location: "Kept location" }));
    expect(wrong.status).toBe(200);
    const wrongPage = (await wrong.text()).replace(/<!-- -->/g, "");
    expect(wrongPage).toContain("Enter a date such as 2027-03-14.");
    expect(wrongPage).toContain('value="Kept location"');
    expect((await post(schedule, crew, day({ callTime: "25:00" }))).status).toBe(200);
    expect(await db.shootDay.count({ where: { productionId: production.id } })).toBe(2);

    // Scenes go on days; members cannot move them.
    for (const s of [s1, s2]) expect((await post(schedule, crew, { intent: "place", sceneId: s.id, dayId: dayB.id })).status).toBe(200);
    expect((await post(schedule, producer, { intent: "place", sceneId: s3.id, dayId: dayA.id })).status).toBe(200);
    expect((await post(schedule, member, { intent: "place", sceneId: s3.id, dayId: dayB.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect(await orderOn(dayB.id)).toEqual([s1.id, s2.id]);
    expect(await orderOn(dayA.id)).toEqual([s3.id]);

    // A scene is on one day at most: putting it on another day moves it there, at the end.
    await post(schedule, crew, { intent: "place", sceneId: s1.id, dayId: dayA.id });
    expect(await db.shootDayScene.count({ where: { sceneId: s1.id } })).toBe(1);
    expect(await orderOn(dayA.id)).toEqual([s3.id, s1.id]);
    expect(await orderOn(dayB.id)).toEqual([s2.id]);
    // Placing it again on the same day changes nothing.
    await post(schedule, crew, { intent: "place", sceneId: s1.id, dayId: dayA.id });
    expect(await orderOn(dayA.id)).toEqual([s3.id, s1.id]);

    // A day of another production is not a day of this one.
    const other = await testProduction(producer);
    const foreign = await db.shootDay.create({ data: { productionId: other.production.id, date: new Date("2027-04-01T00:00:00Z") } });
    const refused = await post(schedule, crew, { intent: "place", sceneId: s2.id, dayId: foreign.id });
    expect(refused.status).toBe(200);
    expect(await db.shootDayScene.count({ where: { dayId: foreign.id } })).toBe(0);
    expect((await refused.text()).replace(/<!-- -->/g, "")).toContain("no longer there");

    // The page shows the days in date order to everyone, and forms only to crew and producers.
    const page = await html(schedule);
    expect(page.status).toBe(200);
    expect(page.text.indexOf("Day 1 — Sunday, 14 March 2027")).toBeGreaterThan(-1);
    expect(page.text.indexOf("Day 2 — Monday, 15 March 2027")).toBeGreaterThan(page.text.indexOf("Day 1 — Sunday, 14 March 2027"));
    expect(page.text).not.toContain('value="addDay"');
    expect(page.text).toContain(`strip-ext-night`);
    expect((await html(schedule, member)).text).not.toContain('value="move"');
    expect((await html(schedule, crew)).text).toContain('value="move"');
    const french = await fetch(`${base}${schedule}`, { headers: { "Accept-Language": "fr" } }).then((r) => r.text());
    expect(french.replace(/<!-- -->/g, "")).toContain("Plan de travail");

    // Editing a day; members cannot.
    expect((await post(schedule, member, { ...day({ callTime: "05:00" }), intent: "editDay", dayId: dayB.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(schedule, crew, { ...day({ callTime: "06:45", notes: "Bring the ladder." }), intent: "editDay", dayId: dayB.id })).status).toBe(200);
    const edited = await db.shootDay.findUniqueOrThrow({ where: { id: dayB.id } });
    expect([edited.callTime, edited.notes]).toEqual(["06:45", "Bring the ladder."]);

    // Unscheduled scenes come back in the list below the days; deleting a day unschedules its scenes.
    expect((await post(schedule, crew, { intent: "unschedule", sceneId: s2.id })).status).toBe(200);
    expect(await db.shootDayScene.count({ where: { sceneId: s2.id } })).toBe(0);
    expect((await post(schedule, member, { intent: "deleteDay", dayId: dayA.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(schedule, producer, { intent: "deleteDay", dayId: dayA.id })).status).toBe(200);
    expect(await db.shootDay.count({ where: { productionId: production.id } })).toBe(1);
    expect(await db.shootDayScene.count({ where: { sceneId: { in: [s1.id, s3.id] } } })).toBe(0);
    const after = (await html(schedule)).text;
    const unscheduled = after.slice(after.indexOf('id="unscheduled"'));
    for (const s of [s1, s2, s3]) expect(unscheduled).toContain(escaped(s.location));
  });

  it("orders scenes within a day with up and down", async () => {
    const { crew, member, production, scenes, schedule } = await setting();
    await post(schedule, crew, day());
    const [d] = await daysOf(production.id);
    const [s1, s2, s3] = scenes.map((s) => s.id) as [string, string, string];
    for (const id of [s1, s2, s3]) await post(schedule, crew, { intent: "place", sceneId: id, dayId: d!.id });
    expect(await orderOn(d!.id)).toEqual([s1, s2, s3]);

    expect((await post(schedule, crew, { intent: "move", sceneId: s3, direction: "up" })).status).toBe(200);
    expect(await orderOn(d!.id)).toEqual([s1, s3, s2]);
    await post(schedule, crew, { intent: "move", sceneId: s3, direction: "up" });
    expect(await orderOn(d!.id)).toEqual([s3, s1, s2]);
    await post(schedule, crew, { intent: "move", sceneId: s3, direction: "up" }); // already first
    expect(await orderOn(d!.id)).toEqual([s3, s1, s2]);
    await post(schedule, crew, { intent: "move", sceneId: s1, direction: "down" });
    expect(await orderOn(d!.id)).toEqual([s3, s2, s1]);
    await post(schedule, crew, { intent: "move", sceneId: s1, direction: "down" }); // already last
    expect(await orderOn(d!.id)).toEqual([s3, s2, s1]);
    expect((await post(schedule, member, { intent: "move", sceneId: s1, direction: "up" })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect(await orderOn(d!.id)).toEqual([s3, s2, s1]);

    // The stripboard shows them in that order.
    const page = (await html(schedule)).text;
    const at = (id: string) => page.indexOf(`name="sceneId" value="${id}"`);
    expect(at(s1)).toBe(-1); // visitors get no forms …
    const crewPage = (await html(schedule, crew)).text;
    const pos = (id: string) => crewPage.indexOf(`name="sceneId" value="${id}"`);
    expect(pos(s3)).toBeLessThan(pos(s2));
    expect(pos(s2)).toBeLessThan(pos(s1));
  });
});

describe("call sheet", () => {
  it("shows the day with its scenes, their pages and cast, the total, the notes and the crew", async () => {
    const { producer, crew, member, production, scenes, schedule } = await setting();
    await post(schedule, crew, day({ notes: "Lamp hum recorded before traffic." }));
    const [d] = await daysOf(production.id);
    const [s1, s2] = scenes as [(typeof scenes)[0], (typeof scenes)[0]];
    for (const s of [s1, s2]) await post(schedule, crew, { intent: "place", sceneId: s.id, dayId: d!.id });

    const sheet = await html(`${schedule}/${d!.id}`); // a visitor reads it
    expect(sheet.status).toBe(200);
    const text = sheet.text;
    expect(text).toContain(escaped(production.title));
    expect(text).toContain("Call sheet — Day 1 of 1");
    expect(text).toContain("Monday, 15 March 2027");
    expect(text).toContain("07:30");
    expect(text).toContain("Rue des Tanneurs, Lyon");
    expect(text).toContain("Lamp hum recorded before traffic.");
    for (const s of [s1, s2]) {
      expect(text).toContain(escaped(s.heading));
      expect(text).toContain(`>${formatEighths(s.eighths)}<`);
      for (const c of s.characters) expect(text).toContain(escaped(c));
    }
    expect(s1.characters).toContain("NOOR");
    expect(s2.characters).toEqual(expect.arrayContaining(["NOOR", "BASILE"]));
    expect(text).toContain(`>${formatEighths(s1.eighths + s2.eighths)}<`);
    expect([0, 3, 8, 11, 16, 21].map(formatEighths)).toEqual(["0", "3/8", "1", "1 3/8", "2", "2 5/8"]); // as stripboards write them
    // The cast list: each character once, with the scenes they are in.
    expect(text).toContain(`scenes ${s1.number}, ${s2.number}`);
    // The crew: producers and crew, not members.
    expect(text).toContain(escaped(producer.displayName));
    expect(text).toContain(escaped(crew.displayName));
    expect(text).not.toContain(escaped(member.displayName));
    // Its own stylesheet prints it without the site's header, footer and navigation.
    expect(text).toMatch(/<link [^>]*rel="stylesheet" href="\/assets\/callsheet-[\w-]+\.css"/);
    const print = callSheetCss.slice(callSheetCss.indexOf("@media print"));
    for (const hidden of [".site-header", ".site-footer", ".no-print"]) expect(print).toContain(hidden);

    // Unknown days and days of other productions are not found.
    expect((await html(`${schedule}/nope`)).status).toBe(404);
    const other = await testProduction(producer);
    const foreign = await db.shootDay.create({ data: { productionId: other.production.id, date: new Date("2027-04-01T00:00:00Z") } });
    expect((await html(`${schedule}/${foreign.id}`)).status).toBe(404);
  });
});

describe("offers of help", () => {
  it("are made by anyone logged in, seen by their author and producers only, answered by producers, withdrawn by their author", async () => {
    const { producer, crew, member, outsider, production } = await setting();
    const help = `/p/${production.slug}/tracker/help`;
    const offer = { intent: "offer", kind: "equipment", title: "A 16 mm Bolex <b>camera</b>", description: "Free in March.\nI can bring it to Lyon." };

    // Visitors are asked to log in; their posts are sent to the login page.
    const visitorPage = await html(help);
    expect(visitorPage.status).toBe(200);
    expect(visitorPage.text).toContain('data-testid="login-prompt"');
    const visitor = await post(help, null, offer);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");

    // Someone who is not a member offers; the form is checked at the boundary.
    expect((await post(help, outsider, { ...offer, title: "" })).status).toBe(200);
    const tooLong = await post(help, outsider, { ...offer, title: "x".repeat(121) });
    expect((await tooLong.text()).replace(/<!-- -->/g, "")).toContain("at most 120 characters");
    const badKind = await post(help, outsider, { ...offer, kind: "money" });
    expect((await badKind.text()).replace(/<!-- -->/g, "")).toContain("Choose one of the options.");
    expect(await db.helpOffer.count({ where: { productionId: production.id } })).toBe(0);
    expect((await post(help, outsider, offer)).status).toBe(200);
    const made = await db.helpOffer.findFirstOrThrow({ where: { productionId: production.id } });
    expect([made.userId, made.kind, made.status, made.title]).toEqual([outsider.id, "equipment", "open", offer.title]);

    // Who sees it: its author and the producers; not visitors, members or crew.
    const shown = escaped(offer.title);
    expect(shown).toContain("&lt;b&gt;"); // never markup
    expect((await html(help, outsider)).text).toContain(shown);
    expect((await html(help, producer)).text).toContain(shown);
    expect((await html(help, producer)).text).not.toContain("<b>camera</b>");
    for (const who of [null, member, crew]) expect((await html(help, who)).text).not.toContain(shown);

    // Only producers answer.
    const answer = { intent: "answer", offerId: made.id, answer: "accepted", message: "Wonderful, see you on day 1." };
    expect((await post(help, crew, answer)).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(help, member, answer)).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(help, outsider, answer)).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await db.helpOffer.findUniqueOrThrow({ where: { id: made.id } })).status).toBe("open");
    expect((await post(help, producer, answer)).status).toBe(200);
    const answered = await db.helpOffer.findUniqueOrThrow({ where: { id: made.id } });
    expect([answered.status, answered.answer, answered.answeredById]).toEqual(["accepted", answer.message, producer.id]);

    // The offerer is notified.
    const notes = await db.notification.findMany({ where: { userId: outsider.id, productionId: production.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.kind).toBe("changed");
    expect(notes[0]!.actorId).toBe(producer.id);
    expect(notes[0]!.data).toEqual({ offer: offer.title, answer: "accepted" });
    expect((await html(help, outsider)).text).toContain(escaped(answer.message));

    // Only the offerer withdraws it.
    expect((await post(help, member, { intent: "withdraw", offerId: made.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await post(help, producer, { intent: "withdraw", offerId: made.id })).headers.get("Set-Cookie")).toContain("claquette_refused=");
    expect((await db.helpOffer.findUniqueOrThrow({ where: { id: made.id } })).status).toBe("accepted");
    expect((await post(help, outsider, { intent: "withdraw", offerId: made.id })).status).toBe(200);
    expect((await db.helpOffer.findUniqueOrThrow({ where: { id: made.id } })).status).toBe("withdrawn");

    // A withdrawn offer is not answered any more, and nobody is notified of it.
    const late = await post(help, producer, { ...answer, answer: "declined", message: "Sorry." });
    expect(late.status).toBe(200);
    expect((await late.text()).replace(/<!-- -->/g, "")).toContain("can no longer be changed");
    expect((await db.helpOffer.findUniqueOrThrow({ where: { id: made.id } })).status).toBe("withdrawn");
    expect(await db.notification.count({ where: { userId: outsider.id, productionId: production.id } })).toBe(1);

    // A member's own offer, declined with a message, in French for a French reader.
    expect((await post(help, member, { intent: "offer", kind: "place", title: "Ma cour", description: "" })).status).toBe(200);
    const courtyard = await db.helpOffer.findFirstOrThrow({ where: { productionId: production.id, userId: member.id } });
    await post(help, producer, { intent: "answer", offerId: courtyard.id, answer: "declined", message: "Trop petite, merci !" });
    expect((await db.helpOffer.findUniqueOrThrow({ where: { id: courtyard.id } })).status).toBe("declined");
    const fr = await fetch(`${base}${help}`, { headers: { Cookie: member.cookie, "Accept-Language": "fr" } }).then((r) => r.text());
    expect(fr.replace(/<!-- -->/g, "")).toContain("Déclinée");
    expect(await db.notification.count({ where: { userId: member.id, productionId: production.id, kind: "changed" } })).toBe(1);
  });
});
