import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { reactRouter } from "@react-router/dev/vite";
import { visualizer } from "rollup-plugin-visualizer";
import { defineConfig, type Plugin, type PluginOption } from "vite";
import { en } from "./app/lib/i18n/en.ts";
import { fr } from "./app/lib/i18n/fr.ts";
import { localImports, messagesNamedIn } from "./app/lib/i18n/named-messages.ts";

/**
 * The worker that reads uploaded Fountain files (app/features/script/file-worker.server.ts)
 * is bundled beside the server build as build/server/script-worker.js.
 */
function scriptWorker(): Plugin {
  return {
    name: "claquette:script-worker",
    apply: "build",
    applyToEnvironment: (environment) => environment.name === "ssr",
    buildStart() {
      this.emitFile({ type: "chunk", id: fileURLToPath(new URL("./app/features/script/script-worker.ts", import.meta.url)), fileName: "script-worker.js" });
    },
  };
}

/**
 * A browser gets its page's language only: app/lib/i18n.ts reads the catalogues from
 * ./i18n/catalogs, both languages on the server, swapped here in the client build for
 * the one loaded before hydration (docs/decisions/0039).
 */
function oneLanguagePerPage(): Plugin {
  const i18n = fileURLToPath(new URL("./app/lib/i18n.ts", import.meta.url));
  const browserCatalogs = fileURLToPath(new URL("./app/lib/i18n/catalogs.browser.ts", import.meta.url));
  return {
    name: "claquette:one-language-per-page",
    enforce: "pre",
    applyToEnvironment: (environment) => environment.name === "client",
    resolveId(source, importer) {
      if (source === "./i18n/catalogs" && importer === i18n) return browserCatalogs;
      return null;
    },
  };
}

/**
 * `BUNDLE_REPORT=1 npm run build` also writes what each browser chunk is made of
 * (build/bundle-report.html and .json, sizes gzipped): where to look before cutting.
 */
function bundleReport(): PluginOption[] {
  if (!process.env.BUNDLE_REPORT) return [];
  return (["treemap", "raw-data"] as const).map((template) => {
    const plugin = visualizer({ template, filename: `build/bundle-report.${template === "treemap" ? "html" : "json"}`, gzipSize: true });
    return { ...plugin, applyToEnvironment: (environment: { name: string }) => environment.name === "client" } as PluginOption;
  });
}

/**
 * What each browser chunk is made of, as build/client-chunks.json (beside build/client, so
 * it is not served): the packages (`@tiptap/core`, `yjs`) and app files bundled in each
 * chunk, and the chunks it imports, statically and lazily. tests/integration/page-weight.test.ts
 * reads it with React Router's manifest to keep editor code off the read routes
 * (docs/decisions/0047).
 */
function chunkModules(): Plugin {
  const root = fileURLToPath(new URL("./", import.meta.url));
  const nameOf = (id: string) => {
    const file = id.replace(/^\0/, "").split("?")[0]!;
    const inPackage = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (inPackage) return inPackage[1]!;
    return file.startsWith(root) ? relative(root, file) : file;
  };
  return {
    name: "claquette:chunk-modules",
    apply: "build",
    applyToEnvironment: (environment) => environment.name === "client",
    writeBundle(options, bundle) {
      const chunks: Record<string, { modules: string[]; imports: string[]; dynamicImports: string[] }> = {};
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        chunks[`/${output.fileName}`] = {
          modules: [...new Set(Object.keys(output.modules).map(nameOf))].sort(),
          imports: output.imports.map((file) => `/${file}`),
          dynamicImports: output.dynamicImports.map((file) => `/${file}`),
        };
      }
      writeFileSync(resolve(options.dir ?? resolve(root, "build/client"), "../client-chunks.json"), `${JSON.stringify(chunks, null, 1)}\n`);
    },
  };
}

/**
 * A browser gets the messages its page's modules name, not the whole catalogue
 * (docs/decisions/0049). Each module of the app that names messages starts, in the client
 * build, by waiting for its own messages in the page's language (a small chunk per module
 * and language; catalogs.browser.ts loads it): a route module is imported before its page
 * renders, so the words are there first. A module's messages are the keys its source names,
 * with those of the server modules it imports (its loader's and action's: the keys they
 * send back, a form's errors say, are shown by the page).
 */
function messagesPerModule(): Plugin {
  const root = fileURLToPath(new URL("./", import.meta.url));
  const app = resolve(root, "app");
  const i18n = resolve(app, "lib/i18n");
  const catalogues = { en: en as Record<string, string>, fr: fr as Record<string, string> };
  const keys = Object.keys(en);
  const prefix = "virtual:claquette-messages/";
  const named = new Map<string, Set<string>>();

  const fileOf = (spec: string, from: string) => {
    const base = spec.startsWith("~/") ? resolve(app, spec.slice(2)) : resolve(dirname(from), spec);
    return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => /\.tsx?$/.test(f) && existsSync(f));
  };
  // The keys a server module names, with those of every module of the app it imports.
  const serverKeys = new Map<string, Set<string>>();
  function keysOfServerModule(file: string, seen: Set<string>): Set<string> {
    const known = serverKeys.get(file);
    if (known) return known;
    if (seen.has(file)) return new Set();
    seen.add(file);
    const code = readFileSync(file, "utf8");
    const found = messagesNamedIn(code, keys);
    for (const spec of localImports(code)) {
      const imported = fileOf(spec, file);
      if (imported && !imported.startsWith(i18n)) for (const key of keysOfServerModule(imported, seen)) found.add(key);
    }
    serverKeys.set(file, found);
    return found;
  }

  return {
    name: "claquette:messages-per-module",
    enforce: "pre",
    applyToEnvironment: (environment) => environment.name === "client",
    resolveId(source) {
      return source.startsWith(prefix) ? `\0${source}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return null;
      // "\0virtual:claquette-messages/app/routes/home.tsx.en.js" (its chunk: home.tsx.en-….js).
      const [, path = "", lang = ""] = /^(.*)\.(en|fr)\.js$/.exec(id.slice(prefix.length + 1)) ?? [];
      const catalogue = catalogues[lang as "en" | "fr"];
      const messages = Object.fromEntries([...(named.get(path) ?? [])].map((key) => [key, catalogue[key] ?? en[key as keyof typeof en]]));
      return `export default ${JSON.stringify(messages)};`;
    },
    transform(code, id) {
      if (id.includes("?") || !id.startsWith(app) || !/\.tsx?$/.test(id) || id.includes(".server.")) return null;
      if (id.startsWith(i18n) || id === resolve(app, "lib/i18n.ts")) return null;
      // A resource route (a .ts route: a file, a feed) renders nothing in a browser.
      if (id.startsWith(resolve(app, "routes")) && id.endsWith(".ts")) return null;
      const found = messagesNamedIn(code, keys);
      // A route's loader and action may use plain modules too (a form's schema, whose
      // messages the page shows as errors): the client build drops those imports with the
      // action, so their keys are taken here. Components (.tsx) bring their own.
      const route = id.startsWith(resolve(app, "routes"));
      for (const spec of localImports(code)) {
        const file = spec.includes(".server") || route ? fileOf(spec, id) : undefined;
        if (file && (spec.includes(".server") || file.endsWith(".ts"))) for (const key of keysOfServerModule(file, new Set())) found.add(key);
      }
      if (!found.size) return null;
      const path = relative(root, id);
      named.set(path, found);
      const load = (lang: string) => `${lang}: () => import(${JSON.stringify(`${prefix}${path}.${lang}.js`)})`;
      const header = `import { loadMessages as __loadMessages } from "~/lib/i18n/catalogs.browser";\nawait __loadMessages({ ${load("en")}, ${load("fr")} });\n`;
      return { code: header + code, map: null };
    },
  };
}

/**
 * A visitor's reading page ships no framework, only app/islands/visitor.ts (decision 0058):
 * built as an entry of its own in the client build, its file named to the server by
 * `virtual:visitor-islands` (the client is built first). The dev server serves the source.
 */
function visitorIslands(): Plugin {
  const entry = fileURLToPath(new URL("./app/islands/visitor.ts", import.meta.url));
  const id = "virtual:visitor-islands";
  let file = "/app/islands/visitor.ts";
  let ref: string | undefined;
  return {
    name: "claquette:visitor-islands",
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load: (loaded) => (loaded === `\0${id}` ? `export default ${JSON.stringify(file)};` : null),
    buildStart() {
      if (this.environment.name === "client" && this.environment.mode === "build") ref = this.emitFile({ type: "chunk", id: entry, name: "visitor-islands" });
    },
    generateBundle() {
      if (ref && this.environment.name === "client") file = `/${this.getFileName(ref)}`;
    },
  };
}

export default defineConfig({
  plugins: [oneLanguagePerPage(), messagesPerModule(), reactRouter(), scriptWorker(), visitorIslands(), chunkModules(), ...bundleReport()],
  resolve: { tsconfigPaths: true },
});
