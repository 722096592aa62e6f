// Passwords: argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane).
import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2 uses Argon2id unless told otherwise.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when no account matches takes as long as a real check,
// so response times do not tell whether an account exists.
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword("claquette-decoy-password");
  await verifyPassword(await decoy, password);
  return false;
}
