// With several studio processes on one port (PROCESSES, decision 0063), every connection
// of one live document is served by the same process: the one its name hashes to. Its
// keystrokes then go from writer to readers in memory, not through PostgreSQL, and its
// limits count all of its connections. The kernel hands a connection to any process, so
// one that receives the upgrade of a document another holds passes the socket on, with
// the request as it was read (Node passes sockets between processes over their pipe).
import { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { docNameFromPath } from "./path.ts";

/** An upgrade request as read, to be served by process `to`. */
export type Handoff = { to: number; method: string; url: string; headers: IncomingMessage["headers"]; head: string };

export const isHandoff = (m: unknown): m is { collabHandoff: Handoff } => typeof m === "object" && m !== null && "collabHandoff" in m;

/** Which of `processes` serves the document of this upgrade URL (FNV-1a of its name). */
export function processFor(url: string | undefined, processes: number): number {
  const name = docNameFromPath(url);
  if (processes <= 1 || name === null) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % processes;
}

export function describeUpgrade(req: IncomingMessage, head: Buffer, to: number): { collabHandoff: Handoff } {
  return {
    collabHandoff: { to, method: req.method ?? "GET", url: req.url ?? "", headers: req.headers, head: head.toString("base64") },
  };
}

/** The request again, on the socket passed with it: what the websocket server and the admission read. */
export function rebuildUpgrade(h: Handoff, socket: Socket): { req: IncomingMessage; head: Buffer } {
  const req = new IncomingMessage(socket);
  req.method = h.method;
  req.url = h.url;
  req.headers = h.headers;
  req.complete = true;
  return { req, head: Buffer.from(h.head, "base64") };
}
