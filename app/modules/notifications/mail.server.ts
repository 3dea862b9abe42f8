/**
 * Sending email = writing a row to the outbox inside the caller's transaction. Nothing is sent until
 * that transaction commits, and nothing is lost if the mail server is down: the delivery worker
 * (worker.server.ts) sends it, retrying with back-off. Without SMTP_URL, messages are delivered to the
 * dev mailbox (JSON files under MAIL_DIR, shown at /dev/mail).
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Tx } from "@db/client.server";
import { outbox } from "@db/schema";
import { mailDir } from "~/modules/config.server";

export interface EmailMessage {
  to: string;
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  /** What caused it, e.g. "invitation", "password_reset", "introduction". */
  kind?: string;
}

export interface StoredEmail extends EmailMessage {
  id: string;
  at: string;
}

export async function sendEmail(tx: Tx, message: EmailMessage): Promise<void> {
  await tx.insert(outbox).values({
    toAddress: message.to,
    cc: message.cc ?? [],
    replyTo: message.replyTo ?? null,
    subject: message.subject,
    bodyText: message.text,
    kind: message.kind ?? "other",
  });
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
