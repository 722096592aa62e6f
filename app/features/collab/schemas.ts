// Each live document kind's editor schema, in one place: the editors build their
// extensions from here, and the server checks every update against the same schema
// (./validate.ts). Holds no DOM code: the server imports it.
import { getSchema, type AnyExtension } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import type { Schema } from "@tiptap/pm/model";
import type { DocumentKind } from "~/lib/policy";
import { screenplaySchema } from "~/features/script/schema";

/**
 * The rich-text editor's extensions (notes, decisions, wiki pages). With media (wiki
 * pages), tables and images; `image` replaces the plain image node by one that renders
 * only allowed addresses (same schema).
 */
export function richTextExtensions(media: { image?: AnyExtension } | null): AnyExtension[] {
  return [
    // Yjs keeps the history: the editor's own undo stack would fight it.
    StarterKit.configure({ undoRedo: false, link: { openOnClick: false } }),
    ...(media ? [TableKit.configure({ table: { resizable: false } }), media.image ?? Image] : []),
  ];
}

const schemas = new Map<string, Schema>();

/** The schema a document of this kind reads under. */
export function schemaFor(kind: DocumentKind): Schema {
  if (kind === "script") return screenplaySchema();
  const key = kind === "wiki" ? "media" : "plain";
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = getSchema(richTextExtensions(kind === "wiki" ? {} : null))));
  return schema;
}
