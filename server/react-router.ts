// Pages and actions: the Node request handed to React Router, as @react-router/express
// does it, except for the body. That is counted as it streams in and cut at the
// limit of the route it is for (app/lib/body-limit.ts), whatever Content-Length says
// or when there is none (chunked): the reader gets a 413 Response instead of more
// bytes, and an action that reads the form answers the error page with 413.
import type { IncomingMessage } from "node:http";
import { writeReadableStreamToWritable } from "@react-router/node";
import type express from "express";
import { createRequestHandler, matchRoutes, type RouteObject, type ServerBuild } from "react-router";
import { readCookie } from "../app/features/auth/session.ts";
import { bodyLimitOf, KiB, MiB, tooLargeResponse } from "../app/lib/body-limit.ts";
import { NONCE_HEADER } from "../app/lib/csp.ts";
import { localeCookie, negotiateLocale } from "../app/lib/i18n.ts";
import { matchesETag, pageKey, type CachedPage, type PageCache } from "./page-cache.ts";

/** After the answer, the rest of an unread body is read and dropped, up to this much, then the connection is closed. */
const DISCARD_BYTES = 8 * MiB;
const DISCARD_MS = 10_000;

type Body = { stream: ReadableStream<Uint8Array>; discardRest(): void };

/** The request's body as a stream that fails with 413 past `limit` bytes; memory holds at most ~64 kB of it. */
export function countedBody(req: IncomingMessage, limit: number): Body {
  let seen = 0;
  const tooLarge = () => tooLargeResponse(limit, negotiateLocale(readCookie(req.headers.cookie ?? null, localeCookie), req.headers["accept-language"] ?? null));
  let done = false; // ended, failed, or no longer wanted: later bytes are dropped
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (Number(req.headers["content-length"]) > limit) {
          done = true;
          controller.error(tooLarge());
          return;
        }
        req.on("data", (chunk: Buffer) => {
          if (done) return;
          seen += chunk.length;
          if (seen > limit) {
            done = true;
            req.pause();
            controller.error(tooLarge());
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => {
          if (!done) controller.close();
          done = true;
        });
        req.once("error", (e) => {
          if (!done) controller.error(e);
          done = true;
        });
      },
      pull() {
        if (!done) req.resume();
      },
      cancel() {
        done = true;
      },
    },
    { highWaterMark: 64 * KiB, size: (chunk) => chunk.byteLength },
  );
  return {
    stream,
    // The answer is sent: drop what is left so that the connection can serve the next
    // request, but never read a large body to its end.
    discardRest() {
      done = true;
      if (req.complete) return;
      let left = DISCARD_BYTES;
      const close = () => req.socket.destroy();
      const timer = setTimeout(close, DISCARD_MS);
      req.on("data", (chunk: Buffer) => {
        left -= chunk.length;
        if (left < 0) {
          clearTimeout(timer);
          close();
        }
      });
      req.once("end", () => clearTimeout(timer));
      req.once("close", () => clearTimeout(timer));
      req.resume();
    },
  };
}

type Matchable = RouteObject & { id: string };

function routeTree(routes: ServerBuild["routes"], parentId?: string): Matchable[] {
  return Object.values(routes)
    .filter((r) => r && r.parentId === parentId)
    .map((r) => {
      const children = routeTree(routes, r!.id);
      return { id: r!.id, path: r!.path, index: r!.index, caseSensitive: r!.caseSensitive, ...(children.length ? { children } : {}) } as Matchable;
    });
}

/** The body limit of the routes a path (or its single-fetch `.data` form) matches. */
export function bodyLimitFor(build: ServerBuild, tree: Matchable[], pathname: string): number {
  const path = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
  const matches = matchRoutes(tree, path) ?? [];
  return bodyLimitOf(matches.map((m) => build.routes[m.route.id!]?.module.handle));
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else headers.set(key, values);
  }
  return headers;
}

/** Pages the page cache may hold for anonymous visitors (docs/decisions/0050): what crowds read. */
const PUBLIC_PAGES = new Set(["routes/production", "routes/release", "routes/wiki.page", "routes/decision", "routes/explore", "routes/script"]);

// React Router flattens and ranks the whole route tree at each matchRoutes: a third of the
// CPU of a cached page's request (bench:pages). The answers, kept per path (a bounded map,
// emptied when full: paths come from anyone).
const publicPaths = new WeakMap<Matchable[], Map<string, boolean>>();
const PUBLIC_PATHS_KEPT = 10_000;

export function isPublicPage(build: ServerBuild, tree: Matchable[], pathname: string): boolean {
  const path = pathname.replace(/\.data$/, "");
  let known = publicPaths.get(tree);
  if (!known) publicPaths.set(tree, (known = new Map()));
  const answer = known.get(path);
  if (answer !== undefined) return answer;
  const leaf = matchRoutes(tree, path)?.at(-1);
  const found = leaf !== undefined && PUBLIC_PAGES.has(leaf.route.id!) && leaf.route.id! in build.routes;
  if (known.size >= PUBLIC_PATHS_KEPT) known.clear();
  known.set(path, found);
  return found;
}

async function send(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await writeReadableStreamToWritable(response.body, res);
  } catch (e) {
    if (!res.destroyed && !res.writableEnded) throw e;
  }
}

/** Says whether a public page came from memory (`hit`) or was rendered for this request and kept (`miss`). */
export const PAGE_CACHE_HEADER = "X-Page-Cache";

function sendCached(req: express.Request, res: express.Response, cache: PageCache, entry: CachedPage, nonce: string, hit: boolean) {
  res.setHeader(PAGE_CACHE_HEADER, hit ? "hit" : "miss");
  res.setHeader("ETag", entry.etag);
  res.setHeader("Cache-Control", cache.cacheControl(entry));
  // Language and zone come from these; a shared cache must key on them too.
  res.setHeader("Vary", "Accept-Language, Cookie");
  if (matchesETag(req.headers["if-none-match"], entry.etag)) {
    // The browser keeps the page it has, with the nonce it was sent with; a 304's headers
    // replace the stored ones, so a new nonce here would refuse every script of that page.
    res.removeHeader("Content-Security-Policy");
    res.status(304).end();
    return;
  }
  writeKept(res, entry, nonce);
}

/** A kept page's bytes, with this response's nonce where the page had its own. */
function writeKept(res: express.Response, entry: CachedPage, nonce: string) {
  res.status(entry.status);
  for (const [key, value] of entry.headers) res.append(key, value);
  const nonceBytes = Buffer.from(nonce);
  res.end(Buffer.concat(entry.parts.flatMap((part, i) => (i ? [nonceBytes, part] : [part]))));
}

/** A kept page while the database cannot be reached: for this visitor, stored by no one. */
function sendHeld(res: express.Response, entry: CachedPage, nonce: string) {
  res.setHeader(PAGE_CACHE_HEADER, "held");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Vary", "Accept-Language, Cookie");
  writeKept(res, entry, nonce);
}

/** `scopeOf`: whose writes end a public page at this path (server/page-invalidation.ts `pageScope`). */
export function reactRouterHandler(build: ServerBuild, cache?: PageCache, scopeOf: (pathname: string) => Promise<string | null> = async () => null): express.RequestHandler {
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  const tree = routeTree(build.routes);
  const render = async (req: express.Request, res: express.Response) => {
    const [, hostPort] = req.get("host")?.split(":") ?? [];
    const port = Number.parseInt(hostPort ?? "", 10);
    const host = `${req.hostname.split(/[\\/?#@]/)[0] || "localhost"}${Number.isSafeInteger(port) ? `:${port}` : ""}`;
    const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
    let controller: AbortController | null = new AbortController();
    res.on("finish", () => (controller = null));
    res.on("close", () => controller?.abort());
    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: headersOf(req), signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      const body = countedBody(req, bodyLimitFor(build, tree, url.pathname));
      res.once("finish", () => body.discardRest());
      init.body = body.stream;
      init.duplex = "half";
    }
    return { url, response: await handleRequest(new Request(url.href, init)) };
  };
  return async (req, res, next) => {
    try {
      const nonce = req.headers[NONCE_HEADER] as string;
      const key =
        cache?.enabled && isPublicPage(build, tree, req.path)
          ? pageKey({ method: req.method, origin: `${req.protocol}://${req.get("host") ?? ""}`, url: req.originalUrl, cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"] })
          : null;
      if (cache && key) {
        const { entry, rendered } = await cache.fill(
          key,
          nonce,
          async () => {
            const { response } = await render(req, res);
            return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
          },
          () => scopeOf(req.path),
        );
        if (res.destroyed || res.writableEnded) return;
        if (entry) return sendCached(req, res, cache, entry, nonce, rendered === undefined);
        if (rendered) {
          // Rendered here but not kept (a redirect, a 404, a change meanwhile): sent as it came.
          res.status(rendered.status);
          for (const [k, v] of rendered.headers) res.append(k, v);
          res.end(rendered.body);
          return;
        }
        // Another request's render was not kept: this one renders for itself, below.
      }
      const { response } = await render(req, res);
      if (res.destroyed || res.writableEnded) {
        await response.body?.cancel();
        return;
      }
      // The database cannot be reached just now (503): an anonymous visitor gets the page
      // this process kept when the change notifications stopped, if it kept one.
      const held =
        response.status === 503 && cache?.holding && isPublicPage(build, tree, req.path)
          ? cache.heldPage(pageKey({ method: req.method, origin: `${req.protocol}://${req.get("host") ?? ""}`, url: req.originalUrl, cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"] }) ?? "")
          : undefined;
      if (held) {
        await response.body?.cancel();
        return sendHeld(res, held, nonce);
      }
      // A page rendered for someone (signed in, or with a cookie of their own) is theirs alone.
      if (req.headers.cookie && !response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
      await send(res, response);
    } catch (e) {
      next(e);
    }
  };
}
