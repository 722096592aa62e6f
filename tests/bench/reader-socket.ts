// One anonymous reader of a live document for the benchmarks: a raw websocket that only
// receives, from a loopback address of its own (visitors are counted per address).
import WebSocket from "ws";

export type ReaderTally = { refused: Record<string, number>; closes: Record<string, number> };

/** Resolves once open, or with null when refused (counted); closes are counted while `counting()`. */
export function openReaderSocket(url: string, origin: string, localAddress: string, tally: ReaderTally, counting: () => boolean, onMessage: (data: Buffer) => void): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { Origin: origin }, perMessageDeflate: false, localAddress });
    ws.on("message", onMessage);
    ws.on("open", () => resolve(ws));
    ws.on("close", (code) => {
      if (counting()) tally.closes[code] = (tally.closes[code] ?? 0) + 1;
    });
    ws.on("error", (e) => {
      tally.refused[e.message] = (tally.refused[e.message] ?? 0) + 1;
      resolve(null);
    });
    ws.on("unexpected-response", (_req, res) => {
      tally.refused[`HTTP ${res.statusCode}`] = (tally.refused[`HTTP ${res.statusCode}`] ?? 0) + 1;
      ws.terminate();
      resolve(null);
    });
  });
}
