import { describe, expect, it } from "vitest";
import { GLOBAL_SCOPE, LIVE_TEXT_MS, matchesETag, MAX_AGE_MS, PageCache, pageKey, parseChange, publicCacheControl, type Rendered } from "./page-cache.ts";

const request = (over: Partial<Parameters<typeof pageKey>[0]> = {}) => ({ method: "GET", origin: "http://studio.test", url: "/p/film", cookie: undefined, acceptLanguage: "en", ...over });
const page = (body = `<script nonce="N1">x</script>`, status = 200, headers: [string, string][] = [["Content-Type", "text/html"]]): Rendered => ({ status, headers, body });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe("pageKey", () => {
  it("keys a visitor's page by language, zone, host and address", () => {
    expect(pageKey(request())).toBe("en UTC http://studio.test/p/film");
    expect(pageKey(request({ acceptLanguage: "fr-FR,fr;q=0.9" }))).toBe("fr UTC http://studio.test/p/film");
    expect(pageKey(request({ cookie: "claquette_lang=fr; claquette_tz=Europe%2FParis" }))).toBe("fr Europe/Paris http://studio.test/p/film");
    expect(pageKey(request({ cookie: "claquette_tz=Not/AZone" }))).toBe("en UTC http://studio.test/p/film");
    expect(pageKey(request({ url: "/p/film?page=2" }))).toBe("en UTC http://studio.test/p/film?page=2");
  });

  it("leaves out anything but a GET, and any other cookie", () => {
    expect(pageKey(request({ method: "POST" }))).toBeNull();
    expect(pageKey(request({ method: "HEAD" }))).toBeNull();
    expect(pageKey(request({ cookie: "claquette_session=abc" }))).toBeNull();
    expect(pageKey(request({ cookie: "claquette_lang=fr; claquette_refused=%2Fp%2Ffilm" }))).toBeNull();
    expect(pageKey(request({ cookie: "something_else=1" }))).toBeNull();
  });
});

describe("headers", () => {
  it("matches If-None-Match weakly, in a list, or *", () => {
    expect(matchesETag('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesETag('"abc"', 'W/"abc"')).toBe(true);
    expect(matchesETag('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesETag("*", 'W/"abc"')).toBe(true);
    expect(matchesETag('W/"abd"', 'W/"abc"')).toBe(false);
    expect(matchesETag(undefined, 'W/"abc"')).toBe(false);
  });

  it("never lets a shared cache hold a page past its next change", () => {
    expect(publicCacheControl(0, Infinity)).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=60");
    expect(publicCacheControl(0, 30_000)).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=20");
    expect(publicCacheControl(0, 4_500)).toBe("public, max-age=0, s-maxage=4, stale-while-revalidate=0");
  });
});

describe("PageCache", () => {
  function cache(next = Infinity) {
    let now = 1_000_000;
    const c = new PageCache(async () => next, { now: () => now });
    return { c, tick: (ms: number) => (now += ms) };
  }

  it("keeps nothing until it hears the database's notifications", async () => {
    const { c } = cache();
    expect((await c.fill("k", "N1", async () => page())).entry).toBeNull();
    c.listen(true);
    await flush();
    const { entry } = await c.fill("k", "N1", async () => page());
    expect(entry?.parts.map(String)).toEqual(['<script nonce="', '">x</script>']);
    expect(c.get("k")).toBe(entry);
    c.listen(false);
    expect(c.get("k")).toBeUndefined();
  });

  it("renders once for everyone asking at the same time", async () => {
    const { c } = cache();
    c.listen(true);
    await flush();
    let renders = 0;
    const render = async () => {
      renders++;
      await flush();
      return page();
    };
    const all = await Promise.all([1, 2, 3, 4].map(() => c.fill("k", "N1", render)));
    expect(renders).toBe(1);
    expect(new Set(all.map((a) => a.entry))).toHaveLength(1);
  });

  it("does not keep a page rendered across a change, nor anything but a 200 without cookies", async () => {
    const { c } = cache();
    c.listen(true);
    await flush();
    const during = await c.fill("k", "N1", async () => {
      c.invalidate();
      return page();
    });
    expect(during.entry).toBeNull();
    expect(during.rendered?.status).toBe(200);
    await flush();
    expect((await c.fill("a", "N", async () => page("x", 404))).entry).toBeNull();
    expect((await c.fill("b", "N", async () => page("x", 200, [["Set-Cookie", "a=b"]]))).entry).toBeNull();
    expect((await c.fill("c", "N", async () => page("x", 200, [["Cache-Control", "private, no-store"]]))).entry).toBeNull();
    expect((await c.fill("d", "N", async () => page("x"))).entry).not.toBeNull();
    c.invalidate();
    expect(c.get("d")).toBeUndefined();
  });

  it("ends its pages at the next scheduled change, and after its longest age", async () => {
    const { c, tick } = cache(1_000_000 + 5_000);
    c.listen(true);
    await flush();
    await c.fill("k", "N", async () => page());
    tick(4_999);
    expect(c.get("k")).toBeDefined();
    tick(1);
    expect(c.get("k")).toBeUndefined();

    const later = cache();
    later.c.listen(true);
    await flush();
    await later.c.fill("k", "N", async () => page());
    later.tick(MAX_AGE_MS);
    expect(later.c.get("k")).toBeUndefined();
  });

  const production = (id: string) => async () => id;

  it("ends one production's pages at its writes, Explore at writes it shows, everything when it cannot be told", async () => {
    const { c } = cache();
    c.listen(true);
    await flush();
    await c.fill("a", "N", async () => page(), production("A"));
    await c.fill("b", "N", async () => page(), production("B"));
    await c.fill("explore", "N", async () => page(), async () => GLOBAL_SCOPE);
    c.changed(parseChange("p:A"));
    expect(c.get("a")).toBeUndefined();
    expect(c.get("b")).toBeDefined();
    expect(c.get("explore")).toBeDefined();
    c.changed(parseChange("g"));
    expect(c.get("explore")).toBeUndefined();
    expect(c.get("b")).toBeDefined();
    // An older process's trigger says nothing: everything, as it meant.
    c.changed(parseChange(""));
    expect(c.get("b")).toBeUndefined();
    await flush();
    await c.fill("b", "N", async () => page(), production("B"));
    c.changed(parseChange("*"));
    expect(c.get("b")).toBeUndefined();
  });

  it("keeps a production's pages while its documents are typed in, and renders them again after the delay", async () => {
    const { c, tick } = cache();
    c.listen(true);
    await flush();
    await c.fill("a", "N", async () => page(), production("A"));
    await c.fill("b", "N", async () => page(), production("B"));
    for (let i = 0; i < 50; i++) {
      c.changed(parseChange("d:A"));
      tick(10);
      expect(c.get("a")).toBeDefined();
    }
    tick(LIVE_TEXT_MS - 500);
    expect(c.get("a")).toBeUndefined();
    expect(c.get("b")).toBeDefined();
    // A page rendered before the next change but kept after it ends with that change's delay too.
    const during = await c.fill("a", "N", async () => {
      c.changed(parseChange("d:A"));
      return page();
    }, production("A"));
    expect(during.entry).not.toBeNull();
    tick(LIVE_TEXT_MS);
    expect(c.get("a")).toBeUndefined();
  });

  it("does not keep a page whose production changed while it was rendered, whoever else changed", async () => {
    const { c } = cache();
    c.listen(true);
    await flush();
    // The render read the rows before the write; the notification came before it ended.
    const raced = await c.fill("a", "N", async () => {
      c.changed(parseChange("p:A"));
      return page();
    }, production("A"));
    expect(raced.entry).toBeNull();
    expect(raced.rendered?.status).toBe(200);
    const other = await c.fill("a", "N", async () => {
      c.changed(parseChange("p:B"));
      return page();
    }, production("A"));
    expect(other.entry).not.toBeNull();
  });

  it("serves from memory only once every change committed before the request is heard", async () => {
    let now = 0;
    let pendingChange: string | null = null;
    // The listening connection's round trip delivers what was committed before it.
    const c = new PageCache(async () => Infinity, {
      now: () => now,
      sync: async () => {
        await flush();
        if (pendingChange !== null) c.changed(parseChange(pendingChange));
        pendingChange = null;
      },
    });
    c.listen(true);
    await flush();
    await c.fill("a", "N", async () => page("old"), production("A"));
    // Committed, its notification not yet heard: the next visitor must not get the old page.
    pendingChange = "p:A";
    now += 1;
    const next = await c.fill("a", "N", async () => page("new"), production("A"));
    expect(next.rendered?.body).toBe("new");
    expect(next.entry?.parts.map(String)).toEqual(["new"]);
  });
});
