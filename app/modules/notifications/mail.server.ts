/**
 * Sending email. Callers pass the transaction that causes the email: today the message goes to the
 * dev mailbox (JSON files under MAIL_DIR, default .data/mail); the notifications issue replaces the
 * internals with a transactional outbox + SMTP worker without changing this signature.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Tx } from "@db/client.server";
import { mailDir } from "~/modules/config.server";

export interface EmailMessage {
  to: string;
  cc?: string[];
  subject: string;
  text: string;
}

export interface StoredEmail extends EmailMessage {
  id: string;
  at: string;
}

export async function sendEmail(_tx: Tx, message: EmailMessage): Promise<void> {
  const dir = mailDir();
  await fs.mkdir(dir, { recursive: true });
  const at = new Date().toISOString();
  const id = `${at.replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  const stored: StoredEmail = { id, at, ...message };
  await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored, null, 2), "utf8");
}

/** The dev mailbox, newest first. */
export async function listMailbox(limit = 200): Promise<StoredEmail[]> {
  const dir = mailDir();
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  files.sort().reverse();
  const out: StoredEmail[] = [];
  for (const f of files.slice(0, limit)) {
    try {
      out.push(JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as StoredEmail);
    } catch {
      // a half-written file from a crash: skip it
    }
  }
  return out;
}
