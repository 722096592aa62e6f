// Worker thread of collab-fanout.ts: holds the idle readers' connections and counts what
// they receive, so that the bench's own event loop is left to the editors and observers.
// A reader refused or failing to open ends the worker with its error (the bench's
// failure); "stop" is answered with the counts, then the readers are closed.
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

export type ReadersData = {
  urls: string[];
  headers: Record<string, string>;
  /** one per reader (Claquette); none for the reference */
  cookies: string[] | null;
};
export type ReadersOpen = { open: number };
export type ReadersReport = { received: number; closed: number };

const { urls, headers, cookies } = workerData as ReadersData;
const readers: WebSocket[] = [];
let received = 0;
for (const [i, url] of urls.entries()) {
  const cookie = cookies?.[i];
  readers.push(
    await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) }, perMessageDeflate: false });
      ws.on("message", () => received++);
      ws.on("open", () => resolve(ws));
      ws.on("error", reject);
      ws.on("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    }),
  );
}
parentPort!.postMessage({ open: readers.length } satisfies ReadersOpen);
parentPort!.once("message", () => {
  const closed = readers.filter((ws) => ws.readyState !== ws.OPEN).length;
  for (const ws of readers) ws.terminate();
  parentPort!.postMessage({ received, closed } satisfies ReadersReport);
});
