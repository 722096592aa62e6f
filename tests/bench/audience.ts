// The silent part of collab-readers.ts's audience: read-only websocket connections that
// only receive, in a process of their own, as an audience sits on machines of its own.
// The process that types and times (the writers and the observed readers) is then not
// slowed by thousands of sockets it does not measure.
//
// Started by collab-readers.ts with fork(). Told to open readers a group at a time (the
// measuring process opens its own observed readers between the groups, so that they are
// spread over the order in which the studio serves a broadcast), it answers { t: "open" }
// once each group has opened (or was refused); told "count", it counts what arrives;
// told "stop", it answers its totals and ends. Not run by hand.
import type WebSocket from "ws";
import { openReaderSocket } from "./reader-socket.ts";

export type AudienceGroup = { url: string; origin: string; first: number; count: number; perAddress: number; atOnce: number };
export type AudienceOpen = { t: "open"; open: number; refused: Record<string, number> };
export type AudienceTotals = { t: "totals"; messages: number; bytes: number; stillOpen: number; closes: Record<string, number>; cpuSeconds: number };

let messages = 0;
let bytes = 0;
let counting = false;
const closes: Record<string, number> = {};
const refused: Record<string, number> = {};
const sockets: WebSocket[] = [];

const tally = { refused, closes };
const open = (setup: AudienceGroup, n: number) =>
  openReaderSocket(setup.url, setup.origin, `127.0.0.${2 + Math.floor(n / setup.perAddress)}`, tally, () => counting, (data) => {
    if (!counting) return;
    messages++;
    bytes += data.length;
  });

process.on("message", async (message: AudienceGroup | "count" | "stop") => {
  if (message === "count") {
    counting = true;
    return;
  }
  if (message === "stop") {
    counting = false;
    const cpu = process.cpuUsage();
    const totals: AudienceTotals = {
      t: "totals",
      messages,
      bytes,
      stillOpen: sockets.filter((ws) => ws.readyState === ws.OPEN).length,
      closes,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    process.send!(totals, () => {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    });
    return;
  }
  const setup = message;
  for (let n = setup.first; n < setup.first + setup.count; n += setup.atOnce) {
    const batch = await Promise.all(Array.from({ length: Math.min(setup.atOnce, setup.first + setup.count - n) }, (_, k) => open(setup, n + k)));
    for (const ws of batch) if (ws) sockets.push(ws);
  }
  const opened: AudienceOpen = { t: "open", open: sockets.length, refused };
  process.send!(opened);
});
