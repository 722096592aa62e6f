// The client's network address, as the server saw the connection (server/app.ts
// overwrites this header on every request, so a client cannot choose it).
export const CLIENT_ADDRESS_HEADER = "x-claquette-client-address";

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
