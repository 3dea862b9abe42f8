/** A real SMTP server on loopback (the `smtp-server` package) that records what it receives, for tests. */
import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Received {
  to: string;
  cc: string;
  replyTo: string;
  subject: string;
  text: string;
  messageId: string;
}

/** Can be stopped and restarted on the same port (to simulate the mail server going down and back). */
export class TestSmtp {
  received: Received[] = [];
  private server?: SMTPServer;
  port = 0;
  async start(port = 0) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const addr = (a: typeof mail.to) => (Array.isArray(a) ? a.map((x) => x.text).join(", ") : (a?.text ?? ""));
            this.received.push({
              to: addr(mail.to),
              cc: addr(mail.cc),
              replyTo: mail.replyTo?.text ?? "",
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              messageId: mail.messageId ?? "",
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = undefined;
  }
  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }
  /** Messages received for an address (To), oldest first. */
  to(address: string): Received[] {
    return this.received.filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
  }
}
