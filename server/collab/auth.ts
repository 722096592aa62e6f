// Who may open a live document: checked once, at the websocket upgrade, from the
// session cookie, the Origin header and the policy. Visitors (no cookie) read what
// the policy lets them read; a cookie that no longer works is refused outright.
import type { IncomingMessage } from "node:http";
import { BlockList } from "node:net";
import { readCookie, SESSION_COOKIE } from "../../app/features/auth/session.ts";
import { validateSessionToken } from "../../app/features/auth/session.server.ts";
import { resolveDocument, roleInProduction, type DocumentInfo } from "../../app/features/collab/store.server.ts";
import { can, type Resource } from "../../app/lib/policy.ts";
import { clientAddressOf } from "../proxies.ts";
import { docNameFromPath } from "./path.ts";
export { colourFor } from "../../app/features/collab/presence.ts";

export type Person = { id: string; name: string; sessionId: string };

export type Admission =
  | { ok: true; info: DocumentInfo; person: Person | null; canEdit: boolean; mayDiscuss: boolean; address: string }
  | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** `trustedProxies`: whose X-Forwarded-For gives a visitor's address (as for HTTP requests). */
export async function admit(req: IncomingMessage, publicUrl: string, trustedProxies = new BlockList()): Promise<Admission> {
  const name = docNameFromPath(req.url);
  if (!name) return { ok: false, status: 400, reason: "no document name" };
  if (req.headers.origin !== publicUrl) return { ok: false, status: 403, reason: `foreign origin ${req.headers.origin ?? "(none)"}` };

  let person: Person | null = null;
  let isAdmin = false;
  let suspended = false;
  const token = readCookie(req.headers.cookie ?? null, SESSION_COOKIE);
  if (token) {
    const session = await validateSessionToken(token);
    if (!session) return { ok: false, status: 401, reason: "session expired or revoked" };
    person = { id: session.user.id, name: session.user.displayName, sessionId: session.sessionId };
    isAdmin = session.user.isAdmin;
    suspended = session.user.suspendedAt !== null;
  }

  const info = await resolveDocument(name);
  if (!info) return { ok: false, status: 404, reason: `unknown document ${name}` };
  const role = await roleInProduction(info.productionId, person?.id);
  const resource: Resource = {
    type: "document",
    kind: info.kind,
    role,
    membersEditScript: info.membersEditScript,
    ...(info.decisionStatus ? { decisionStatus: info.decisionStatus } : {}),
    ...(info.wikiProtected !== undefined ? { wikiProtected: info.wikiProtected } : {}),
  };
  const user = person ? { id: person.id, isAdmin, suspended } : null;
  if (!can(user, "read", resource)) return { ok: false, status: person ? 403 : 401, reason: "no read right" };
  return {
    ok: true,
    info,
    person,
    canEdit: can(user, "edit", resource),
    // Comments are read by those who may discuss (the script page's loader asks the same).
    mayDiscuss: can(user, "discuss", { type: "production", role }),
    address: clientAddressOf(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies),
  };
}
