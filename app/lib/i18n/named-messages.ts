// Which messages a module's source names, so that the browser build gives each module the
// messages it can show and no others (vite.config.ts, docs/decisions/0049). Pure: code in,
// keys out; the build reads the files.

/**
 * The message keys a piece of code names: a quoted key ("poll.closed", 'nav.main',
 * `home.title`), a key with a count after it ("field.tooLong:120"), or every key under a
 * prefix built at run time (`event.${kind}`, "role." + role). A counted key brings its
 * singular form ("….one") with it. Over-counting (a string that happens to be a key) costs
 * a few bytes; missing one would show its key, so the match is generous.
 */
export function messagesNamedIn(code: string, keys: readonly string[]): Set<string> {
  const known = new Set(keys);
  const named = new Set<string>();
  const add = (key: string) => {
    named.add(key);
    if (known.has(`${key}.one`)) named.add(`${key}.one`);
  };
  for (const [, word, after] of code.matchAll(/["'`]([A-Za-z][\w.-]*)(["'`:]|\$\{)/g)) {
    if (!word) continue;
    if (word.endsWith(".") && (after !== ":")) {
      for (const key of keys) if (key.startsWith(word)) add(key);
    } else if (known.has(word)) add(word);
  }
  return named;
}

/** The app's own modules a module imports ("~/…" or relative), as written. */
export function localImports(code: string): string[] {
  const found = new Set<string>();
  for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']((?:~\/|\.{1,2}\/)[^"']+)["']/g)) if (spec) found.add(spec);
  return [...found];
}
