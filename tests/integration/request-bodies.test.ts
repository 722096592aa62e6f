// Request bodies are counted as they stream in and cut at the route's limit (413),
// whatever the headers say: a visitor streaming an endless form cannot fill the
// studio's memory, and the answer says so in the visitor's language.
import http from "node:http";
import { describe, expect, inject, it } from "vitest";
import { residentBytes } from "../support/proc";
import { newPerson } from "../support/people";

const base = inject("baseUrl");
const studio = inject("studioPid");

type Outcome = { status: number; text: string; sentBeforeAnswer: number };

/**
 * POST a chunked body (no Content-Length) of up to `max` bytes, 64 kB at a time,
 * and stop sending as soon as the studio answers.
 */
function streamPost(path: string, headers: Record<string, string>, max: number, onChunk = () => {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${base}${path}`, { method: "POST", headers: { Origin: base, ...headers } });
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        resolve({ status: res.statusCode!, text, sentBeforeAnswer });
        req.destroy();
      });
      res.on("error", reject);
    });
    // The studio may close the connection once it has answered: that is not a failure.
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    req.write("identifier=someone&password=");
    const pump = () => {
      while (!answered && sent < max) {
        sent += chunk.length;
        onChunk();
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function signUp() {
  const p = newPerson("b");
  const res = await fetch(`${base}/signup`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...p, redirectTo: "/" }),
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

describe("request bodies", () => {
  it("cuts an endless chunked login form at the route's limit with 413, in the visitor's language, memory bounded", async () => {
    const before = residentBytes(studio);
    let peak = before;
    let n = 0;
    const outcome = await streamPost(
      "/login",
      { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr-FR,fr;q=0.9" },
      64 * 1024 * 1024,
      () => {
        if (n++ % 16 === 0) peak = Math.max(peak, residentBytes(studio));
      },
    );
    peak = Math.max(peak, residentBytes(studio));
    expect(outcome.status).toBe(413);
    // The answer came long before the 64 MB were sent: the body was not read to its end.
    expect(outcome.sentBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
    expect(outcome.text).toContain("Votre envoi est trop volumineux");
    expect(outcome.text).toContain("256 ko");
    expect(outcome.text).toContain(`<html lang="fr"`);
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
    // …and the studio goes on serving.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);

  it("refuses a body whose declared length is over the limit, and lets routes that take files have more", async () => {
    const cookie = await signUp();
    const headers = { Origin: base, Cookie: cookie, "Content-Type": "multipart/form-data; boundary=xyz", "Accept-Language": "en" };
    const form = (size: number) => `--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n${"t".repeat(size)}\r\n--xyz--\r\n`;
    // Over the poster form's limit (6 MB): 413, with the page's message.
    const big = await fetch(`${base}/productions/new`, { method: "POST", headers, body: form(7 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("this form takes at most 6 MB");
    // Over the default limit (256 kB) but under the poster form's: read, and answered by the form.
    const mid = await fetch(`${base}/productions/new`, { method: "POST", headers, body: form(1024 * 1024) });
    expect(mid.status).not.toBe(413);
    // The same through the pages' own data requests (`.data`), as a form sent by script is.
    const viaData = await fetch(`${base}/productions/new.data`, { method: "POST", headers, body: form(1024 * 1024) });
    expect(viaData.status).not.toBe(413);
    // A form of text only (settings) keeps the default limit.
    const settings = await fetch(`${base}/settings`, { method: "POST", headers, body: form(1024 * 1024) });
    expect(settings.status).toBe(413);
    expect(await settings.text()).toContain("this form takes at most 256 kB");
  });
});
