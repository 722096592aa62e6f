// Outgoing mail: SMTP through nodemailer when SMTP_URL is set, otherwise the
// message goes to the server log so that a self-hoster can still act on it.
import nodemailer from "nodemailer";
import { publicUrl, smtpUrl } from "~/lib/env.server";

export type Mail = { to: string; subject: string; text: string };

export async function sendMail(mail: Mail): Promise<void> {
  const url = smtpUrl();
  if (!url) {
    console.log(
      `\n── mail (SMTP_URL is not set, so it is shown here) ──\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n──\n`,
    );
    return;
  }
  const transport = nodemailer.createTransport(url);
  await transport.sendMail({ from: `Claquette <no-reply@${new URL(publicUrl()).hostname}>`, ...mail });
}
