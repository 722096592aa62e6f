// The breakdown: scenes (from the script), their shots and the elements they need.
import { db } from "~/lib/db.server";
import type { BreakdownKind } from "./defaults";

export async function scenesOf(productionId: string) {
  return db.scene.findMany({
    where: { productionId },
    orderBy: [{ missingSince: { sort: "asc", nulls: "first" } }, { position: "asc" }],
    select: { id: true, number: true, heading: true, intExt: true, timeOfDay: true, eighths: true, characters: true, missingSince: true, previousHeading: true, _count: { select: { shots: true, tasks: true } } },
  });
}

export async function sceneFor(productionId: string, id: string) {
  return db.scene.findFirst({
    where: { id, productionId },
    include: {
      shots: { orderBy: { position: "asc" } },
      elements: { include: { element: { include: { wikiPage: { select: { slug: true, title: true } } } } } },
      tasks: { orderBy: { number: "asc" }, select: { number: true, title: true, status: { select: { key: true, name: true, isDone: true } } } },
    },
  });
}

export async function addShot(sceneId: string, description: string) {
  const last = await db.shot.findFirst({ where: { sceneId }, orderBy: { position: "desc" }, select: { position: true } });
  const position = (last?.position ?? 0) + 1;
  return db.shot.create({ data: { sceneId, position, number: String(position), description } });
}

export async function removeShot(sceneId: string, shotId: string) {
  await db.shot.deleteMany({ where: { id: shotId, sceneId } });
}

/** An element the scene needs; linked to the wiki page of the same title when there is one. */
export async function addElement(productionId: string, sceneId: string, kind: BreakdownKind, name: string) {
  const page = await db.wikiPage.findFirst({ where: { productionId, title: { equals: name, mode: "insensitive" } }, select: { id: true } });
  const element = await db.breakdownElement.upsert({
    where: { productionId_kind_name: { productionId, kind, name } },
    create: { productionId, kind, name, wikiPageId: page?.id ?? null },
    update: {},
    select: { id: true },
  });
  await db.sceneElement.createMany({ data: [{ sceneId, elementId: element.id }], skipDuplicates: true });
}

export async function removeElement(sceneId: string, elementId: string) {
  await db.sceneElement.deleteMany({ where: { sceneId, elementId } });
}
