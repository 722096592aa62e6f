import { describe, expect, it } from "vitest";
import { parseMediaUrl } from "./media-url";

describe("MEDIA_URL", () => {
  it("is local disk when unset", () => {
    expect(parseMediaUrl(undefined)).toEqual({ kind: "local" });
    expect(parseMediaUrl("")).toEqual({ kind: "local" });
  });

  it("names an S3-compatible store, https unless s3+http says otherwise", () => {
    expect(parseMediaUrl("s3://AK:s%2Fcret@store.example.org/films?region=eu-west-3")).toEqual({
      kind: "s3",
      endpoint: "https://store.example.org",
      bucket: "films",
      region: "eu-west-3",
      accessKeyId: "AK",
      secretAccessKey: "s/cret",
      delivery: "redirect",
    });
    const s = parseMediaUrl("s3+http://k:s@10.0.0.5:9000/media?delivery=stream");
    expect(s).toMatchObject({ endpoint: "http://10.0.0.5:9000", region: "us-east-1", delivery: "stream" });
  });

  it("refuses what it cannot use, saying why", () => {
    expect(() => parseMediaUrl("https://k:s@host/bucket")).toThrow(/not s3:/);
    expect(() => parseMediaUrl("s3://host/bucket")).toThrow(/access key/);
    expect(() => parseMediaUrl("s3://k:s@host/")).toThrow(/bucket/);
    expect(() => parseMediaUrl("s3://k:s@host/films/releases")).toThrow(/bucket/);
    expect(() => parseMediaUrl("s3://k:s@host/bucket?delivery=carrier")).toThrow(/delivery/);
  });
});
