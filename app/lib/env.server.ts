// What the app needs to know about where it runs. server/main.ts resolves the
// configuration of DESIGN.md and puts it in the environment before loading the app.
export function publicUrl(): string {
  return new URL(process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).origin;
}

/** Cookies are `Secure` whenever the studio is served over https. */
export function secureCookies(): boolean {
  return publicUrl().startsWith("https:");
}

export function smtpUrl(): string | undefined {
  return process.env.SMTP_URL || undefined;
}
