// Login throttling over HTTP, each client on its own loopback address (the studio
// counts per TCP peer): one count per account however it is typed, and guessing
// never locks the owner out of a browser they logged in from before.
import { describe, expect, inject, it } from "vitest";
import { LOGIN_LIMITS } from "~/features/auth/throttle.server";
import { createUser } from "~/features/auth/user.server";
import { freshAddress, requestFrom, setCookie } from "../support/http-from";
import { newPerson } from "../support/people";

const base = inject("baseUrl");
const throttledText = "Too many failed attempts";

async function account() {
  const p = newPerson("lock");
  expect((await createUser(p)).ok).toBe(true);
  return p;
}

function login(identifier: string, password: string, { from = freshAddress(), cookie }: { from?: string; cookie?: string } = {}) {
  return requestFrom(from, `${base}/login`, {
    method: "POST",
    headers: {
      Origin: base,
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept-Language": "en",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams({ identifier, password, redirectTo: "/" }).toString(),
  });
}

async function expectIn(answer: Awaited<ReturnType<typeof login>>) {
  expect(answer.text).not.toContain(throttledText);
  expect(answer.status).toBe(302);
  expect(setCookie(answer, "claquette_session")).toBeTruthy();
}

function expectThrottled(answer: Awaited<ReturnType<typeof login>>) {
  expect(answer.status).toBe(200);
  expect(answer.text).toContain(throttledText);
  expect(setCookie(answer, "claquette_session")).toBeUndefined();
}

describe("login throttling", () => {
  it("counts the handle and the email of an account as one", async () => {
    const p = await account();
    // Guesses against the handle, spread over addresses…
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) await login(p.handle, `wrong guess ${i}`);
    // …count against the same account typed as its email.
    expectThrottled(await login(p.email, p.password));
    expectThrottled(await login(p.email.toUpperCase(), `wrong again`));
  });

  it("does not stop the owner on another address when one address guesses on", async () => {
    const p = await account();
    const attacker = freshAddress();
    for (let i = 0; i < LOGIN_LIMITS.accountAddress.max + 5; i++) await login(p.handle, `wrong guess ${i}`, { from: attacker });
    // The guessing address is stopped, right password or not…
    expectThrottled(await login(p.handle, p.password, { from: attacker }));
    // …the owner, elsewhere, is not.
    await expectIn(await login(p.handle, p.password));
    await expectIn(await login(p.email, p.password));
  });

  it("lets the owner's browser in with its device cookie while guesses from many addresses stop the others", async () => {
    const p = await account();
    const home = freshAddress();
    const first = await login(p.handle, p.password, { from: home });
    await expectIn(first);
    const device = setCookie(first, "claquette_device");
    expect(device).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);

    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) await login(p.handle, `wrong guess ${i}`);
    // A client without the cookie is stopped, even with the right password…
    expectThrottled(await login(p.email, p.password));
    expectThrottled(await login(p.handle, p.password, { from: home }));
    // …the owner's browser is not, wherever it is.
    await expectIn(await login(p.handle, p.password, { from: home, cookie: `claquette_device=${device}` }));
    await expectIn(await login(p.email, p.password, { cookie: `claquette_device=${device}` }));
  });
});
