// `npm start` and `npm run serve` set no NODE_ENV, and React (with the libraries that read
// it) then loads its development build, which renders pages several times slower
// (bench:pages). A server without one runs in production; tests and the dev server set
// their own. Imported first by server/main.ts, before anything loads React.
process.env.NODE_ENV ??= "production";

/** What React runs as here: anything but "production" loads its development build. */
export const reactMode = () => (process.env.NODE_ENV === "production" ? "production" : "development");
