// MEDIA_URL: where release files, renditions and uploads live. Unset: under DATA_DIR.
// Set: an S3-compatible store, `s3://KEY:SECRET@HOST[:PORT]/BUCKET?region=R` (https),
// or `s3+http://…` for a store on a private network without TLS. `delivery=stream`
// sends the bytes through the studio when viewers cannot reach the store themselves;
// by default they are sent a short-lived presigned address of it.
import { z } from "zod";

export type S3Media = {
  kind: "s3";
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  delivery: "redirect" | "stream";
};

export type MediaSetting = { kind: "local" } | S3Media;

const query = z.object({
  region: z.string().regex(/^[a-z0-9-]{1,40}$/).default("us-east-1"),
  delivery: z.enum(["redirect", "stream"]).default("redirect"),
});

// S3's bucket naming rule: what a store accepts, nothing a path could be made of.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The media setting from MEDIA_URL; throws with a message a host can act on. */
export function parseMediaUrl(value: string | undefined): MediaSetting {
  if (!value) return { kind: "local" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("MEDIA_URL: not an address (s3://KEY:SECRET@HOST/BUCKET?region=…)");
  }
  const scheme = { "s3:": "https", "s3+https:": "https", "s3+http:": "http" }[url.protocol];
  if (!scheme) throw new Error(`MEDIA_URL: ${url.protocol} is not s3:, s3+https: or s3+http:`);
  if (!url.hostname) throw new Error("MEDIA_URL: the store's host is missing");
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ""));
  if (!BUCKET.test(bucket)) throw new Error(`MEDIA_URL: "${bucket}" is not a bucket name`);
  if (!url.username || !url.password) throw new Error("MEDIA_URL: the access key and secret are missing (s3://KEY:SECRET@…)");
  const q = query.safeParse(Object.fromEntries(url.searchParams));
  if (!q.success) throw new Error(`MEDIA_URL: ${q.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return {
    kind: "s3",
    endpoint: `${scheme}://${url.host}`,
    bucket,
    region: q.data.region,
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    delivery: q.data.delivery,
  };
}
