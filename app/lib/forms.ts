// Forms at the boundary: zod schemas whose messages are message keys, so that a
// field's error is shown in the reader's language beside the field, and the
// values typed come back with it (passwords excepted: they are never echoed).
import { z } from "zod";
import { isMessageKey, type MessageKey, type Vars } from "./i18n";

export type FieldError = { key: MessageKey; vars?: Vars };
export type FieldErrors = Record<string, FieldError>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string> };

/** A message naming a length limit: "field.tooLong:120". */
export const tooLong = (max: number) => `field.tooLong:${max}`;

/** A required, trimmed text of at most `max` characters. */
export const requiredText = (max: number) =>
  z.string().trim().min(1, "field.required").max(max, tooLong(max));
/** An optional trimmed text of at most `max` characters ("" when absent). */
export const optionalText = (max: number) => z.string().trim().max(max, tooLong(max));

function toFieldError(message: string): FieldError {
  const [key, count] = message.split(":");
  if (!isMessageKey(key)) return { key: "field.required" };
  // "field.tooLong:120": the number is the message's {count}, for its singular form.
  return count ? { key, vars: { count: Number(count) } } : { key };
}

const secretFields = /password/i;

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !secretFields.test(name)) values[name] = value;
  }
  return values;
}

export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  fields: readonly string[],
): { ok: true; data: z.infer<S> } | FormFailure {
  // Missing fields become "", so that "required" is the error, not a type error.
  const input: Record<string, unknown> = {};
  for (const name of fields) {
    const all = formData.getAll(name);
    const value = all.length > 1 ? all : all[0];
    input[name] = value ?? "";
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= toFieldError(issue.message);
  }
  return { ok: false, errors, values: formValues(formData) };
}

export function fail(formData: FormData, errors: FieldErrors): FormFailure {
  return { ok: false, errors, values: formValues(formData) };
}

/**
 * An irreversible action is sent with its "I understand" box ticked; the server checks
 * it, so the step holds without JavaScript and against a form sent by hand (decision 0034).
 */
export function confirmed(formData: FormData): boolean {
  return formData.get("confirm") === "yes";
}
