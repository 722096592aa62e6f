// Feature modules read DATABASE_URL when first imported: point them at this run's database.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.PUBLIC_URL = inject("baseUrl");
