// Whether an error says the database cannot be reached just now (a restart, a failover,
// every connection in use), rather than that a query is wrong: such a request is answered
// 503 with Retry-After, so that visitors, crawlers and monitors know it is for a moment
// (a cache in front answers with the page it holds, if it holds one).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);
// PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections;
// Prisma: can't reach, timed out, server closed the connection, no connection from the pool.
const CODES = new Set([...SOCKET_CODES, "57P01", "57P02", "57P03", "53300", "P1001", "P1002", "P1017", "P2024"]);
// The driver adapter's names for the same (Prisma's DriverAdapterError causes).
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES = /Connection terminated|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|timeout exceeded when trying to connect/i;

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === "string" && (CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof kind === "string" && KINDS.has(kind)) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
  }
  return false;
}
