import { createHash } from "node:crypto";
import fc from "fast-check";
import parseTorrent from "parse-torrent";
import { describe, expect, it } from "vitest";
import { bdecode, bencode, buildTorrent, infoHash, PieceHasher, pieceLengthFor, type BValue } from "./torrent";

const KIB = 1024;
const MIB = 1024 * KIB;
const sha1 = (b: Uint8Array) => createHash("sha1").update(b).digest();
const text = (s: string) => Buffer.from(s, "latin1");

// Reference: hash the whole stream at once, piece by piece.
const referencePieces = (data: Uint8Array, pieceLength: number) => {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += pieceLength) out.push(sha1(data.subarray(at, at + pieceLength)));
  return Buffer.concat(out);
};

// Bytes that look like a reel: not all zeros, so a misplaced piece would show.
const reel = (length: number, seed = 1) => {
  const b = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
};

describe("bencode", () => {
  it("encodes the BEP 3 examples", () => {
    expect(bencode("spam").toString()).toBe("4:spam");
    expect(bencode("").toString()).toBe("0:");
    expect(bencode(3).toString()).toBe("i3e");
    expect(bencode(-3).toString()).toBe("i-3e");
    expect(bencode(0).toString()).toBe("i0e");
    expect(bencode(["spam", "eggs"]).toString()).toBe("l4:spam4:eggse");
    expect(bencode({ cow: "moo", spam: "eggs" }).toString()).toBe("d3:cow3:moo4:spam4:eggse");
    expect(bencode({ spam: ["a", "b"] }).toString()).toBe("d4:spaml1:a1:bee");
    expect(bencode([]).toString()).toBe("le");
    expect(bencode({}).toString()).toBe("de");
  });

  it("counts strings in bytes, not characters", () => {
    expect(bencode("été").toString()).toBe("5:été");
    expect(bencode("夜").toString()).toBe("3:夜");
    expect(bencode("🎬")).toEqual(Buffer.concat([text("4:"), Buffer.from("🎬")]));
  });

  it("writes buffers as they are, views included", () => {
    expect(bencode(Buffer.from([0, 255, 10]))).toEqual(Buffer.from([0x33, 0x3a, 0, 255, 10]));
    const big = Buffer.from("xxabcxx");
    expect(bencode(big.subarray(2, 5)).toString()).toBe("3:abc");
  });

  it("writes large integers in full", () => {
    expect(bencode(Number.MAX_SAFE_INTEGER).toString()).toBe("i9007199254740991e");
    expect(bencode(-Number.MAX_SAFE_INTEGER).toString()).toBe("i-9007199254740991e");
    expect(bencode(-0).toString()).toBe("i0e");
  });

  it("sorts keys as raw bytes, not as JavaScript sorts strings", () => {
    // "piece length" before "pieces" (space < s); uppercase before lowercase.
    expect(bencode({ pieces: 1, "piece length": 2, Z: 3, a: 4 }).toString()).toBe("d1:Zi3e1:ai4e12:piece lengthi2e6:piecesi1ee");
    // U+FF61 is EF BD A1 in UTF-8, U+1F3AC is F0 9F 8E AC: UTF-16 puts them the other way round.
    expect(["\u{1F3AC}", "\uFF61"].sort()).toEqual(["\u{1F3AC}", "\uFF61"]);
    expect(bencode({ "\u{1F3AC}": 1, "\uFF61": 2 })).toEqual(Buffer.from("d3:\uFF61i2e4:\u{1F3AC}i1ee"));
    // Integer-like keys, which objects list first, sorted as bytes too.
    expect(bencode({ b: 1, 10: 2, 9: 3 }).toString()).toBe("d2:10i2e1:9i3e1:bi1ee");
  });

  it("refuses what bencoding cannot hold", () => {
    expect(() => bencode(1.5)).toThrow(TypeError);
    expect(() => bencode(Number.NaN)).toThrow(TypeError);
    expect(() => bencode(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => bencode(2 ** 60)).toThrow(TypeError);
    expect(() => bencode(null as unknown as BValue)).toThrow(TypeError);
    expect(() => bencode(true as unknown as BValue)).toThrow(TypeError);
    expect(() => bencode({ a: undefined } as unknown as BValue)).toThrow(TypeError);
    expect(() => bencode([1n] as unknown as BValue)).toThrow(TypeError);
    expect(() => bencode(new Date() as unknown as BValue)).toThrow(TypeError);
    expect(() => bencode({ when: new Map() } as unknown as BValue)).toThrow(TypeError);
  });

  it("refuses to nest without end", () => {
    let deep: BValue = [];
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(() => bencode(deep)).toThrow(RangeError);
  });
});

describe("bdecode", () => {
  it("decodes what bencode wrote, strings as buffers", () => {
    const decoded = bdecode(bencode({ name: "Les Veilleurs", length: 42, files: [{ path: ["a", "b"] }], "": -1 }));
    expect(decoded).toEqual({ name: text("Les Veilleurs"), length: 42, files: [{ path: [text("a"), text("b")] }], "": -1 });
  });

  it("keeps any key, even one an object would take for its prototype", () => {
    const decoded = bdecode(text("d9:__proto__i1ee")) as Record<string, BValue>;
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(decoded["__proto__"]).toBe(1);
  });

  it("refuses what is not canonical bencoding", () => {
    for (const bad of [
      "",
      "i-0e",
      "i03e",
      "ie",
      "i-e",
      "i1",
      "i1.5e",
      "i 1e",
      "03:abc",
      "-1:a",
      "5:abc",
      "3abc",
      "l",
      "li1e",
      "d",
      "d1:a",
      "d1:ai1e",
      "d1:bi1e1:ai2ee", // unsorted
      "d1:ai1e1:ai2ee", // repeated
      "di1ei2ee", // a key that is not a string
      "i1ei2e", // trailing data
      "x",
      "i99999999999999999999e",
    ]) {
      expect(() => bdecode(text(bad)), bad).toThrow(SyntaxError);
    }
  });

  it("refuses deep nesting without overflowing the stack", () => {
    expect(() => bdecode(text("l".repeat(100_000)))).toThrow(SyntaxError);
  });

  it("round-trips any value (property)", () => {
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.maxSafeInteger(),
        fc.string({ unit: "grapheme" }),
        fc.uint8Array().map((b) => Buffer.from(b)),
        fc.array(tie("value")),
        fc.dictionary(fc.string({ unit: "grapheme" }), tie("value")),
      ),
    }));
    // What comes back: strings as their UTF-8 bytes.
    const asDecoded = (v: BValue): BValue =>
      typeof v === "string"
        ? Buffer.from(v)
        : Array.isArray(v)
          ? v.map(asDecoded)
          : typeof v === "object" && !Buffer.isBuffer(v)
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asDecoded(x)]))
            : v;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = bencode(v as BValue);
        expect(bdecode(bytes)).toEqual(asDecoded(v as BValue));
        // Canonical: encoding again gives the same bytes.
        expect(bencode(bdecode(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe("pieceLengthFor", () => {
  it("starts at 256 KiB", () => {
    expect(pieceLengthFor(0)).toBe(256 * KIB);
    expect(pieceLengthFor(1)).toBe(256 * KIB);
    expect(pieceLengthFor(1500 * 256 * KIB)).toBe(256 * KIB);
  });

  it("doubles to stay within about 1500 pieces", () => {
    expect(pieceLengthFor(1500 * 256 * KIB + 1)).toBe(512 * KIB);
    expect(pieceLengthFor(700 * MIB)).toBe(512 * KIB); // a short film
    expect(pieceLengthFor(1024 * MIB)).toBe(MIB);
    expect(pieceLengthFor(4.7 * 1024 * MIB)).toBe(4 * MIB); // a DVD's worth
    expect(pieceLengthFor(20 * 1024 * MIB)).toBe(16 * MIB);
  });

  it("stops at 16 MiB", () => {
    expect(pieceLengthFor(1500 * 16 * MIB + 1)).toBe(16 * MIB);
    expect(pieceLengthFor(1024 * 1024 * MIB)).toBe(16 * MIB);
  });

  it("is the smallest power of two that does it (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 45 }), (total) => {
        const length = pieceLengthFor(total);
        expect(Number.isInteger(Math.log2(length))).toBe(true);
        expect(length).toBeGreaterThanOrEqual(256 * KIB);
        expect(length).toBeLessThanOrEqual(16 * MIB);
        if (length < 16 * MIB) expect(Math.ceil(total / length)).toBeLessThanOrEqual(1500);
        if (length > 256 * KIB) expect(Math.ceil(total / (length / 2))).toBeGreaterThan(1500);
      }),
    );
  });
});

describe("PieceHasher", () => {
  it("hashes pieces across chunks of any size, the last piece short", () => {
    const data = reel(10 * 16 * KIB + 123);
    const hasher = new PieceHasher(16 * KIB);
    for (const size of [1, 0, 7, 16 * KIB, 40_000, 3]) hasher.update(data.subarray(hasher.length, hasher.length + size));
    hasher.update(data.subarray(hasher.length));
    expect(hasher.length).toBe(data.length);
    const digest = hasher.digest();
    expect(digest.length).toBe(11 * 20);
    expect(digest).toEqual(referencePieces(data, 16 * KIB));
  });

  it("hashes several files as one stream: pieces span files", () => {
    const files = [reel(5000, 1), reel(0), reel(70_000, 2), reel(1, 3)];
    const hasher = new PieceHasher(16 * KIB);
    for (const file of files) hasher.update(file);
    expect(hasher.digest()).toEqual(referencePieces(Buffer.concat(files), 16 * KIB));
  });

  it("makes no empty piece at an exact multiple, and no piece from nothing", () => {
    const hasher = new PieceHasher(1024);
    hasher.update(reel(4096));
    expect(hasher.digest().length).toBe(4 * 20);
    expect(new PieceHasher(1024).digest()).toEqual(Buffer.alloc(0));
  });

  it("hashes a chunk that holds many pieces", () => {
    const data = reel(1 * MIB + 5);
    expect(new PieceHasher(16 * KIB).update(data).digest()).toEqual(referencePieces(data, 16 * KIB));
  });

  it("gives the same digest twice and takes nothing after it", () => {
    const hasher = new PieceHasher(1024).update(reel(3000));
    const first = hasher.digest();
    expect(hasher.digest()).toEqual(first);
    expect(() => hasher.update(reel(1))).toThrow();
  });

  it("refuses a piece length that is not a positive integer", () => {
    expect(() => new PieceHasher(0)).toThrow(RangeError);
    expect(() => new PieceHasher(-16)).toThrow(RangeError);
    expect(() => new PieceHasher(1.5)).toThrow(RangeError);
  });

  it("agrees with hashing all at once, however the stream is cut (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat({ max: 300 })), fc.integer({ min: 1, max: 257 }), (data, cuts, pieceLength) => {
        const hasher = new PieceHasher(pieceLength);
        let at = 0;
        for (const cut of cuts) {
          hasher.update(data.subarray(at, at + cut));
          at = Math.min(data.length, at + cut);
        }
        hasher.update(data.subarray(at));
        expect(hasher.digest()).toEqual(referencePieces(data, pieceLength));
      }),
    );
  });
});

describe("buildTorrent", () => {
  const pieceLength = 16 * KIB;
  const seed = "https://studio.example.org/p/les-veilleurs/releases/premiere/files/les-veilleurs.webm";
  const film = reel(100_000, 7);
  const pieces = new PieceHasher(pieceLength).update(film).digest();
  const createdAt = new Date("2026-12-01T19:00:00Z");

  it("makes a single-file torrent that parse-torrent reads back", async () => {
    const torrent = buildTorrent({
      name: "ignored for one file",
      pieceLength,
      pieces,
      files: [{ path: ["les-veilleurs.webm"], length: film.length }],
      webSeed: seed,
      comment: "Les Veilleurs — CC BY-SA 4.0",
      createdAt,
    });
    const parsed = await parseTorrent(torrent);
    expect(parsed.name).toBe("les-veilleurs.webm");
    expect(parsed.length).toBe(film.length);
    expect(parsed.files).toEqual([{ path: "les-veilleurs.webm", name: "les-veilleurs.webm", length: film.length, offset: 0 }]);
    expect(parsed.pieceLength).toBe(pieceLength);
    expect(parsed.lastPieceLength).toBe(film.length % pieceLength);
    expect(parsed.pieces).toEqual(Array.from({ length: 7 }, (_, i) => pieces.subarray(i * 20, i * 20 + 20).toString("hex")));
    expect(parsed.infoHash).toBe(infoHash(torrent));
    expect(parsed.urlList).toEqual([seed]);
    expect(parsed.announce).toEqual([]);
    expect(parsed.comment).toBe("Les Veilleurs — CC BY-SA 4.0");
    expect(parsed.created).toEqual(createdAt);
    expect(parsed.createdBy).toBe("Claquette");
    expect(parsed.private).toBeUndefined();
  });

  it("writes the single-file layout of BEP 3, keys sorted", () => {
    const torrent = buildTorrent({ name: "x", pieceLength, pieces, files: [{ path: ["film.webm"], length: film.length }], webSeed: seed });
    const decoded = bdecode(torrent) as Record<string, BValue>;
    expect(Object.keys(decoded)).toEqual(["created by", "encoding", "info", "url-list"]);
    const info = decoded.info as Record<string, BValue>;
    expect(Object.keys(info)).toEqual(["length", "name", "piece length", "pieces"]);
    expect(info.length).toBe(film.length);
    expect(info.name).toEqual(text("film.webm"));
    expect(info.pieces).toEqual(pieces);
    expect(decoded["url-list"]).toEqual([text(seed)]);
  });

  it("makes a multi-file torrent under a directory, read back by parse-torrent", async () => {
    const files = [
      { path: ["files", "les-veilleurs.webm"], content: film },
      { path: ["files", "sous-titres", "fr.vtt"], content: Buffer.from("WEBVTT\n\n00:01.000 --> 00:02.000\nBonsoir.\n") },
      { path: ["files", "夜の番人.ja.vtt"], content: Buffer.from("WEBVTT\n") },
      { path: ["LICENSE.txt"], content: Buffer.alloc(0) },
    ];
    const hasher = new PieceHasher(pieceLength);
    for (const f of files) hasher.update(f.content);
    const base = "https://studio.example.org/p/les-veilleurs/releases/";
    const torrent = buildTorrent({
      name: "première",
      pieceLength,
      pieces: hasher.digest(),
      files: files.map((f) => ({ path: f.path, length: f.content.length })),
      webSeed: base,
      createdAt,
    });
    const parsed = await parseTorrent(torrent);
    expect(parsed.name).toBe("première");
    expect(parsed.length).toBe(hasher.length);
    let offset = 0;
    expect(parsed.files).toEqual(
      files.map((f) => {
        const entry = { path: ["première", ...f.path].join("/"), name: f.path.at(-1), length: f.content.length, offset };
        offset += f.content.length;
        return entry;
      }),
    );
    expect(parsed.pieces).toHaveLength(Math.ceil(hasher.length / pieceLength));
    expect(Buffer.from(parsed.pieces!.join(""), "hex")).toEqual(hasher.digest());
    expect(parsed.infoHash).toBe(infoHash(torrent));
    expect(parsed.urlList).toEqual([base]);
    expect(parsed.comment).toBeUndefined();

    const info = (bdecode(torrent) as Record<string, BValue>).info as Record<string, BValue>;
    expect(Object.keys(info)).toEqual(["files", "name", "piece length", "pieces"]);
    expect(info.files).toEqual(files.map((f) => ({ length: f.content.length, path: f.path.map((p) => Buffer.from(p)) })));
  });

  it("treats one file in a folder as a multi-file torrent", async () => {
    const torrent = buildTorrent({ name: "premiere", pieceLength, pieces, files: [{ path: ["files", "film.webm"], length: film.length }], webSeed: "https://studio.example.org/releases/" });
    const parsed = await parseTorrent(torrent);
    expect(parsed.files?.map((f) => f.path)).toEqual(["premiere/files/film.webm"]);
    expect((bdecode(torrent) as Record<string, Record<string, BValue>>).info!.files).toBeDefined();
  });

  it("accepts a folder URL as a single file's web seed", async () => {
    const torrent = buildTorrent({ name: "x", pieceLength, pieces, files: [{ path: ["film.webm"], length: film.length }], webSeed: "http://localhost:3000/files/" });
    expect((await parseTorrent(torrent)).urlList).toEqual(["http://localhost:3000/files/"]);
  });

  it("refuses to build a torrent clients would choke on", () => {
    const ok = { name: "premiere", pieceLength, pieces, files: [{ path: ["film.webm"], length: film.length }], webSeed: seed };
    const multi = { ...ok, files: [{ path: ["a"], length: 50_000 }, { path: ["b"], length: 50_000 }], webSeed: "https://studio.example.org/r/" };
    expect(() => buildTorrent(ok)).not.toThrow();
    expect(() => buildTorrent(multi)).not.toThrow();
    const bad = [
      { ...ok, files: [] },
      { ...ok, pieceLength: 16 * KIB + 1 },
      { ...ok, pieceLength: 8 * KIB },
      { ...ok, pieces: pieces.subarray(20) },
      { ...ok, pieces: Buffer.concat([pieces, Buffer.alloc(20)]) },
      { ...ok, pieces: pieces.subarray(1) },
      { ...ok, files: [{ path: ["film.webm"], length: -1 }] },
      { ...ok, files: [{ path: ["film.webm"], length: 1.5 }] },
      { ...ok, files: [{ path: ["film.webm"], length: 0 }], pieces: Buffer.alloc(0) },
      { ...ok, files: [{ path: [], length: film.length }] },
      { ...ok, files: [{ path: [".."], length: film.length }] },
      { ...ok, files: [{ path: ["."], length: film.length }] },
      { ...ok, files: [{ path: [""], length: film.length }] },
      { ...ok, files: [{ path: ["../../etc/passwd"], length: film.length }] },
      { ...ok, files: [{ path: ["a\\b"], length: film.length }] },
      { ...ok, files: [{ path: ["a\0b"], length: film.length }] },
      { ...multi, files: [{ path: ["..", "a"], length: 50_000 }, { path: ["b"], length: 50_000 }] },
      { ...multi, name: "" },
      { ...multi, name: "a/b" },
      { ...multi, name: ".." },
      { ...multi, webSeed: "https://studio.example.org/r" }, // no final slash: clients would append to the last segment
      { ...ok, webSeed: "not a url" },
      { ...ok, webSeed: "ftp://studio.example.org/film.webm" },
      { ...ok, webSeed: "javascript:alert(1)" },
    ];
    for (const o of bad) expect(() => buildTorrent(o), JSON.stringify({ ...o, pieces: o.pieces.length })).toThrow(RangeError);
  });

  it("agrees with parse-torrent on any set of files (property)", async () => {
    const name = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => s !== "." && s !== ".." && !/[/\\\0]/.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ path: fc.array(name, { minLength: 1, maxLength: 3 }), length: fc.nat({ max: 70_000 }) }), { minLength: 1, maxLength: 5 }),
        name,
        async (files, dir) => {
          const total = files.reduce((sum, f) => sum + f.length, 0);
          fc.pre(total > 0);
          const hasher = new PieceHasher(pieceLength);
          files.forEach((f, i) => hasher.update(reel(f.length, i + 1)));
          const torrent = buildTorrent({ name: dir, pieceLength, pieces: hasher.digest(), files, webSeed: "https://studio.example.org/r/" });
          const parsed = await parseTorrent(torrent);
          expect(parsed.infoHash).toBe(infoHash(torrent));
          expect(parsed.length).toBe(total);
          expect(parsed.files).toHaveLength(files.length);
          expect(parsed.pieces).toHaveLength(Math.ceil(total / pieceLength));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("infoHash", () => {
  it("is the SHA-1 of the bencoded info dictionary", () => {
    const info = { length: 5, name: "a", "piece length": 16384, pieces: Buffer.alloc(20) };
    const torrent = bencode({ announce: "udp://tracker.example:80", info, "url-list": "https://example.org/a" });
    expect(infoHash(torrent)).toBe(sha1(bencode(info)).toString("hex"));
    expect(infoHash(torrent)).toMatch(/^[0-9a-f]{40}$/);
  });

  it("does not depend on what surrounds the info dictionary", () => {
    const info = { length: 5, name: "a", "piece length": 16384, pieces: Buffer.alloc(20) };
    expect(infoHash(bencode({ info }))).toBe(infoHash(bencode({ a: ["x", { y: 1 }], comment: "autre", info, z: 0 })));
  });

  it("hashes another tool's info dictionary as written, even with unsorted keys", () => {
    const raw = "d4:name1:a6:lengthi5ee";
    const torrent = text(`d8:announce3:url4:info${raw}e`);
    expect(infoHash(torrent)).toBe(sha1(text(raw)).toString("hex"));
  });

  it("refuses what is not a torrent", () => {
    for (const bad of ["", "le", "i1e", "de", "d4:infoe", "d4:infod", "d4:name1:ae", "d4:info"]) {
      expect(() => infoHash(text(bad)), bad).toThrow(SyntaxError);
    }
  });
});
