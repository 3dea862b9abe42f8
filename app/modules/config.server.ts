/**
 * Runtime configuration from the environment: ONE validated description of every variable
 * (`ENV_SCHEMA`), checked at start by `checkConfig()` (scripts/start.ts, worker, db commands), which
 * refuses bad values with a clear message instead of silently falling back. Values are read at call
 * time through the accessors below, so tests may set them per case.
 * NB: the Remix compiler replaces `process.env.NODE_ENV` in the server bundle with the build mode,
 * so the runtime value is read through an alias to honour what the operator actually set.
 */
import { z } from "zod";

const env: Record<string, string | undefined> = process.env;

const int = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const ms = int(10, 24 * 3600_000);
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

const DAY_LIST = /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/;

/** Every environment variable the app reads, with its rule. Defaults live with the accessors. */
export const ENV_SCHEMA = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]),
  DATABASE_URL: z.union([z.literal(""), url(["postgres:", "postgresql:", "memory:"])]),
  PGLITE_DIR: z.string().min(1),
  DATABASE_POOL_MAX: int(1, 1000),
  PORT: int(1, 65535),
  HOST: z.string().min(1),
  APP_URL: url(["http:", "https:"]),
  TRUST_PROXY: z.string().min(1),
  SMTP_URL: z.union([z.literal(""), url(["smtp:", "smtps:"])]),
  MAIL_FROM: z.string().min(3),
  MAIL_DIR: z.string().min(1),
  WORKER: z.enum(["on", "off"]),
  WORKER_POLL_MS: ms,
  WEB_CONCURRENCY: z.union([z.literal(""), int(1, 256)]),
  OUTBOX_MAX_ATTEMPTS: int(1, 1000),
  OUTBOX_RETRY_BASE_MS: ms,
  OUTBOX_RETRY_MAX_MS: ms,
  OUTBOX_LEASE_SECONDS: int(1, 24 * 3600),
  MATCH_QUEUE_POLL_MS: ms,
  MATCH_BATCH_INTERVAL_HOURS: z.coerce.number().positive().max(24 * 365),
  MATCH_BATCH_POLL_MS: ms,
  BROKERING_POLL_MS: ms,
  FUNDING_REMINDER_DAYS: z
    .string()
    .regex(DAY_LIST, "must be a comma-separated list of days, e.g. 30,7,1")
    .refine((v) => !DAY_LIST.test(v) || v.split(",").every((d) => Number(d) <= 365), "each day must be at most 365"),
  SIGNIN_MAX_FAILURES: int(1, 10_000),
  MAX_BODY_BYTES: int(1024, 1_000_000_000),
  MAX_IMPORT_BYTES: int(1024, 1_000_000_000),
  MIGRATIONS_DIR: z.string().min(1),
  SKIP_BUILD_CHECK: z.enum(["0", "1"]),
}).partial();

export type EnvName = keyof z.infer<typeof ENV_SCHEMA>;

/** The problems of an environment, one readable line per bad variable (empty when all is well). */
export function configProblems(source: Record<string, string | undefined> = env): string[] {
  const known = Object.keys(ENV_SCHEMA.shape) as EnvName[];
  const given: Record<string, string> = {};
  for (const name of known) if (source[name] !== undefined) given[name] = source[name]!;
  const r = ENV_SCHEMA.safeParse(given);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}=${JSON.stringify(given[String(i.path[0])])}: ${i.message}`);
  const base = Number(source.OUTBOX_RETRY_BASE_MS ?? 30_000);
  const max = Number(source.OUTBOX_RETRY_MAX_MS ?? 1_800_000);
  if (r.success && base > max) problems.push(`OUTBOX_RETRY_BASE_MS (${base}) must not exceed OUTBOX_RETRY_MAX_MS (${max})`);
  return problems;
}

/** At start: refuse a bad configuration with a clear message (exit code 2), before anything runs. */
export function checkConfig(source: Record<string, string | undefined> = env, exit: (code: number) => never = process.exit): void {
  const problems = configProblems(source);
  if (problems.length === 0) return;
  console.error(`[maillage] the configuration is not valid (see README, "Configuration"):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  exit(2);
}

/** A configured value, or undefined when unset or blank. */
export function setting(name: EnvName): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v;
}

export function isProduction(): boolean {
  return env["NODE_ENV"] === "production";
}

export function appUrl(): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, "");
}

export function mailDir(): string {
  return env.MAIL_DIR ?? ".data/mail";
}

/** A numeric setting (validated at start by `checkConfig`), or its default when unset. */
export function num(name: EnvName, fallback: number): number {
  const raw = setting(name);
  const v = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(v) ? v : fallback;
}

export const limits = {
  /** Failed sign-ins allowed per account and per IP in the window. */
  get signInFailures() {
    return num("SIGNIN_MAX_FAILURES", 10);
  },
  signInWindowMinutes: 15,
  invitationDays: 7,
  resetMinutes: 60,
  passwordMin: 12,
  /** Request bodies larger than this are refused with 413 (bytes). */
  get bodyBytes() {
    return num("MAX_BODY_BYTES", 1_000_000);
  },
  /** Larger bodies are accepted on import routes. */
  get importBodyBytes() {
    return num("MAX_IMPORT_BYTES", 20_000_000);
  },
};
