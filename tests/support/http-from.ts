// HTTP requests from a chosen loopback address. On Linux the whole of 127.0.0.0/8 is
// the machine itself, so a test can be "another client" (the studio sees the TCP
// peer's address) by binding 127.0.0.2, 127.0.0.3, … as the local end.
import http from "node:http";

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

export function requestFrom(
  localAddress: string,
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, localAddress, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const used = new Set<string>();
/** A loopback address that no other request of this run is likely to have used. */
export function freshAddress(): string {
  for (;;) {
    const octet = () => 1 + Math.floor(Math.random() * 254);
    const address = `127.${octet()}.${octet()}.${octet()}`;
    if (!used.has(address)) {
      used.add(address);
      return address;
    }
  }
}

/** The value of a Set-Cookie for `name`, if the answer sets one. */
export function setCookie(answer: Answer, name: string): string | undefined {
  for (const line of answer.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    if (pair?.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return undefined;
}
