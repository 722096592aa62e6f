// React Router's default server entry, plus the response's CSP nonce (app/lib/csp.ts):
// React Router puts it on the scripts and preloads it writes, React on its own
// streaming scripts.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { renderToPipeableStream, type RenderToPipeableStreamOptions } from "react-dom/server";
import { isRouteErrorResponse, ServerRouter, type EntryContext } from "react-router";
import { NONCE_HEADER } from "~/lib/csp";
import { isDatabaseUnreachable } from "~/lib/database-unreachable.server";
import { NonceContext, servesIslands } from "~/lib/visitor-page";

export const streamTimeout = 5_000;

/** Requests that failed because the database could not be reached: answered 503. */
const databaseUnreachable = new WeakSet<Request>();

export function handleError(error: unknown, { request }: { request: Request }) {
  if (isDatabaseUnreachable(error)) databaseUnreachable.add(request);
  // What React Router logs when an app has no handleError.
  if (request.signal.aborted) return;
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  console.error(cause ?? error);
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, routerContext: EntryContext) {
  if (databaseUnreachable.has(request)) {
    // For a moment, most likely: say so, rather than that the page is broken.
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "10");
  }
  // https://httpwg.org/specs/rfc9110.html#HEAD
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  const nonce = request.headers.get(NONCE_HEADER) ?? undefined;
  // A page that ships the islands, not the framework, carries no data for it to hydrate (decision 0058).
  const { matches, loaderData } = routerContext.staticHandlerContext;
  const signedIn = !!(loaderData.root as { viewer?: unknown } | undefined)?.viewer;
  if (servesIslands(matches.map((m) => ({ handle: routerContext.routeModules[m.route.id]?.handle })), signedIn)) {
    void routerContext.serverHandoffStream?.cancel();
    routerContext.serverHandoffStream = undefined;
  }

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    // Bots get the whole page at once.
    const readyOption: keyof RenderToPipeableStreamOptions = (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    // Abort after streamTimeout, leaving time to flush the rejected boundaries.
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(
      <NonceContext value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          responseHeaders.set("Content-Type", "text/html");
          pipe(body);
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors of the shell itself are logged by React Router.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}
