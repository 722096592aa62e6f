import { describe, expect, it } from "vitest";
import { networkKey } from "./network";

describe("networkKey", () => {
  it("keeps an IPv4 address, also when written as IPv4-mapped IPv6", () => {
    expect(networkKey("203.0.113.7")).toBe("203.0.113.7");
    expect(networkKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("puts the addresses of one IPv6 /64 together, however they are written", () => {
    const a = networkKey("2001:db8:aa:bb:1:2:3:4");
    expect(a).toBe("2001:db8:aa:bb::/64");
    expect(networkKey("2001:0db8:00aa:00BB:ffff::1")).toBe(a);
    expect(networkKey("2001:db8:aa:bb::")).toBe(a);
    expect(networkKey("2001:db8:aa:bc::1")).not.toBe(a);
    expect(networkKey("::1")).toBe("0:0:0:0::/64");
    expect(networkKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("passes anything else through", () => {
    expect(networkKey("unknown")).toBe("unknown");
  });
});
