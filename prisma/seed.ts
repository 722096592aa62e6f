// The demo production of DESIGN.md, seeded once on first start so that a
// newcomer sees Claquette working. Later feature issues extend it.
// Demo people have random passwords nobody knows: on a real instance they are
// names in the credits, not accounts anyone can log into.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { FRAGMENT, writeBlocks, type Block } from "~/features/collab/content";
import { appendUpdates, createVersion, loadDocument, resolveDocument } from "~/features/collab/store.server";
import { createUser } from "~/features/auth/user.server";
import { imageRecord } from "~/features/media/image.server";
import { encodePng } from "~/features/media/png";
import { recordEntry, reverseEntry } from "~/features/funding/ledger.server";
import { addLine, decideExpense, proposeExpense } from "~/features/funding/budget.server";
import { addComment, amendDecision, createDecision, decide, proposeDecision, type NewDecision } from "~/features/decisions/decisions.server";
import { decisionTemplate } from "~/features/decisions/template";
import { isoWeekOf } from "~/features/decisions/week";
import { saveWeeklyNote } from "~/features/decisions/weekly.server";
import { castBallot, changeClosing, createPoll, pollResults } from "~/features/polls/polls.server";
import { createCampaign, markReceived, pledge } from "~/features/funding/campaigns.server";
import { createRelease } from "~/features/releases/releases.server";
import { addScreening } from "~/features/releases/screenings.server";
import { acceptUpload, refreshTorrent } from "~/features/releases/uploads.server";
import { instantAt } from "~/lib/zoned-time";
import { changeRole, follow, join } from "~/features/productions/membership.server";
import { createProduction } from "~/features/productions/production.server";
import { createPage, reindexPage, wikiDocName } from "~/features/wiki/wiki.server";
import { addElement, addShot } from "~/features/tracker/breakdown.server";
import { addTaskComment, createTask, ensureTracker, listsOf, reviewSubmission, setStatus, submitWork } from "~/features/tracker/tracker.server";
import { addComment as addScriptComment, freezeDraft, importFountain, scriptDocName } from "~/features/script/script.server";
import { SCENE_BLOCK } from "~/features/script/schema";
import { db } from "~/lib/db.server";
import { translator } from "~/lib/i18n";

const SEEDED = "demo.seeded";
export const DEMO_SLUG = "les-veilleurs";

const people = [
  { handle: "margaux", displayName: "Margaux Lefèvre", bio: "Producer. Ran a neighbourhood cinema for ten years." },
  { handle: "tomas", displayName: "Tomás Ibarra", bio: "Screenwriter and night-bus driver." },
  { handle: "aiko", displayName: "Aiko Tanaka", bio: "Cinematographer, mostly documentaries." },
  { handle: "samir", displayName: "Samir Haddad", bio: "Sound designer. Records streetlights humming." },
  { handle: "lena", displayName: "Lena Schulz", bio: "Storyboard artist." },
] as const;

/** A night-blue poster with a row of streetlights: drawn here, no file needed. */
export function demoPoster(): Uint8Array {
  const w = 400;
  const h = 600;
  return encodePng(w, h, (x, y) => {
    const sky = 1 - y / h;
    let r = 10 + 20 * sky;
    let g = 16 + 30 * sky;
    let b = 40 + 80 * sky;
    for (let i = 0; i < 4; i++) {
      const lx = 60 + i * 95;
      const ly = 330 + i * 12;
      const d = Math.hypot(x - lx, y - ly);
      const glow = Math.max(0, 1 - d / 70);
      r += 230 * glow * glow;
      g += 180 * glow * glow;
      b += 60 * glow * glow;
      if (Math.abs(x - lx) < 2 && y > ly && y < 560) r = g = b = 30;
    }
    if (y > 560) r = g = b = 18;
    const c = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
    return [c(r), c(g), c(b)];
  });
}

/** The demo production; under another slug, a fresh copy of it (the crawler test gives one to each role). */
export async function seedDemo(slug = DEMO_SLUG) {
  const ids: Record<string, string> = {};
  for (const p of people) {
    const existing = await db.user.findUnique({ where: { handle: p.handle } });
    if (existing) {
      ids[p.handle] = existing.id;
      continue;
    }
    const created = await createUser({
      handle: p.handle,
      displayName: p.displayName,
      email: `${p.handle}@demo.claquette.invalid`,
      password: randomBytes(24).toString("base64url"),
    });
    if (!created.ok) throw new Error(`could not seed @${p.handle}`);
    ids[p.handle] = created.userId;
    // Made by the seed, not signed up: no mail reaches demo.claquette.invalid, and none is needed.
    await db.user.update({ where: { id: created.userId }, data: { bio: p.bio, emailConfirmedAt: new Date() } });
  }

  const created = await createProduction(
    ids.margaux!,
    {
      title: "Les Veilleurs",
      slug,
      logline:
        "In a town that sleeps, three night-shift workers find that every streetlight they repair shows them a stranger's memory.",
      synopsis:
        "Noor mends streetlights from midnight to dawn. The night a lamp on the Rue des Tanneurs flickers back to life, it shows her a wedding that happened forty years ago on that very pavement.\n\nWith Basile, who drives the last bus, and Ana, who bakes the town's bread, she starts repairing the lights on purpose — and learns that the town has been forgetting itself, one dark street at a time.\n\nA short film of about fifteen minutes, written in the open by its community and shared under CC BY-SA 4.0.",
      phase: "pre_production",
      licence: "CC-BY-SA-4.0",
      membersEditScript: true,
    },
    { bytes: demoPoster() },
  );
  if (!created.ok) throw new Error(`could not seed the demo production: ${JSON.stringify(created.errors)}`);
  const production = await db.production.findUniqueOrThrow({ where: { slug } });
  for (const handle of ["tomas", "aiko", "samir", "lena"]) await join(production.id, ids[handle]!);
  await changeRole(production.id, ids.margaux!, ids.tomas!, "producer");
  await changeRole(production.id, ids.margaux!, ids.aiko!, "crew");
  await changeRole(production.id, ids.margaux!, ids.samir!, "crew");
  await follow(production.id, ids.lena!);
  await seedNotes(production.id, ids);
  const posterPoll = await seedPolls(production.id, ids);
  await seedDecisions(production.id, slug, ids, posterPoll);
  await seedRelease(production.id, ids);
  await seedCampaign(production.id, ids);
  await seedWiki(production.id, ids);
  await seedScript(production.id, ids);
  await seedTracker(production.id, ids);
  await seedLedger(production.id, ids);
  await seedBudget(production.id, ids);
}

/**
 * The budget (decision 0054): lines in three departments, expenses with their receipts
 * (a small PNG drawn here), three approved (so in the ledger; the largest by the
 * Saint-Étienne decision) and one proposed, waiting for a producer. The ledger's earlier
 * costs (seedLedger) were paid before the budget existed and stay outside it.
 */
async function seedBudget(productionId: string, ids: Record<string, string>) {
  const lines = {
    camera: await addLine(productionId, { department: "Camera", name: "Camera and lens rental", planned: 60_000, currency: "EUR" }),
    lights: await addLine(productionId, { department: "Camera", name: "Lighting and gels", planned: 15_000, currency: "EUR" }),
    travel: await addLine(productionId, { department: "Locations", name: "Train and lodging in Saint-Étienne", planned: 120_000, currency: "EUR" }),
    mix: await addLine(productionId, { department: "Sound", name: "Sound mix", planned: 180_000, currency: "EUR" }),
    hum: await addLine(productionId, { department: "Sound", name: "Recorder rental", planned: 8_000, currency: "EUR" }),
  };
  // A receipt: a white slip with grey lines of "text".
  const receipt = { name: "receipt.png", bytes: encodePng(60, 90, (x, y) => (y % 12 < 2 && y > 10 && x > 6 && x < 54 ? [140, 140, 140] : [255, 255, 255])) };
  const stEtienne = await db.decision.findFirstOrThrow({ where: { productionId, status: "accepted", title: { startsWith: "Shoot the street scenes in Saint" } }, select: { number: true } });
  const expenses = [
    { line: lines.camera, by: "aiko", amount: "120", description: "Spare batteries and memory cards", approve: null },
    { line: lines.lights, by: "aiko", amount: "38,20", description: "Warm bulbs for the street lamps", approve: null },
    { line: lines.travel, by: "samir", amount: "860", description: "Train tickets for the crew, four nights in March", approve: stEtienne.number },
    { line: lines.hum, by: "samir", amount: "35", description: "Recorder rental for the lamps' hum", approve: undefined },
  ];
  for (const e of expenses) {
    const made = await proposeExpense(productionId, ids[e.by]!, { lineId: e.line.id, amount: e.amount, description: e.description, receipt });
    if (!made.ok) throw new Error(`could not seed an expense: ${made.problem}`);
    if (e.approve === undefined) continue;
    const done = await decideExpense(productionId, ids.margaux!, { expenseId: made.expenseId, verdict: "approve", decisionNumber: e.approve });
    if (!done.ok) throw new Error(`could not approve a seeded expense: ${done.problem}`);
  }
}

/**
 * The ledger a newcomer reads: the producers' seed money, a few costs of the test shoot,
 * a bank fee, and an expense written twice by mistake with the correction that reverses it.
 */
async function seedLedger(productionId: string, ids: Record<string, string>) {
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
  const entries = [
    { kind: "pledge_received", amount: 150_000, description: "Seed money from the producers, Margaux and Tomás", occurredAt: daysAgo(40), by: "margaux" },
    { kind: "fee", amount: -350, description: "Bank transfer fee", occurredAt: daysAgo(40), by: "margaux" },
    { kind: "expense_paid", amount: -8_940, description: "Streetlight prop: a lamp head and warm bulbs", occurredAt: daysAgo(21), by: "tomas" },
    { kind: "expense_paid", amount: -24_000, description: "Camera and lens rental for the night test shoot", occurredAt: daysAgo(12), by: "tomas" },
    { kind: "expense_paid", amount: -4_560, description: "Gaffer tape and lighting gels", occurredAt: daysAgo(11), by: "tomas" },
    { kind: "expense_paid", amount: -4_560, description: "Gaffer tape and lighting gels", occurredAt: daysAgo(11), by: "tomas" },
  ] as const;
  let last = "";
  for (const e of entries) {
    const entry = await db.$transaction((tx) =>
      recordEntry(tx, { productionId, kind: e.kind, amount: e.amount, currency: "EUR", description: e.description, occurredAt: e.occurredAt, recordedById: ids[e.by] }),
    );
    last = entry.id;
  }
  await db.$transaction((tx) => reverseEntry(tx, last, { recordedById: ids.margaux!, description: "The gels were written down twice: one purchase only" }));
}

/** The tracker: tasks on the script's scenes, an open call answered twice, shots, a shoot day, an offer. */
async function seedTracker(productionId: string, ids: Record<string, string>) {
  await ensureTracker(productionId);
  const { statuses, types } = await listsOf(productionId);
  const status = (key: string) => statuses.find((s) => s.key === key)!.id;
  const type = (key: string) => types.find((t) => t.key === key)!.id;
  const scenes = await db.scene.findMany({ where: { productionId }, orderBy: { position: "asc" } });
  const [street, busStop, bakery] = scenes;

  const poster = await createTask(productionId, ids.margaux!, {
    title: "Design the poster",
    description: "An open call: the poll chose the lamp; draw the final poster (A2, 300 dpi) with the title and the CC BY-SA 4.0 mention.",
    typeId: type("poster"),
    open: true,
    priority: 1,
  });
  const posterTask = { ...poster, productionId };
  const first = await submitWork(posterTask, ids.lena!, { note: "The lamp from below, the street in its light, the title in the glass." });
  await submitWork(posterTask, ids.samir!, { note: "Three silhouettes under one lamp; the rest of the street dark." });
  await reviewSubmission(first.id, posterTask, ids.aiko!, "accepted", "This is the one: warm, simple, readable from afar.");
  await setStatus(posterTask, status("done"), ids.aiko!);

  const scout = await createTask(productionId, ids.margaux!, { title: "Scout Rue des Tanneurs at night", typeId: type("design"), sceneId: street?.id, assigneeIds: [ids.aiko!], priority: 1 });
  await setStatus({ ...scout, productionId }, status("wip"), ids.aiko!);
  const hum = await createTask(productionId, ids.aiko!, { title: "Record the lamp hum", typeId: type("music"), sceneId: street?.id, assigneeIds: [ids.samir!] });
  const humTask = { ...hum, productionId };
  await addTaskComment(humTask, ids.samir!, "At 2 a.m. the traffic stops: @aiko, can we borrow the town's ladder that night?");
  const board = await createTask(productionId, ids.margaux!, { title: "Storyboard the bakery", typeId: type("storyboard"), sceneId: bakery?.id, assigneeIds: [ids.lena!] });
  await setStatus({ ...board, productionId }, status("review"), ids.lena!);
  await createTask(productionId, ids.margaux!, { title: "French subtitles for the teaser", typeId: type("subtitles"), open: true, description: "Anyone who speaks both languages: the English subtitles are in the release; time the French ones to them." });
  await createTask(productionId, ids.tomas!, { title: "Find the bus for the night scene", typeId: type("design"), sceneId: busStop?.id });

  if (street) {
    for (const d of ["Wide: the five lamps, four dark", "Noor on the ladder, from below", "Insert: the wires twisted", "The wedding in the warm light"]) await addShot(street.id, d);
    await addElement(productionId, street.id, "prop", "The first lamp");
    await addElement(productionId, street.id, "costume", "Reflective vest");
  }
  if (bakery) await addElement(productionId, bakery.id, "prop", "Bread loaves");
  // The first shoot day, some weeks after the studio is seeded: the street and the bus stop, at night.
  const now = new Date();
  const shootDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 14 * 7));
  const day = await db.shootDay.create({ data: { productionId, date: shootDate, callTime: "21:00", location: "Rue des Tanneurs, Saint-Étienne", notes: "Town hall permit for the lamp. Hot soup at the bakery from midnight." } });
  for (const [i, scene] of [street, busStop].entries()) if (scene) await db.shootDayScene.create({ data: { dayId: day.id, sceneId: scene.id, position: i } });
  await db.helpOffer.create({ data: { productionId, userId: ids.lena!, kind: "place", title: "A flat above the bakery", description: "Two rooms with a window on the street: a base for the night shoots, with coffee." } });
}

/**
 * The screenplay: a first draft imported from Fountain, rewritten into the second
 * (both frozen, so the comparison and the blue pages show), with comments on passages.
 */
async function seedScript(productionId: string, ids: Record<string, string>) {
  const info = await resolveDocument(scriptDocName(productionId));
  if (!info) return;
  const second = await fs.readFile(new URL("../app/features/script/corpus/les-veilleurs.fountain", import.meta.url), "utf8");
  const first = second
    .replace("Draft date: Second draft", "Draft date: First draft")
    .replace("Okay.\n(beat)\nOkay. That's new.", "Okay.")
    .replace("Then you'll want coffee.", "Coffee?");
  await importFountain(info, first, ids.tomas!, "les-veilleurs-first-draft.fountain");
  await freezeDraft(info, { name: "First draft", colour: "white" }, ids.margaux!);
  await importFountain(info, second, ids.tomas!, "les-veilleurs.fountain");
  await freezeDraft(info, { name: "Second draft", colour: "blue" }, ids.margaux!);

  // A comment anchored to Noor's first line, as the editor anchors them: relative positions in its text.
  const { doc } = await loadDocument(info.name);
  const line = doc
    .getXmlFragment(FRAGMENT)
    .toArray()
    .flatMap((n) => (n instanceof Y.XmlElement && n.nodeName === SCENE_BLOCK ? n.toArray() : [n]))
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "dialogue" && n.toString().includes("You're not dead"));
  const text = line?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
  const at = (index: number) => (text ? Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString("base64") : undefined);
  const quote = text?.toString().replace(/<[^>]*>/g, "") ?? "";
  const thread = await addScriptComment(productionId, ids.aiko!, {
    body: "Can Noor say this to the lamp without the parenthetical? The shot already shows who she talks to.",
    quote,
    anchorStart: at(0),
    anchorEnd: at(quote.length),
  });
  doc.destroy();
  if (thread) await addScriptComment(productionId, ids.tomas!, { body: "Good point: I'll try it both ways in the table read.", parentId: thread.id });
  await addScriptComment(productionId, ids.lena!, { body: "Love the wedding song. Could the bakery scene start on the ovens' sound?" });
}

/** The film's world: characters, places and a prop, linked to each other, written by several people. */
async function seedWiki(productionId: string, ids: Record<string, string>) {
  const pages: [string, string, string, [string, string[]][]][] = [
    ["Noor", "character", "tomas", [
      ["tomas", ["Noor mends the streetlights of the town from midnight to dawn. She is thirty-four and knows every lamp by its hum.", "She starts on [[Rue des Tanneurs]], where [[The first lamp]] shows her a wedding from forty years ago."]],
      ["aiko", ["Cinematography: always lit by the lamps themselves, never by a fill light."]],
    ]],
    ["Basile", "character", "tomas", [["tomas", ["Basile drives the last bus. He has watched [[Noor]] work for years without saying a word.", "The bus leaves from [[The bus depot]]."]]]],
    ["Ana", "character", "margaux", [["margaux", ["Ana bakes the town's bread and opens at four. Her bakery is on [[Rue des Tanneurs]]; she brings [[Noor]] the first loaf."]]]],
    ["Rue des Tanneurs", "location", "margaux", [
      ["margaux", ["A narrow street of 1930s lamps in Saint-Étienne (see the decision log, D-2).", "Night shoots need the town hall's permit for four nights in March."]],
      ["samir", ["Sound: the lamps hum at 60 Hz; record them at 2 a.m. when the traffic stops."]],
    ]],
    ["The bus depot", "location", "tomas", [["tomas", ["The night bus depot on Avenue Jaurès lets us film after 1 a.m. on weekdays. [[Basile]]'s bus sleeps here."]]]],
    ["The first lamp", "prop", "lena", [["lena", ["A cast-iron lamp with a cracked amber globe. Storyboard sketches are in the notes; [[Noor]] carries its glass home in scene 3."]]]],
  ];
  for (const [title, category, author, edits] of pages) {
    const created = await createPage(productionId, ids[author]!, { title, category });
    if (!created.ok) throw new Error(`demo wiki page ${title}: ${created.problem}`);
    const info = await resolveDocument(wikiDocName(created.page.id));
    const doc = new Y.Doc();
    for (const [who, paragraphs] of edits) {
      const before = Y.encodeStateVector(doc);
      writeBlocks(doc, paragraphs.map((text) => ({ type: "paragraph", text })));
      await appendUpdates([{ docName: info!.name, productionId, authorId: ids[who]!, update: Y.encodeStateAsUpdate(doc, before) }]);
      await createVersion(info!.name, { createdById: ids[who]! });
    }
    doc.destroy();
    await reindexPage(created.page.id);
  }
}

/**
 * The festival cut, published yesterday: the teaser film (prisma/demo, made once with
 * ffmpeg), subtitles in English and French, credits, screenings to come.
 */
/** A campaign half-way to its goal, with named backers and one anonymous (decision 0052). */
async function seedCampaign(productionId: string, ids: Record<string, string>) {
  const created = await createCampaign(productionId, {
    title: "Finish the sound and the grade",
    text: "The shoot is paid for. What is left: the sound mix, the colour grade and the festival copies.",
    goal: 500_000,
    currency: "EUR",
    deadline: new Date(Date.now() + 30 * 24 * 3600_000),
    mode: "all_or_nothing",
    tiers: [
      { name: "Friend of the night", amount: 2_000, creditAs: "Backer", poster: false, screeningId: null },
      { name: "Night watcher", amount: 10_000, creditAs: "Backer", poster: true, screeningId: null },
      { name: "Co-producer", amount: 100_000, creditAs: "Co-producer", poster: true, screeningId: null },
    ],
  });
  if (!created.ok) throw new Error(`could not seed the campaign: ${created.problem}`);
  const tiers = await db.campaignTier.findMany({ where: { campaignId: created.campaign.id }, orderBy: { position: "asc" } });
  const backers: [string, number, number | null, string | null][] = [
    ["lena", 2, 100_000, "Lena Schulz"],
    ["tomas", 2, 120_000, "Tomás Ibarra"],
    ["aiko", 1, 25_000, "Aiko T."],
    ["samir", 0, 5_000, null],
  ];
  for (const [handle, tier, amount, creditName] of backers) {
    const made = await pledge(created.campaign.id, ids[handle]!, { tierId: tiers[tier]!.id, amount, creditName, listed: creditName !== null, provider: "manual" });
    if (!made.ok) throw new Error(`could not seed a pledge: ${made.problem}`);
    await markReceived(created.campaign.id, made.pledge.id, ids.margaux!);
  }
}

async function seedRelease(productionId: string, ids: Record<string, string>) {
  const created = await createRelease(productionId, ids.margaux!, {
    slug: "festival-cut",
    title: "Festival cut",
    version: "1.0",
    licence: "CC-BY-SA-4.0",
    publishAt: new Date(Date.now() - 24 * 3600_000),
    synopsis: "Noor mends streetlights from midnight to dawn; one night a lamp shows her the town as it was. The first cut, shown at the Saint-Étienne festival.",
  });
  if (!created.ok) throw new Error("could not seed the demo release");
  const release = created.release;
  const demo = path.join(import.meta.dirname, "demo");
  const files: [string, "film" | "subtitles", string, string | null][] = [
    ["les-veilleurs-teaser.webm", "film", "360p", null],
    ["les-veilleurs-teaser.en.vtt", "subtitles", "English", "en"],
    ["les-veilleurs-teaser.fr.srt", "subtitles", "Français", "fr"],
  ];
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "claquette-seed-"));
  for (const [name, kind, label, language] of files) {
    // acceptUpload takes the file away: give it a copy.
    const copy = path.join(scratch, name);
    await fs.copyFile(path.join(demo, name), copy);
    const accepted = await acceptUpload({ releaseId: release.id, path: copy, size: (await fs.stat(copy)).size, name, kind, label, language });
    if (!accepted.ok) throw new Error(`demo file ${name}: ${accepted.problem}`);
  }
  await fs.rm(scratch, { recursive: true, force: true });
  await refreshTorrent(release.id);
  for (const [role, who] of [["Director", "margaux"], ["Screenplay", "tomas"], ["Cinematography", "aiko"], ["Sound", "samir"], ["Storyboards", "lena"]] as const) {
    const person = people.find((p) => p.handle === who)!;
    await db.releaseCredit.create({ data: { releaseId: release.id, role, name: person.displayName, userId: ids[who]!, position: 0 } });
  }
  const day = (n: number) => new Date(Date.now() + n * 24 * 3600_000).toISOString().slice(0, 10);
  const screenings: [string, string, string, string, string, "theatrical" | "community", string][] = [
    ["Le Méliès", "10 place Jean-Jaurès", "Saint-Étienne", `${day(9)}T20:30`, "Europe/Paris", "theatrical", "en"],
    ["Cinéma du Parc", "3575 avenue du Parc", "Montréal", `${day(16)}T19:00`, "America/Toronto", "theatrical", "en"],
    ["Bibliothèque de quartier", "2 rue des Tanneurs", "Lyon", `${day(23)}T18:00`, "Europe/Paris", "community", ""],
  ];
  for (const [venue, address, city, local, timeZone, kind, subtitles] of screenings) {
    await addScreening(productionId, { venue, address, city, startsAt: instantAt(local, timeZone)!, timeZone, kind, language: "fr", subtitles, ticketUrl: null, releaseId: release.id });
  }
}

/** A closed poster vote (ranked, with images) and an open one on the title. */
async function seedPolls(productionId: string, ids: Record<string, string>) {
  const palette: [number, number, number][] = [[20, 30, 90], [120, 30, 40], [30, 90, 60]];
  const images = await Promise.all(
    palette.map(async ([r, g, b], i) => {
      const record = await imageRecord(encodePng(200, 300, (x, y) => [Math.min(255, r + y / 3), Math.min(255, g + ((x * (i + 1)) % 60)), b]));
      if ("problem" in record) throw new Error(record.problem);
      return record.data;
    }),
  );
  const posters = await createPoll(productionId, ids.margaux!, {
    question: "Which poster for the premiere?",
    description: "Three proposals from the community. Rank the ones you like; the count is an instant runoff.",
    method: "irv",
    options: ["Blue streetlights", "Red bus at night", "Green dawn"].map((label, i) => ({ label, image: images[i] })),
    closesAt: new Date(Date.now() + 3600_000),
    resultsVisibility: "after_close",
    // The seeded people joined moments before: the story is that they had time to.
    minMembershipHours: 0,
  });
  const [blue, red, green] = posters.options.map((o) => o.key) as [string, string, string];
  const ballots: [string, [string, number][]][] = [
    ["margaux", [[blue, 1], [green, 2]]],
    ["tomas", [[red, 1], [blue, 2]]],
    ["aiko", [[green, 1], [blue, 2]]],
    ["samir", [[blue, 1]]],
    ["lena", [[red, 1], [green, 2]]],
  ];
  for (const [who, ranks] of ballots) {
    await castBallot(posters.id, ids[who]!, ranks.map(([option, rank]) => ({ option, rank })), null);
  }
  await changeClosing(posters.id, ids.margaux!, { kind: "close_early" });

  const title = await createPoll(productionId, ids.tomas!, {
    question: "Keep the title Les Veilleurs for the international release?",
    method: "plurality",
    options: [{ label: "Keep Les Veilleurs" }, { label: "The Night Watchers" }, { label: "Streetlights" }],
    closesAt: new Date(Date.now() + 12 * 3600_000),
    resultsVisibility: "after_vote",
    allowReason: true,
    // The poll a newcomer tries: sign up, confirm the mailed address, join, vote. No
    // time as a member, which would keep every newcomer out (docs/decisions/0022).
    requireConfirmedEmail: true,
    minMembershipHours: 0,
  });
  await castBallot(title.id, ids.aiko!, [{ option: title.options[0]!.key, rank: 1 }], "The French title is part of the film.");
  return posters;
}

const section = (heading: string, ...lines: string[]): Block[] => [
  { type: "heading", level: 2, text: heading },
  ...lines.map((text) => (text.startsWith("- ") ? { type: "bulletList", text: text.slice(2) } : { type: "paragraph", text })),
];

/**
 * The decision log: a decision superseded by a later one (with a note), the poster
 * chosen by the community's vote, one under discussion, and a draft; the week's note.
 */
async function seedDecisions(productionId: string, slug: string, ids: Record<string, string>, posterPoll: { id: string; question: string; description: string }) {
  const make = (author: string, title: string, tags: string[], text: Block[], extra: Partial<NewDecision> = {}) =>
    createDecision(productionId, ids[author]!, { title, tags, reviewOn: null, links: [], text, ...extra });
  const lyon = await make("margaux", "Shoot the street scenes in Lyon", ["shooting", "locations"], [
    ...section("Context", "The script needs a street of old lamps, a bakery and a bus terminus within walking distance."),
    ...section("Options considered", "- Lyon, Croix-Rousse", "- Saint-Étienne, Rue des Tanneurs", "- A studio backlot"),
    ...section("Decision", "We shoot in Lyon, Croix-Rousse."),
    ...section("Consequences", "We need permits from the city of Lyon for four nights."),
  ]);
  await proposeDecision(lyon.id, ids.margaux!);
  await decide(lyon.id, ids.tomas!, "accepted");
  await amendDecision(lyon.id, ids.margaux!, "The city refused night permits for the Croix-Rousse; see D-2.");
  const stEtienne = await make(
    "tomas",
    "Shoot the street scenes in Saint-Étienne",
    ["shooting", "locations"],
    [
      ...section("Context", "Lyon refused the night permits we needed (see the note on D-1). Saint-Étienne's Rue des Tanneurs still has its 1930s lamps."),
      ...section("Options considered", "- Saint-Étienne, Rue des Tanneurs", "- Postpone the shoot to spring"),
      ...section("Decision", "We shoot in Saint-Étienne, on four nights in March."),
      ...section("Consequences", "Samir records the lamps' hum on location; the crew travels by train."),
    ],
    { supersedesId: lyon.id },
  );
  await proposeDecision(stEtienne.id, ids.tomas!);
  await addComment(stEtienne.id, ids.aiko!, "The Rue des Tanneurs is narrow: we will need a smaller lighting rig.", null);
  await decide(stEtienne.id, ids.margaux!, "accepted");

  const results = await pollResults(posterPoll.id);
  const poster = await make("margaux", "The premiere poster is the community's choice", ["poster"], decisionTemplate(translator("en"), {
    question: posterPoll.question,
    description: posterPoll.description,
    results,
    url: `/p/${slug}/polls/${posterPoll.id}`,
  }), { pollId: posterPoll.id, links: [{ path: `/p/${slug}/polls/${posterPoll.id}`, label: posterPoll.question }] });
  await proposeDecision(poster.id, ids.margaux!);
  await decide(poster.id, ids.tomas!, "accepted");

  const subtitles = await make("aiko", "Subtitles in French, English and Japanese at the premiere", ["release", "subtitles"], [
    ...section("Context", "The premiere is in Saint-Étienne, but half of our community follows from abroad."),
    ...section("Options considered", "- French and English only", "- French, English and Japanese", "- Every language a volunteer translates"),
    ...section("Decision", "French, English and Japanese at the premiere; more languages as volunteers bring them."),
    ...section("Consequences", "Three subtitle tasks open for the community."),
  ]);
  await proposeDecision(subtitles.id, ids.aiko!);
  const question = await addComment(subtitles.id, ids.lena!, "Could we add German? I can translate.", null);
  await addComment(subtitles.id, ids.aiko!, "Yes — if it is ready two weeks before the premiere.", question);

  await make("samir", "Commission the score from the Saint-Étienne choir", ["music"], [
    ...section("Context", "The film needs a short score; the town choir offered to sing it."),
    ...section("Options considered", "- The choir", "- Free music under CC BY"),
    ...section("Decision", ""),
    ...section("Consequences", ""),
  ]);
  await saveWeeklyNote(productionId, isoWeekOf(new Date()), ids.margaux!, "A big week: the street scenes move to Saint-Étienne, and the community chose the poster.\n\nNext week: the subtitle languages.");
}

/** The production notes, written by two of its people, with a named version. */
async function seedNotes(productionId: string, ids: Record<string, string>) {
  const info = await resolveDocument(`notes:${productionId}`);
  if (!info) return;
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT);
  const block = (name: string, text: string, attrs: Record<string, string> = {}) => {
    const el = new Y.XmlElement(name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.insert(0, [new Y.XmlText(text)]);
    return el;
  };
  const write = async (author: string, nodes: Y.XmlElement[]) => {
    const before = Y.encodeStateVector(doc);
    fragment.insert(fragment.length, nodes);
    const update = Y.encodeStateAsUpdate(doc, before);
    await appendUpdates([{ docName: info.name, productionId, authorId: ids[author]!, update }]);
  };
  await write("margaux", [
    block("heading", "Where we are", { level: "2" }),
    block("paragraph", "Draft 2 of the script is open for comments until Friday. The poster vote closes on Sunday."),
    block("heading", "Locations to scout", { level: "2" }),
    block("paragraph", "Rue des Tanneurs at night: ask the town hall about switching one streetlight by hand."),
  ]);
  await createVersion(info.name, { label: "Before the first scouting", createdById: ids.margaux });
  await write("tomas", [
    block("paragraph", "The night bus depot on Avenue Jaurès lets us film after 1 a.m. on weekdays."),
    block("heading", "Open questions", { level: "2" }),
    block("paragraph", "Does Ana's bakery scene happen before or after the lamp flickers? Vote in the comments."),
  ]);
}

/** Seed the demo production unless it was seeded before (even if since deleted). */
export async function seedDemoOnce(): Promise<boolean> {
  const claimed = await db.$transaction(async (tx) => {
    // One process seeds; another starting at the same time waits and then skips.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727272)`;
    if (await tx.setting.findUnique({ where: { key: SEEDED } })) return false;
    await tx.setting.create({ data: { key: SEEDED, value: { at: new Date().toISOString() } } });
    return true;
    // The first start of a studio on a busy machine waited more than Prisma's default 2 s
    // for its first connection (P2028), and `npm start` stopped there.
  }, { maxWait: 30_000, timeout: 60_000 });
  if (!claimed) return false;
  try {
    await seedDemo();
  } catch (e) {
    await db.setting.delete({ where: { key: SEEDED } });
    throw e;
  }
  return true;
}
