import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./database-unreachable.server";

/** An error as Node's sockets make them. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });
/** An error as PostgreSQL sends them, through node-postgres. */
const serverError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnreachable", () => {
  it.each([
    ["the database refuses connections", socketError("ECONNREFUSED")],
    ["a connection reset", socketError("ECONNRESET")],
    ["an administrator's or a restart's termination", serverError("57P01", "terminating connection due to administrator command")],
    ["a database starting up", serverError("57P03", "the database system is starting up")],
    ["every connection in use", serverError("53300", "sorry, too many clients already")],
    ["node-postgres losing its connection", new Error("Connection terminated unexpectedly")],
    ["Prisma's driver adapter error", Object.assign(new Error("DriverAdapterError"), { cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 } })],
    ["Prisma's known error", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    ["a cause two levels down", new Error("loader failed", { cause: new Error("query failed", { cause: socketError("ECONNREFUSED") }) })],
  ])("yes: %s", (_, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ["a unique constraint", serverError("23505", "duplicate key value violates unique constraint")],
    ["Prisma's record not found", Object.assign(new Error("No record was found"), { code: "P2025" })],
    ["a syntax error", serverError("42601", "syntax error at or near")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a thrown Response", new Response("Not found", { status: 404 })],
    ["nothing", undefined],
  ])("no: %s", (_, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });
});
