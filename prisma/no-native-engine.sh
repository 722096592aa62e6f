#!/bin/sh
# Prisma's CLI looks for a native schema engine before any command and downloads
# one from Prisma's host when it is missing. Claquette generates its client with
# the CLI (which needs no schema engine for that) and migrates with the wasm
# schema engine (server/migrate.ts), so the CLI is pointed here instead.
echo "Claquette migrates with server/migrate.ts: use 'npm run db:migration -- <name>' to write a migration; 'npm start' applies them." >&2
exit 1
