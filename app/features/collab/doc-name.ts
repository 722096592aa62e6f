// Live document names: "<kind>:<id>" (DESIGN.md). Checked at every boundary.
import { z } from "zod";
import type { DocumentKind } from "~/lib/policy";

export const documentKinds = ["notes", "script", "decision", "wiki"] as const satisfies readonly DocumentKind[];

const docName = z
  .string()
  .max(80)
  .regex(/^(notes|script|decision|wiki):[a-z0-9]{20,40}$/);

export function parseDocName(name: string): { kind: DocumentKind; id: string } | null {
  if (!docName.safeParse(name).success) return null;
  const [kind, id] = name.split(":") as [DocumentKind, string];
  return { kind, id };
}

export function docNameFor(kind: DocumentKind, id: string): string {
  return `${kind}:${id}`;
}
