// What people type into the account forms, checked at the boundary.
import { z } from "zod";
import { optionalText, requiredText } from "~/lib/forms";

const reservedHandles = new Set(["admin", "administrator", "root", "claquette", "api", "settings", "login", "logout", "signup", "support", "system", "anonymous"]);

export const handleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{3,30}$/, "field.handle")
  .refine((h) => !reservedHandles.has(h), "field.handleReserved");

export const emailSchema = z.string().trim().toLowerCase().max(254, "field.email").pipe(z.email("field.email"));
export const newPasswordSchema = z.string().min(10, "field.passwordShort").max(200, "field.tooLong:200");

export const signupSchema = z.object({
  handle: handleSchema,
  displayName: requiredText(60),
  email: emailSchema,
  password: newPasswordSchema,
});
export const signupFields = ["handle", "displayName", "email", "password"] as const;

export const loginSchema = z.object({
  identifier: requiredText(254),
  password: z.string().min(1, "field.required").max(200, "field.tooLong:200"),
});
export const loginFields = ["identifier", "password"] as const;

export const forgotSchema = z.object({ email: emailSchema });
export const resetSchema = z.object({ password: newPasswordSchema });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "field.required"),
  newPassword: newPasswordSchema,
});
export const profileSchema = z.object({ displayName: requiredText(60), bio: optionalText(1000) });
