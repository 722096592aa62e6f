import { fileURLToPath } from "node:url";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig, type Plugin } from "vite";

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

export default defineConfig({
  plugins: [oneLanguagePerPage(), reactRouter(), scriptWorker()],
  resolve: { tsconfigPaths: true },
});
