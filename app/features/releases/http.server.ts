// What the Node server mounts for release files, in one place (server/app.ts).
export { serveReleaseFile, serveReleaseTorrent } from "./download.server";
export { serveRendition } from "./rendition-http.server";
export { handleUpload } from "./tus.server";
