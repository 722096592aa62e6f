// The shooting schedule: shoot days in date order, the scenes shot on each (a stripboard,
// in shooting order), the scenes not scheduled yet, and a day's call sheet. A scene is on
// one day at most: every change of place goes through `placeScene`, which takes the
// production's schedule lock, removes the scene from wherever it was and appends it.
import { z } from "zod";
import { optionalText } from "~/lib/forms";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// ─── strips ─────────────────────────────────────────────────────────────────

/** A length in eighths of a page as stripboards write it: "3/8", "1", "1 3/8" (eighths are never reduced). */
export function formatEighths(eighths: number): string {
  const n = Math.max(0, Math.round(eighths));
  const whole = Math.floor(n / 8);
  const rest = n % 8;
  if (!rest) return String(whole);
  return whole ? `${whole} ${rest}/8` : `${rest}/8`;
}

export type Light = "day" | "night";
/** Headings' times of day read as night (English and French); everything else shoots as day. */
const nightWords = /\b(NIGHT|MIDNIGHT|EVENING|DUSK|NUIT|MINUIT|SOIR|CR[EÉ]PUSCULE)\b/;
/** Times of day that continue the previous scene's light. */
const carryWords = /\b(CONTINUOUS|CONTINUING|SAME|LATER|MOMENTS LATER|SUITE|CONTINU|M[EÊ]ME MOMENT|PLUS TARD)\b/;

/**
 * Day or night for each scene, in script order: a "CONTINUOUS" or "LATER" scene is lit like
 * the scene before it, as the stripboard colours it.
 */
export function lightsOf(scenes: readonly { id: string; timeOfDay: string }[]): Map<string, Light> {
  const lights = new Map<string, Light>();
  let previous: Light = "day";
  for (const s of scenes) {
    const time = s.timeOfDay.toUpperCase();
    const light: Light = nightWords.test(time) ? "night" : time && carryWords.test(time) ? previous : time ? "day" : previous;
    lights.set(s.id, light);
    previous = light;
  }
  return lights;
}

/** The strip's colour class: INT day white, EXT day yellow, INT night blue, EXT night green. */
export function stripKind(intExt: string | null, light: Light): `${"int" | "ext"}-${Light}` {
  return `${intExt && intExt.includes("EXT") ? "ext" : "int"}-${light}`;
}

const sceneFields = { id: true, number: true, heading: true, intExt: true, location: true, timeOfDay: true, eighths: true, characters: true, position: true, missingSince: true } as const;
type SceneRow = { id: string; number: string; heading: string; intExt: string | null; location: string; timeOfDay: string; eighths: number; characters: string[]; position: number; missingSince: Date | null };

export type Strip = {
  id: string;
  number: string;
  heading: string;
  /** the set, the heading without INT/EXT and time of day */
  location: string;
  intExt: string | null;
  timeOfDay: string;
  light: Light;
  kind: ReturnType<typeof stripKind>;
  eighths: number;
  pages: string;
  characters: string[];
  /** cut from the script since it was scheduled */
  cut: boolean;
};

function toStrip(s: SceneRow, lights: Map<string, Light>): Strip {
  const light = lights.get(s.id) ?? "day";
  return {
    id: s.id,
    number: s.number,
    heading: s.heading,
    location: s.location || s.heading,
    intExt: s.intExt,
    timeOfDay: s.timeOfDay,
    light,
    kind: stripKind(s.intExt, light),
    eighths: s.eighths,
    pages: formatEighths(s.eighths),
    characters: s.characters,
    cut: s.missingSince !== null,
  };
}

const dayOrder = [{ date: "asc" }, { callTime: "asc" }, { id: "asc" }] as const;

async function scenesOf(productionId: string) {
  const scenes = await db.scene.findMany({ where: { productionId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: sceneFields });
  return { byId: new Map(scenes.map((s) => [s.id, s])), lights: lightsOf(scenes), scenes };
}

/** Every shoot day in date order with its strips and page count, then the scenes still to schedule. */
export async function scheduleOf(productionId: string) {
  const [days, { byId, lights, scenes }] = await Promise.all([
    db.shootDay.findMany({
      where: { productionId },
      orderBy: [...dayOrder],
      select: { id: true, date: true, callTime: true, location: true, notes: true, scenes: { orderBy: [{ position: "asc" }, { sceneId: "asc" }], select: { sceneId: true } } },
    }),
    scenesOf(productionId),
  ]);
  const scheduled = new Set<string>();
  const shootDays = days.map((d, i) => {
    const strips = d.scenes.flatMap((r) => {
      const s = byId.get(r.sceneId);
      if (!s) return [];
      scheduled.add(s.id);
      return [toStrip(s, lights)];
    });
    const eighths = strips.reduce((sum, s) => sum + s.eighths, 0);
    return {
      id: d.id,
      n: i + 1,
      date: d.date,
      dateValue: d.date.toISOString().slice(0, 10),
      callTime: d.callTime,
      location: d.location,
      notes: d.notes,
      strips,
      eighths,
      pages: formatEighths(eighths),
    };
  });
  const unscheduled = scenes.filter((s) => s.missingSince === null && !scheduled.has(s.id)).map((s) => toStrip(s, lights));
  return { days: shootDays, unscheduled, unscheduledPages: formatEighths(unscheduled.reduce((sum, s) => sum + s.eighths, 0)) };
}

// ─── the day's call sheet ───────────────────────────────────────────────────

/** One day's call sheet: the day, its scenes with pages and cast, the cast list, and the crew. */
export async function callSheetOf(productionId: string, dayId: string) {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(dayId)) notFound();
  const [day, days, { byId, lights }, crew] = await Promise.all([
    db.shootDay.findFirst({
      where: { id: dayId, productionId },
      select: { id: true, date: true, callTime: true, location: true, notes: true, scenes: { orderBy: [{ position: "asc" }, { sceneId: "asc" }], select: { sceneId: true } } },
    }),
    db.shootDay.findMany({ where: { productionId }, orderBy: [...dayOrder], select: { id: true } }),
    scenesOf(productionId),
    db.membership.findMany({
      where: { productionId, role: { in: ["producer", "crew"] } },
      orderBy: [{ role: "asc" }, { joinedAt: "asc" }],
      select: { role: true, user: { select: { handle: true, displayName: true } } },
    }),
  ]);
  if (!day) notFound();
  const strips = day.scenes.flatMap((r) => {
    const s = byId.get(r.sceneId);
    return s ? [toStrip(s, lights)] : [];
  });
  // The cast list, numbered in order of first appearance that day, as call sheets number it.
  const cast = new Map<string, string[]>();
  for (const s of strips) for (const c of s.characters) cast.set(c, [...(cast.get(c) ?? []), s.number]);
  const eighths = strips.reduce((sum, s) => sum + s.eighths, 0);
  const index = days.findIndex((d) => d.id === day.id);
  return {
    day: { id: day.id, n: index + 1, of: days.length, date: day.date, callTime: day.callTime, location: day.location, notes: day.notes },
    strips,
    eighths,
    pages: formatEighths(eighths),
    cast: [...cast].map(([name, scenes]) => ({ name, scenes })),
    crew: crew.map((m) => ({ role: m.role, handle: m.user.handle, displayName: m.user.displayName })),
    previous: days[index - 1]?.id ?? null,
    next: days[index + 1]?.id ?? null,
  };
}

// ─── changes (crew and producers; the route asks the policy first) ──────────

const dateText = z
  .string()
  .trim()
  .min(1, "field.required")
  .transform((v, ctx) => {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(NaN);
    // "2027-02-30" parses to 2 March: refused, not moved.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== v) {
      ctx.addIssue({ code: "custom", message: "schedule.form.dateInvalid" });
      return z.NEVER;
    }
    return date;
  });

/** A shoot day as the form sends it. Times are local to the shoot, "07:30" (seconds dropped). */
export const dayFormSchema = z.object({
  date: dateText,
  callTime: z
    .string()
    .trim()
    .min(1, "field.required")
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, "schedule.form.timeInvalid")
    .transform((v) => v.slice(0, 5)),
  location: optionalText(200),
  notes: optionalText(2000),
});
export type DayInput = z.infer<typeof dayFormSchema>;
export const dayFormFields = ["date", "callTime", "location", "notes"] as const;

/** Ids posted by the schedule's buttons. */
export const idSchema = z.string().trim().min(1, "field.required").max(40, "field.tooLong:40");
export const moveSchema = z.object({ sceneId: idSchema, direction: z.enum(["up", "down"], "field.choice") });
export const placeSchema = z.object({ sceneId: idSchema, dayId: idSchema });

/** A production has a few hundred shoot days at most: more is a runaway script. */
export const MAX_DAYS = 500;

/** One schedule change at a time per production, so that positions and "one day per scene" hold. */
async function lock(tx: Tx, productionId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`schedule:${productionId}`}))`;
}

export async function createDay(productionId: string, input: DayInput): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await lock(tx, productionId);
    if ((await tx.shootDay.count({ where: { productionId } })) >= MAX_DAYS) return null;
    const day = await tx.shootDay.create({ data: { productionId, ...input }, select: { id: true } });
    return day.id;
  });
}

/** False when the day is not (or no longer) in this production. */
export async function updateDay(productionId: string, dayId: string, input: DayInput): Promise<boolean> {
  const { count } = await db.shootDay.updateMany({ where: { id: dayId, productionId }, data: input });
  return count === 1;
}

/** The day goes; its scenes go back to the unscheduled list. */
export async function deleteDay(productionId: string, dayId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lock(tx, productionId);
    const { count } = await tx.shootDay.deleteMany({ where: { id: dayId, productionId } });
    return count === 1;
  });
}

/**
 * Put a scene at the end of a day, taking it off any other day. Scenes cut from the script
 * are not scheduled anew. False when the scene or the day is not in this production.
 */
export async function placeScene(productionId: string, sceneId: string, dayId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lock(tx, productionId);
    const [scene, day] = await Promise.all([
      tx.scene.findFirst({ where: { id: sceneId, productionId }, select: { id: true, missingSince: true } }),
      tx.shootDay.findFirst({ where: { id: dayId, productionId }, select: { id: true } }),
    ]);
    if (!scene || !day || scene.missingSince !== null) return false;
    if (await tx.shootDayScene.findFirst({ where: { sceneId, dayId }, select: { sceneId: true } })) return true;
    await tx.shootDayScene.deleteMany({ where: { sceneId } });
    const last = await tx.shootDayScene.findFirst({ where: { dayId }, orderBy: { position: "desc" }, select: { position: true } });
    await tx.shootDayScene.create({ data: { dayId, sceneId, position: (last?.position ?? -1) + 1 } });
    return true;
  });
}

/** Take a scene off the schedule. */
export async function unscheduleScene(productionId: string, sceneId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lock(tx, productionId);
    const { count } = await tx.shootDayScene.deleteMany({ where: { sceneId, day: { productionId } } });
    return count > 0;
  });
}

/** Move a scene one place earlier or later in its day's shooting order. */
export async function moveScene(productionId: string, sceneId: string, direction: "up" | "down"): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lock(tx, productionId);
    const row = await tx.shootDayScene.findFirst({ where: { sceneId, day: { productionId } }, select: { dayId: true } });
    if (!row) return false;
    const order = (await tx.shootDayScene.findMany({ where: { dayId: row.dayId }, orderBy: [{ position: "asc" }, { sceneId: "asc" }], select: { sceneId: true } })).map((r) => r.sceneId);
    const from = order.indexOf(sceneId);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return true; // already first or last
    [order[from], order[to]] = [order[to]!, order[from]!];
    // Renumbered 0…n-1: positions stay dense whatever happened before.
    for (const [position, id] of order.entries()) await tx.shootDayScene.update({ where: { dayId_sceneId: { dayId: row.dayId, sceneId: id } }, data: { position } });
    return true;
  });
}
