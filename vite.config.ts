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

export default defineConfig({
  plugins: [reactRouter(), scriptWorker()],
  resolve: { tsconfigPaths: true },
});
