import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isEmbedPath } from "./csp";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("the Content-Security-Policy", () => {
  it("runs scripts from the studio or with the nonce only, and talks to the studio's own websocket", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc+/=", publicUrl: "https://studio.example.org", pathname: "/p/x" }));
    expect(d["default-src"]).toBe("'self'");
    expect(d["script-src"]).toBe("'self' 'nonce-abc+/='");
    expect(d["connect-src"]).toBe("'self' wss://studio.example.org");
    expect(d["object-src"]).toBe("'none'");
    expect(d["frame-ancestors"]).toBe("'none'");
    expect(directives(contentSecurityPolicy({ nonce: "n", publicUrl: "http://localhost:3000", pathname: "/" }))["connect-src"]).toBe("'self' ws://localhost:3000");
  });

  it("lets other sites frame the release player, and nothing else", () => {
    expect(isEmbedPath("/p/les-veilleurs/releases/v1/embed")).toBe(true);
    expect(isEmbedPath("/p/les-veilleurs/releases/v1/embed/")).toBe(true);
    for (const p of ["/p/les-veilleurs/releases/v1", "/p/les-veilleurs/releases/v1/embed/x", "/p/a/b/releases/v1/embed", "/embed", "/p/x/releases/v1/embedded"]) {
      expect(isEmbedPath(p), p).toBe(false);
    }
    const embed = directives(contentSecurityPolicy({ nonce: "n", publicUrl: "http://localhost:3000", pathname: "/p/x/releases/v1/embed" }));
    expect(embed["frame-ancestors"]).toBe("*");
    expect(embed["script-src"]).toBe("'self' 'nonce-n'");
  });
});
