// Importing files written elsewhere, in Chromium, on a phone, in French, by keyboard: an
// empty file asks first with Cancel as the default (Enter keeps the script), and a
// Windows-1252 file is read with its accents, saying so before anything changes.
import { testProduction, testUser } from "../support/collab";
import { a11y, expect, signInAs, test, visit } from "../support/browser";

test("an empty file asks first, Cancel by default; a Windows-1252 file arrives with its accents and a notice", async ({ person }) => {
  const margaux = await testUser("margaux");
  const { production } = await testProduction(margaux);
  const { currentScript, importFountain, scriptDocName } = await import("~/features/script/script.server");
  const { resolveDocument } = await import("~/features/collab/store.server");
  const name = scriptDocName(production.id);
  await importFountain((await resolveDocument(name))!, "INT. PHARE - NUIT\n\nNoor monte l’escalier.\n", margaux.id, "phare.fountain");
  const kept = await currentScript(name);
  const script = `/p/${production.slug}/script`;

  const phone = await person({ locale: "fr-FR", viewport: { width: 390, height: 844 }, hasTouch: true });
  await signInAs(phone, margaux);
  await visit(phone, `${script}/import`);
  await phone.getByLabel("Fichier Fountain").setInputFiles({ name: "vide.fountain", mimeType: "text/plain", buffer: Buffer.from("\n\n") });
  await phone.getByRole("button", { name: "Lire le fichier" }).press("Enter");
  await expect.poll(() => phone.getByTestId("import-empty").textContent()).toContain("L’importer viderait le scénario");
  await a11y(phone);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // Cancel has the focus: Enter, the reflex, keeps the script.
  await expect.poll(() => phone.evaluate(() => document.activeElement?.textContent)).toBe("Annuler");
  await phone.keyboard.press("Enter");
  await phone.waitForURL((url) => url.pathname === script);
  await a11y(phone);
  expect(await currentScript(name)).toStrictEqual(kept);

  // Latin-1 as fountain-js's bigfish.fountain is saved (Windows-1252: ’ is 0x92).
  const latin = Buffer.from(Array.from("INT. CAFÉ DES ÉTOILES - SOIR\n\nHélène entre, l’air de rien.\n", (c) => (c === "’" ? 0x92 : c.charCodeAt(0))));
  await visit(phone, `${script}/import`);
  await phone.getByLabel("Fichier Fountain").setInputFiles({ name: "bigfish.fountain", mimeType: "text/plain", buffer: latin });
  await phone.getByRole("button", { name: "Lire le fichier" }).press("Enter");
  await expect.poll(() => phone.getByTestId("import-encoding").textContent()).toContain("Windows-1252");
  expect(await phone.getByTestId("import-encoding").textContent()).toContain("Hélène entre, l’air de rien.");
  await a11y(phone);
  await phone.getByRole("button", { name: "Remplacer le scénario" }).press("Enter");
  await phone.waitForURL((url) => url.pathname === script);
  await a11y(phone);
  await expect.poll(async () => JSON.stringify(await currentScript(name))).toContain("Hélène entre, l’air de rien.");
}, 180_000); // the file worker starts from the sources in this process, then in the studio
