/** Where the worker hands messages: SMTP (nodemailer, SMTP_URL) or the dev mailbox. */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { mailDir, setting } from "~/modules/config.server";
import type { StoredEmail } from "./mail.server";

export interface OutgoingMessage {
  to: string;
  cc: string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  /** Stable id, sent as Message-ID so a duplicate after a crash can be recognised by clients. */
  messageId: string;
}

export interface Transport {
  name: string;
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

export function mailFrom(): string {
  return setting("MAIL_FROM") ?? "Maillage <no-reply@maillage.example>";
}

export function smtpTransport(url: string): Transport {
  const transporter = nodemailer.createTransport(url, { from: mailFrom() });
  return {
    name: "smtp",
    async send(m) {
      await transporter.sendMail({ from: mailFrom(), to: m.to, cc: m.cc.length ? m.cc : undefined, replyTo: m.replyTo ?? undefined, subject: m.subject, text: m.text, messageId: m.messageId });
    },
    close: () => transporter.close(),
  };
}

export function devMailboxTransport(dir = mailDir()): Transport {
  return {
    name: "dev-mailbox",
    async send(m) {
      await fs.mkdir(dir, { recursive: true });
      const at = new Date().toISOString();
      const id = `${at.replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
      const stored: StoredEmail = { id, at, to: m.to, cc: m.cc, replyTo: m.replyTo ?? undefined, subject: m.subject, text: m.text };
      // write then rename: a reader never sees half a file
      const file = path.join(dir, `${id}.json`);
      await fs.writeFile(`${file}.tmp`, JSON.stringify(stored, null, 2), "utf8");
      await fs.rename(`${file}.tmp`, file);
    },
  };
}

export function defaultTransport(): Transport {
  const url = setting("SMTP_URL");
  return url ? smtpTransport(url) : devMailboxTransport();
}
