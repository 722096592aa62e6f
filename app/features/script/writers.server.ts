// The "who wrote this" view of the screenplay (decision 0031): each element with the
// people who wrote it, and each scene with the decisions that link it. Computed here, on
// request, from the stored document: the live editor does nothing for it.
import { z } from "zod";
import { loadDocument } from "~/features/collab/store.server";
import { db } from "~/lib/db.server";
import { can, type Role, type User } from "~/lib/policy";
import type { Element } from "./model";
import { scriptReport } from "./reports";
import { scriptWithClients, writersOf } from "./writers";

export type LineWriter = { handle: string; displayName: string };
export type SceneFacts = { number: string; path: string | null; decisions: { number: number; title: string; status: string }[] };
export type WrittenLine = { element: Element; writers: LineWriter[]; unknown: boolean; scene: SceneFacts | null };

const linksSchema = z.array(z.object({ path: z.string(), label: z.string() })).catch([]);

/** A decision's link points at this scene's page (its address, with or without a query). */
export function linksScene(linkPath: string, scenePath: string): boolean {
  return linkPath === scenePath || linkPath.startsWith(`${scenePath}?`) || linkPath.startsWith(`${scenePath}/`);
}

export async function scriptWriters(docName: string, production: { id: string; slug: string }, user: User, role: Role | null) {
  const { doc } = await loadDocument(docName);
  const { script, clients } = scriptWithClients(doc);
  doc.destroy();

  const owners = new Map<number, string>();
  for (const row of await db.documentClient.findMany({ where: { docName }, select: { clientId: true, userId: true } })) owners.set(Number(row.clientId), row.userId);
  const attributed = clients.map((c) => writersOf(c, owners));
  // Public profiles only: a handle and a display name, as the credits show them.
  const people = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...new Set(attributed.flatMap((a) => a.writers.map((w) => w.userId)))] } },
        select: { id: true, handle: true, displayName: true },
      })
    ).map((u) => [u.id, { handle: u.handle, displayName: u.displayName }]),
  );

  // The tracker keeps a row for each scene of the script, in its order; decisions link
  // to that row's page.
  const report = scriptReport(script);
  const stored = await db.scene.findMany({ where: { productionId: production.id, missingSince: null }, orderBy: { position: "asc" }, select: { id: true, heading: true } });
  const unused = new Map<string, string[]>();
  for (const s of stored) unused.set(s.heading, [...(unused.get(s.heading) ?? []), s.id]);
  const decisions = (
    await db.decision.findMany({ where: { productionId: production.id }, orderBy: { number: "asc" }, select: { number: true, title: true, status: true, links: true } })
  ).filter((d) => can(user, "read", { type: "decision", role, status: d.status }));
  const scenes = new Map<number, SceneFacts>();
  report.scenes.forEach((s, i) => {
    // The row at the same place, unless the tracker has not caught up: then one with the same heading.
    const sameHeading = unused.get(s.heading) ?? [];
    const id = stored[i]?.heading === s.heading ? stored[i]!.id : sameHeading[0];
    if (id) unused.set(s.heading, sameHeading.filter((other) => other !== id));
    const path = id ? `/p/${production.slug}/tracker/scenes/${id}` : null;
    scenes.set(s.element, {
      number: s.number,
      path,
      decisions: path
        ? decisions.filter((d) => linksSchema.parse(d.links).some((l) => linksScene(l.path, path))).map((d) => ({ number: d.number, title: d.title, status: d.status }))
        : [],
    });
  });

  const lines: WrittenLine[] = script.elements.map((element, i) => {
    const { writers, unknown } = attributed[i]!;
    const known = writers.flatMap((w) => people.get(w.userId) ?? []);
    return { element, writers: known, unknown: unknown || known.length < writers.length, scene: scenes.get(i) ?? null };
  });
  return { titlePage: script.titlePage, lines };
}
