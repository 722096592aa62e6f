// The browser half of the production build, read as a page loads it: React Router's
// manifest (each route's module and the chunks it imports) and build/client-chunks.json
// (what each chunk is made of, written by vite.config.ts). Decision 0047.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const build = path.resolve(import.meta.dirname, "../../build");

type RouteEntry = { id: string; parentId?: string; module: string; imports?: string[] };
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, RouteEntry> };
type Chunk = { modules: string[]; imports: string[]; dynamicImports: string[] };

export function clientBuild() {
  const assets = path.join(build, "client", "assets");
  const file = readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No client build: run `npm run build` first.");
  const manifest = JSON.parse(readFileSync(path.join(assets, file), "utf8").replace(/^window\.__reactRouterManifest=/, "").replace(/;\s*$/, "")) as Manifest;
  const chunks = JSON.parse(readFileSync(path.join(build, "client-chunks.json"), "utf8")) as Record<string, Chunk>;

  /** Every chunk a page of this route loads before it runs: the entry, then each route from the root down, with their imports. */
  const routeChunks = (id: string): string[] => {
    const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
    const routes: RouteEntry[] = [];
    for (let route: RouteEntry | undefined = manifest.routes[id]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) routes.unshift(route);
    if (!routes.length) throw new Error(`no route ${id}`);
    for (const route of routes) for (const f of [route.module, ...(route.imports ?? [])]) files.add(f);
    return [...files];
  };

  /** The chunk holding a module of the app (its path from the project's root), with everything it imports statically. */
  const moduleChunks = (module: string): string[] => {
    const start = Object.keys(chunks).find((f) => chunks[f]!.modules.includes(module));
    if (!start) throw new Error(`no chunk holds ${module}`);
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const i of chunks[f]?.imports ?? []) visit(i);
    };
    visit(start);
    return [...seen];
  };

  /** "chunk: module" for each module of these chunks the test names. */
  const modulesIn = (files: string[], wanted: (module: string) => boolean) =>
    files.flatMap((f) => {
      const chunk = chunks[f];
      if (!chunk) throw new Error(`${f} is not in client-chunks.json (an older build?)`);
      return chunk.modules.filter(wanted).map((m) => `${f}: ${m}`);
    });

  const chunkOfUrl = (url: string) => {
    const f = new URL(url).pathname;
    return chunks[f] ? f : null;
  };

  return { routeChunks, moduleChunks, modulesIn, chunkOfUrl };
}

/** The editor: Tiptap and ProseMirror (with y-tiptap, their binding to Yjs). */
export const isEditorCode = (module: string) => /^(@tiptap\/|prosemirror-|y-prosemirror|@hocuspocus\/)/.test(module) || module.startsWith("app/features/collab/components/live-editor");
/** Yjs and its clients: what a live document needs even without an editor. */
export const isLiveDocumentCode = (module: string) => /^(yjs|y-websocket|y-protocols|y-indexeddb|lib0)$/.test(module);
