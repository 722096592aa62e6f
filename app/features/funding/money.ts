// Amounts of money: integers of a currency's minor unit (cents), never floats. dinero.js
// knows each currency's exponent and splits amounts without losing a cent; the browser's
// Intl formats them in the reader's language. Shared by server and browser.
import { allocate, dinero, toDecimal, toSnapshot, type Dinero, type DineroCurrency } from "dinero.js";
import * as currencies from "dinero.js/currencies";

export type Money = { amount: number; currency: string };

const byCode = currencies as unknown as Record<string, DineroCurrency<number> | undefined>;

/** The ISO 4217 currency for a code, or null for a code that is none. */
export function currencyOf(code: string): DineroCurrency<number> | null {
  const currency = /^[A-Z]{3}$/.test(code) ? byCode[code] : undefined;
  return currency ?? null;
}

function asDinero({ amount, currency }: Money): Dinero<number> {
  const c = currencyOf(currency);
  if (!c) throw new Error(`unknown currency ${currency}`);
  if (!Number.isSafeInteger(amount)) throw new Error(`not an amount of minor units: ${amount}`);
  return dinero({ amount, currency: c });
}

/** "12.50" for 1250 EUR, "1000" for 1000 JPY: exact, for exports and forms. */
export function toDecimalString(money: Money): string {
  return toDecimal(asDinero(money));
}

/** "€12.50", "12,50 €": in the reader's language, exactly (Intl formats the decimal string). */
export function formatMoney(money: Money, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
  return format.format(toDecimalString(money) as unknown as number);
}

/**
 * Parse what a person typed ("12", "12.5", "12,50", "1 200,00") into minor units of
 * `currency`; null when it is not an amount with at most the currency's decimals.
 */
export function parseAmount(input: string, currency: string): number | null {
  const c = currencyOf(currency);
  if (!c) return null;
  const exponent = c.exponent;
  const text = input.trim().replace(/[\s\u00a0\u202f']/g, "");
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text);
  if (!match) return null;
  const [, units, fraction = ""] = match;
  if (fraction.length > exponent) return null;
  const minor = Number(units) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/** The sum of amounts of one currency, exactly. */
export function sumAmounts(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    total += a;
    if (!Number.isSafeInteger(total)) throw new Error("sum out of range");
  }
  return total;
}

/**
 * Split `money` by `ratios` (integers) so that the parts sum exactly to it: dinero.js
 * gives the remainder's cents one by one to the first parts, in order.
 */
export function allocateMoney(money: Money, ratios: readonly number[]): number[] {
  if (ratios.length === 0) return [];
  return allocate(asDinero(money), [...ratios]).map((part) => toSnapshot(part).amount);
}
