// Both languages, for the server: pages, mail and the command line speak either.
// A browser gets only its page's language instead: vite.config.ts swaps this module
// for catalogs.browser.ts in the client build (docs/decisions/0039).
import { en } from "./en";
import { fr } from "./fr";

export const catalogs: Partial<Record<"en" | "fr", Record<string, string>>> = { en, fr };
