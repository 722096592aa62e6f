// The Creative Commons 4.0 family and CC0 (reference/licences.md). Pure data and rules.

export type Licence = {
  /** The SPDX id: kept in data and machine-readable outputs, never shown to people. */
  spdx: string;
  /** The licence's own short name, as Creative Commons writes it: what people read. */
  name: string;
  uri: string;
  commercial: boolean;
  derivatives: boolean;
  shareAlike: boolean;
  attribution: boolean;
};

export const licences = [
  { spdx: "CC-BY-SA-4.0", name: "CC BY-SA 4.0", uri: "https://creativecommons.org/licenses/by-sa/4.0/", commercial: true, derivatives: true, shareAlike: true, attribution: true },
  { spdx: "CC-BY-4.0", name: "CC BY 4.0", uri: "https://creativecommons.org/licenses/by/4.0/", commercial: true, derivatives: true, shareAlike: false, attribution: true },
  { spdx: "CC0-1.0", name: "CC0 1.0", uri: "https://creativecommons.org/publicdomain/zero/1.0/", commercial: true, derivatives: true, shareAlike: false, attribution: false },
  { spdx: "CC-BY-NC-SA-4.0", name: "CC BY-NC-SA 4.0", uri: "https://creativecommons.org/licenses/by-nc-sa/4.0/", commercial: false, derivatives: true, shareAlike: true, attribution: true },
  { spdx: "CC-BY-NC-4.0", name: "CC BY-NC 4.0", uri: "https://creativecommons.org/licenses/by-nc/4.0/", commercial: false, derivatives: true, shareAlike: false, attribution: true },
  { spdx: "CC-BY-ND-4.0", name: "CC BY-ND 4.0", uri: "https://creativecommons.org/licenses/by-nd/4.0/", commercial: true, derivatives: false, shareAlike: false, attribution: true },
  { spdx: "CC-BY-NC-ND-4.0", name: "CC BY-NC-ND 4.0", uri: "https://creativecommons.org/licenses/by-nc-nd/4.0/", commercial: false, derivatives: false, shareAlike: false, attribution: true },
] as const satisfies readonly Licence[];

export type LicenceId = (typeof licences)[number]["spdx"];
export const licenceIds = licences.map((l) => l.spdx) as [LicenceId, ...LicenceId[]];
/** Copyleft is the studio's default: derivatives must keep the licence. */
export const defaultLicence: LicenceId = "CC-BY-SA-4.0";

export function licence(spdx: string): Licence | undefined {
  return licences.find((l) => l.spdx === spdx);
}

/** The short name people read ("CC BY-SA 4.0"), for a stored SPDX id. */
export function licenceName(spdx: string): string {
  return licence(spdx)?.name ?? spdx;
}

/** What a producer should be warned about when choosing this licence. */
export function licenceWarnings(spdx: string): ("notCopyleft" | "noRemix")[] {
  const l = licence(spdx);
  if (!l) return [];
  const warnings: ("notCopyleft" | "noRemix")[] = [];
  if (!l.derivatives) warnings.push("noRemix");
  else if (!l.shareAlike) warnings.push("notCopyleft");
  return warnings;
}
