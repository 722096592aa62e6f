// The two calls Claquette makes (server/postgres.ts); the package ships no types.
declare module "async-exit-hook" {
  const exitHook: { hookedEvents(): string[]; unhookEvent(event: string): void };
  export default exitHook;
}
