// What one person's presence state may hold: the fields the editors use and nothing else.
// The collaboration server refuses any other state (and closes its sender); the editors
// read remote states through the same schema, since a client of another studio version
// could still send one.
//
// A state is what y-protocols' awareness carries for one client, as JSON:
//   { user: { name, color }, cursor: { anchor, head } | null }
// `user` is set by the editor (LiveCarets) and overwritten by the server with the
// authenticated person; `cursor` is our caret as two Yjs relative positions (carets.ts).
import { z } from "zod";

/** The largest state accepted, as UTF-8 JSON. A caret and a name take about 200 bytes. */
export const MAX_PRESENCE_BYTES = 1024;

/** A Yjs ID: a client (uint32) and a clock. */
const yId = z.strictObject({
  client: z.number().int().min(0).max(0xffff_ffff),
  clock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/**
 * Y.RelativePosition as JSON (its own fields, or relativePositionToJSON's): inside a named
 * root type (`tname`) or a nested one (`type`), exactly one of them; after `item`, or at
 * the end when there is none.
 */
export const relativePositionSchema = z
  .strictObject({
    type: yId.nullable().optional(),
    tname: z.string().min(1).max(64).nullable().optional(),
    item: yId.nullable().optional(),
    assoc: z.number().int().min(-1).max(1).optional(),
  })
  .refine((p) => (p.type == null) !== (p.tname == null), "a position is in exactly one type");

export const presenceStateSchema = z.strictObject({
  user: z
    .strictObject({
      name: z.string().max(100),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    })
    .optional(),
  cursor: z.strictObject({ anchor: relativePositionSchema, head: relativePositionSchema }).nullable().optional(),
});

export type PresenceState = z.infer<typeof presenceStateSchema>;

const encoder = new TextEncoder();

/**
 * A state as received (its JSON text): the state if it is one the editors can use, null
 * for a client leaving, or an Error saying why it is refused.
 */
export function parsePresenceJson(json: string): PresenceState | null | Error {
  if (encoder.encode(json).length > MAX_PRESENCE_BYTES) return new Error(`presence state over ${MAX_PRESENCE_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return new Error("presence state is not JSON");
  }
  if (value === null) return null;
  const parsed = presenceStateSchema.safeParse(value);
  if (!parsed.success) return new Error(`presence state refused: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** A remote state as the awareness holds it (already parsed): usable, or null. */
export function readPresence(state: unknown): PresenceState | null {
  if (state === null || typeof state !== "object") return null;
  let json: string;
  try {
    json = JSON.stringify(state);
  } catch {
    return null;
  }
  const parsed = parsePresenceJson(json);
  return parsed instanceof Error ? null : parsed;
}
