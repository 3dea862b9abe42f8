/**
 * The zod schemas of the password forms (accept an invitation, reset, change). They live in a server
 * module, not at the top of the route modules: a route module is also a browser bundle, where every
 * `*.server` import is empty, so building a schema there with server helpers breaks the page's script
 * (tests/unit/route-modules.test.ts keeps it so).
 */
import { z } from "zod";
import { LOCALES } from "~/modules/i18n";
import { confirmMatches, newPasswordFields } from "~/modules/validation/form.server";

export const acceptInvitationSchema = confirmMatches(z.object({ name: z.string().min(2).max(120), ...newPasswordFields }));

export const resetPasswordSchema = confirmMatches(z.object(newPasswordFields));

export const changePasswordSchema = confirmMatches(z.object({ intent: z.literal("password"), current: z.string().max(200), ...newPasswordFields }));

export const profileSchema = z.object({ intent: z.literal("profile"), name: z.string().min(2).max(120), locale: z.enum(LOCALES) });
