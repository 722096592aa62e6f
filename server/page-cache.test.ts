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
    expect(publicCacheControl(0, Infinity)).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=60, stale-if-error=300");
    expect(publicCacheControl(0, 30_000)).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=20, stale-if-error=20");
    expect(publicCacheControl(0, 4_500)).toBe("public, max-age=0, s-maxage=4, stale-while-revalidate=0, stale-if-error=0");
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

  it("holds the pages it had when the notifications stopped, until their next scheduled change or until it hears them again", async () => {
    const { c, tick } = cache(1_000_000 + 5_000);
    c.listen(true);
    await flush();
    const { entry } = await c.fill("k", "N", async () => page());
    c.listen(false);
    expect(c.get("k")).toBeUndefined(); // never as a fresh page
    expect(c.holding).toBe(true);
    expect(c.heldPage("k")).toBe(entry);
    expect(c.heldPage("other")).toBeUndefined();
    tick(5_000);
    expect(c.heldPage("k")).toBeUndefined();
    expect(c.holding).toBe(false);

    const again = cache();
    again.c.listen(true);
    await flush();
    await again.c.fill("k", "N", async () => page());
    again.c.listen(false);
    again.c.listen(true);
    expect(again.c.heldPage("k")).toBeUndefined();
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

  describe("the reads signed-in pages share (reads)", () => {
    /** A cache whose listening round trip delivers `pending` changes, and a counter of reads. */
    function shared(next = Infinity) {
      let now = 0;
      const pending: string[] = [];
      const c = new PageCache(async () => next, {
        now: () => now,
        sync: async () => {
          await flush();
          for (const change of pending.splice(0)) c.changed(parseChange(change));
        },
      });
      let reads = 0;
      const read = (value: string) => async () => (reads++, value);
      return { c, pending, read, reads: () => reads, tick: (ms: number) => (now += ms) };
    }

    it("reads once until its production changes, and hears a change committed before it is asked", async () => {
      const { c, pending, read, reads } = shared();
      expect(await (await c.reads()).read("A", "home A", read("v1"))).toBe("v1");
      expect(reads()).toBe(1); // not listening: nothing kept
      c.listen(true);
      await flush();
      expect(await (await c.reads()).read("A", "home A", read("v1"))).toBe("v1");
      expect(await (await c.reads()).read("A", "home A", read("other"))).toBe("v1");
      expect(reads()).toBe(2);
      // Another production's write keeps it; its own ends it, even not heard yet when asked.
      pending.push("p:B");
      expect(await (await c.reads()).read("A", "home A", read("other"))).toBe("v1");
      pending.push("p:A");
      expect(await (await c.reads()).read("A", "home A", read("v2"))).toBe("v2");
      expect(reads()).toBe(3);
      // A scope told from what was read (a production read by its slug); null is not kept.
      const bySlug = (v: { id: string } | null) => v?.id ?? null;
      await (await c.reads()).read(bySlug, "slug a", async () => ({ id: "A" }));
      await (await c.reads()).read(bySlug, "slug z", async () => null);
      pending.push("p:A");
      let again = 0;
      await (await c.reads()).read(bySlug, "slug a", async () => (again++, { id: "A" }));
      await (await c.reads()).read(bySlug, "slug z", async () => (again++, null));
      expect(again).toBe(2);
    });

    it("keeps nothing read across a change, and nothing past the next scheduled change or its longest age", async () => {
      const { c, read, reads, tick } = shared(5_000);
      c.listen(true);
      await flush();
      const r = await c.reads();
      await r.read("A", "raced", async () => (c.changed(parseChange("p:A")), "old"));
      await r.read("A", "raced", read("new"));
      expect(reads()).toBe(1);
      // At the next scheduled change (a premiere), read again.
      await r.read("A", "home", read("before"));
      tick(5_000);
      expect(await (await c.reads()).read("A", "home", read("after"))).toBe("after");
      expect(reads()).toBe(3);
    });

    it("never keeps a read longer than the pages' longest age", async () => {
      const { c, read, reads, tick } = shared();
      c.listen(true);
      await flush();
      await (await c.reads()).read("A", "counts", read("1 play"));
      tick(MAX_AGE_MS - 1);
      expect(await (await c.reads()).read("A", "counts", read("2 plays"))).toBe("1 play");
      tick(1);
      expect(await (await c.reads()).read("A", "counts", read("2 plays"))).toBe("2 plays");
      expect(reads()).toBe(2);
    });
  });
});
