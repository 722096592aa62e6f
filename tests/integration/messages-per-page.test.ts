// Every message a page's code can show is in the browser build of that page (decision
// 0049): for each route with a page, the keys its module names, with those of every module
// of the app it imports (its loader's and action's too, a form's schema errors among them),
// must be in the message chunks its built modules load, or those of the routes around it.
// A miss shows the bare key to a person (the sign-up page once showed `field.handle`);
// this reads the production build, so it fails the day the build's rules miss one.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { en } from "~/lib/i18n/en";
import { messagesNamedIn } from "~/lib/i18n/named-messages";

const root = path.resolve(import.meta.dirname, "../..");
const app = path.join(root, "app");
const assets = path.join(root, "build/client/assets");
const keys = Object.keys(en);

type Manifest = { routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[]; hasDefaultExport: boolean }> };

function manifest(): Manifest {
  const file = readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error("no client build: run `npm run build` first");
  const text = readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
}

// The app's modules a module imports for its values, statically: `import type` brings no
// code, and a module imported lazily (the live editor) loads its own messages when it comes.
function importsOf(code: string, from: string): string[] {
  const found: string[] = [];
  for (const [statement, spec] of code.matchAll(/(?:\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?|\bexport\s*[\w*{}\s,$]+?\s*from\s*)["']((?:~\/|\.{1,2}\/)[^"']+)["']/g)) {
    if (!spec || /^(import|export)\s+type\b/.test(statement)) continue;
    const base = spec.startsWith("~/") ? path.join(app, spec.slice(2)) : path.resolve(path.dirname(from), spec);
    const file = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => /\.tsx?$/.test(f) && existsSync(f));
    if (file) found.push(file);
  }
  return found;
}

/** The keys a module's source names, with those of every module of the app it imports (not the catalogues). */
function keysNamedFrom(entry: string): Set<string> {
  const named = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || file.startsWith(path.join(app, "lib/i18n"))) return;
    seen.add(file);
    const code = readFileSync(file, "utf8");
    for (const key of messagesNamedIn(code, keys)) named.add(key);
    for (const imported of importsOf(code, file)) visit(imported);
  };
  visit(entry);
  return named;
}

/** The English messages a built module and its static imports load: chunks `….tsx.en-….js`. */
async function keysLoadedFrom(modules: string[]): Promise<Set<string>> {
  const loaded = new Set<string>();
  const seen = new Set<string>();
  const queue = modules.map((m) => path.join(root, "build/client", m));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, "utf8");
    for (const [, chunk] of code.matchAll(/import\(\s*[`"']\.\/([^`"']+\.tsx?\.en-[\w-]+\.js)[`"']\s*\)/g)) {
      const messages = ((await import(pathToFileURL(path.join(path.dirname(file), chunk!)).href)) as { default: Record<string, string> }).default;
      for (const key of Object.keys(messages)) loaded.add(key);
    }
    for (const [, spec] of code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.\/[^"'`]+\.js)["'`]/g)) queue.push(path.join(path.dirname(file), spec!));
  }
  return loaded;
}

describe("messages per page in the browser build", () => {
  it("every key a page's route names, through its loader, action and components, is loaded with the page", async () => {
    const { routes } = manifest();
    const missing: string[] = [];
    let pages = 0;
    for (const route of Object.values(routes)) {
      const source = path.join(app, `${route.id}.tsx`);
      if (!route.hasDefaultExport || !existsSync(source)) continue;
      pages++;
      // The page's own modules, and those of the layouts it renders in.
      const modules: string[] = [];
      for (let r: typeof route | undefined = route; r; r = r.parentId ? routes[r.parentId] : undefined) modules.push(r.module, ...(r.imports ?? []));
      const loaded = await keysLoadedFrom(modules);
      for (const key of keysNamedFrom(source)) if (!loaded.has(key)) missing.push(`${route.id}: ${key}`);
    }
    expect(pages).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
