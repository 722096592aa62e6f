// Feature modules read DATABASE_URL when first imported: point them at this run's database…
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.PUBLIC_URL = inject("baseUrl");
// …and at the studio's file store, so that files a test writes are the ones the studio serves.
process.env.DATA_DIR = inject("dataDir");
