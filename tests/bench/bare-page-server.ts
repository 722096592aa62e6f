// The ceiling for tests/bench/pages.ts: React Router alone, server-rendering one static
// page of SIZE bytes (about the size of the production home) through the same Express
// handler as the studio (server/react-router.ts), no database, no middleware. Prints "listening <port>".
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import express from "express";
import { createElement as h } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { Links, Meta, Outlet, Scripts, ServerRouter, type EntryContext, type ServerBuild } from "react-router";
import { reactRouterHandler } from "../../server/react-router.ts";

const SIZE = Number(process.env.SIZE ?? 30_000);
const paragraph = "Les Veilleurs keep the lamps of a town that forgot the night. ".repeat(4);
const paragraphs = Array.from({ length: Math.max(1, Math.round(SIZE / (paragraph.length + 7))) }, (_, i) => h("p", { key: i }, paragraph));

const Layout = ({ children }: { children: React.ReactNode }) =>
  h("html", { lang: "en" }, h("head", null, h("meta", { charSet: "utf-8" }), h(Meta), h(Links)), h("body", null, children, h(Scripts)));
const Page = () => h("main", null, h("h1", null, "A page"), paragraphs);
const Root = () => h(Outlet);

function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(h(ServerRouter, { context, url: request.url }), {
      onShellReady() {
        const body = new PassThrough();
        headers.set("Content-Type", "text/html");
        pipe(body);
        resolve(new Response(createReadableStreamFromReadable(body), { headers, status }));
      },
      onShellError: reject,
    });
  });
}

const route = (id: string, parentId: string | undefined, path: string | undefined, index?: boolean) => ({
  id,
  parentId,
  path,
  index,
  caseSensitive: undefined,
  hasAction: false,
  hasLoader: false,
  hasClientAction: false,
  hasClientLoader: false,
  hasClientMiddleware: false,
  hasDefaultExport: true,
  hasErrorBoundary: false,
  module: `/assets/${id}.js`,
  imports: [],
  css: [],
  clientActionModule: undefined,
  clientLoaderModule: undefined,
  clientMiddlewareModule: undefined,
  hydrateFallbackModule: undefined,
});

const build = {
  entry: { module: { default: handleRequest } },
  routes: {
    root: { id: "root", parentId: undefined, path: "", index: undefined, caseSensitive: undefined, module: { default: Root, Layout } },
    page: { id: "page", parentId: "root", path: undefined, index: true, caseSensitive: undefined, module: { default: Page } },
  },
  assets: {
    entry: { module: "/assets/entry.js", imports: [], css: [] },
    routes: { root: route("root", undefined, ""), page: route("page", "root", undefined, true) },
    url: "/assets/manifest.js",
    version: "bare",
  },
  basename: "/",
  publicPath: "/",
  assetsBuildDirectory: "",
  future: {},
  ssr: true,
  isSpaMode: false,
  prerender: [],
  routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
  allowedActionOrigins: false,
} as unknown as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.all("/{*splat}", reactRouterHandler(build));
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
