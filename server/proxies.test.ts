import { describe, expect, it } from "vitest";
import { clientAddressOf, parseTrustedProxies } from "./proxies";

describe("TRUSTED_PROXIES", () => {
  it("reads addresses and ranges, IPv4 and IPv6, and refuses anything else", () => {
    expect(parseTrustedProxies(undefined)).not.toBeNull();
    expect(parseTrustedProxies("127.0.0.1, 10.0.0.0/8 ::1 fd00::/8")).not.toBeNull();
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3.4/8/8", "300.1.1.1"]) {
      expect(parseTrustedProxies(bad), bad).toBeNull();
    }
  });

  it("believes X-Forwarded-For only from a trusted proxy, read from its right end", () => {
    const proxies = parseTrustedProxies("127.0.0.1, 10.0.0.0/8")!;
    // No proxy trusted: the socket's address, whatever the header says.
    expect(clientAddressOf("127.0.0.1", "203.0.113.7", parseTrustedProxies("")!)).toBe("127.0.0.1");
    // From the proxy: the address it saw.
    expect(clientAddressOf("127.0.0.1", "203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientAddressOf("::ffff:127.0.0.1", "203.0.113.7", proxies)).toBe("203.0.113.7");
    // A client's own entry on the left proves nothing: the proxy's append on the right counts.
    expect(clientAddressOf("127.0.0.1", "198.51.100.1, 203.0.113.7", proxies)).toBe("203.0.113.7");
    // Through two trusted proxies.
    expect(clientAddressOf("127.0.0.1", "203.0.113.7, 10.1.2.3", proxies)).toBe("203.0.113.7");
    expect(clientAddressOf("127.0.0.1", ["203.0.113.7", "10.1.2.3"], proxies)).toBe("203.0.113.7");
    // Not from a trusted proxy: the header is the sender's own word.
    expect(clientAddressOf("198.51.100.9", "203.0.113.7", proxies)).toBe("198.51.100.9");
    // Garbage in the header: the last address vouched for.
    expect(clientAddressOf("127.0.0.1", "203.0.113.7, not-an-address", proxies)).toBe("127.0.0.1");
    expect(clientAddressOf("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(clientAddressOf(undefined, "203.0.113.7", proxies)).toBe("unknown");
    // IPv6 clients.
    expect(clientAddressOf("127.0.0.1", "2001:db8::1", proxies)).toBe("2001:db8::1");
  });
});
