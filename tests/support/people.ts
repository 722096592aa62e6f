// Unique people for tests that share one database.
let n = 0;
export function newPerson(prefix = "p") {
  const id = `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.slice(0, 30);
  return { handle: id, displayName: `Test ${id}`, email: `${id}@example.org`, password: "correct horse battery" };
}
