// TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For is believed. Without it the
// socket's address is the client's; behind a proxy every client would then share the
// proxy's address, and the per-address limits (sign-up, login, password reset) would
// stop everyone at once.
import { BlockList, isIP } from "node:net";

/** "127.0.0.1, 10.0.0.0/8 ::1" → a list to check addresses against; null if an entry is not an address or a range. */
export function parseTrustedProxies(value: string | undefined): BlockList | null {
  const list = new BlockList();
  for (const entry of (value ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address ?? "");
    if (!family || extra !== undefined) return null;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return null;
    list.addSubnet(address!, prefix, type);
  }
  return list;
}

/** An IPv4 address as a dual-stack socket reports it ("::ffff:127.0.0.1") reads as IPv4. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's, or, while that is a trusted proxy, the address the
 * proxy says it got the request from (X-Forwarded-For is read from its right end: the
 * entries further left were written by whoever sent the request and prove nothing).
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, proxies: BlockList): string {
  let address = plain(socketAddress ?? "");
  if (!address) return "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  while (trusted(proxies, address) && hops.length) {
    const next = hops.pop()!;
    if (!isIP(next)) break; // not an address: keep the last one we can vouch for
    address = next;
  }
  return address;
}
