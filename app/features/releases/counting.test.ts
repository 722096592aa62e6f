import { describe, expect, it } from "vitest";
import { clientOf, isPlayerFetch, startsDownload } from "./counting";

describe("what counts as a download", () => {
  const download = { method: "GET", start: 0, published: true, fetchDest: undefined };
  it("is a GET of a published file from byte 0", () => {
    expect(startsDownload(download)).toBe(true);
    expect(startsDownload({ ...download, fetchDest: "document" })).toBe(true);
  });
  it("is not the player fetching the film, a HEAD, a later range or a file under embargo", () => {
    expect(startsDownload({ ...download, fetchDest: "video" })).toBe(false);
    expect(startsDownload({ ...download, method: "HEAD" })).toBe(false);
    expect(startsDownload({ ...download, start: 1000 })).toBe(false);
    expect(startsDownload({ ...download, published: false })).toBe(false);
    expect(isPlayerFetch("track")).toBe(true);
    expect(isPlayerFetch("empty")).toBe(false);
  });
});

describe("a client", () => {
  it("is the account when signed in, else address and user agent", () => {
    expect(clientOf({ userId: "u1", address: "192.0.2.1", userAgent: "A" })).toBe("user:u1");
    expect(clientOf({ userId: null, address: "192.0.2.1", userAgent: "A" })).not.toBe(clientOf({ userId: null, address: "192.0.2.1", userAgent: "B" }));
  });
});
