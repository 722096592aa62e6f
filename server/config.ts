// The configuration variables of DESIGN.md, read once at start-up.
import type { BlockList } from "node:net";
import path from "node:path";
import { z } from "zod";
import { parseSize } from "../app/features/media/quota.ts";
import { parseMediaUrl } from "../app/lib/media-url.ts";
import { parseTrustedProxies } from "./proxies.ts";

const size = z.string().refine((v) => parseSize(v) !== null, "a size such as 2GiB, 500MiB or a number of bytes");

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  // Processes serving requests on PORT (decision 0063): one per core the studio may use.
  PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  TRUSTED_PROXIES: z.string().refine((v) => parseTrustedProxies(v) !== null, "addresses or ranges such as 127.0.0.1, 10.0.0.0/8, ::1").optional(),
  // Read by the app from the environment (app/features/releases/tus.server.ts, app/features/media/quota.ts).
  UPLOAD_EXPIRY_SECONDS: z.coerce.number().positive().optional(),
  STORAGE_QUOTA_PERSON: size.optional(),
  STORAGE_QUOTA_PRODUCTION: size.optional(),
  // Read by the app (app/features/releases/file-store.server.ts): checked here so that a wrong one stops the start.
  MEDIA_URL: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseMediaUrl(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message.replace(/^MEDIA_URL: /, "") });
      }
    })
    .optional(),
});

export type Config = {
  port: number;
  /** processes serving requests on `port` */
  processes: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  /** proxies whose X-Forwarded-For is believed */
  trustedProxies: BlockList;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  // Port 0 would give each process a port of its own.
  if (c.PROCESSES > 1 && c.PORT === 0) throw new Error("Invalid configuration:\n  PROCESSES: more than one process needs a PORT other than 0");
  return {
    port: c.PORT,
    processes: c.PROCESSES,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    publicUrl: new URL(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).origin,
    smtpUrl: c.SMTP_URL,
    trustedProxies: parseTrustedProxies(c.TRUSTED_PROXIES)!,
  };
}
