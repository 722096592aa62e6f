// In the browser, the page's language alone, and of it only the messages of the modules
// loaded: the client build (vite.config.ts, docs/decisions/0049) makes every module that
// names messages wait, before it runs, for its own messages in the page's language. A
// route module is loaded before its page renders, on hydration as on navigation, so a
// page never renders a key for want of its message.
export const catalogs: Partial<Record<"en" | "fr", Record<string, string>>> = {};

type Loaders = Record<"en" | "fr", () => Promise<{ default: Record<string, string> }>>;

export async function loadMessages(loaders: Loaders) {
  // The language only changes by loading the document again (docs/decisions/0039).
  const locale = document.documentElement.lang === "fr" ? "fr" : "en";
  const { default: messages } = await loaders[locale]();
  Object.assign((catalogs[locale] ??= {}), messages);
}
