// A collaboration server of a test's own (limits and timings of its choosing), on a
// free port of this machine, beside the studio under test and its database.
import http from "node:http";
import type net from "node:net";
import { createCollabServer, type CollabOptions } from "../../server/collab/index.ts";

export async function startCollabServer(options: Omit<CollabOptions, "publicUrl" | "log">) {
  const server = http.createServer((_req, res) => res.end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  /** what the server logged */
  const logged: string[] = [];
  const collab = await createCollabServer({ ...options, publicUrl: base, log: (line) => logged.push(line) });
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));
  const stop = async () => {
    await collab.shutdown();
    server.close();
  };
  return { base, collab, logged, stop };
}
