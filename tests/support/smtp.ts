import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string };
export type TestSmtp = {
  url: string;
  received: ReceivedMail[];
  /** Recipients that get a temporary failure (450), as a busy mailbox would. */
  refuse: Set<string>;
  /** How long the server takes to accept a message (a slow server keeps sends in flight). */
  delayMs: number;
  close: () => Promise<void>;
};

/** A real SMTP server on a free port that keeps every message it receives (no mocked mailer). */
export async function startTestSmtp(): Promise<TestSmtp> {
  const smtp: TestSmtp = { url: "", received: [], refuse: new Set(), delayMs: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (smtp.refuse.has(address.address)) return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        smtp.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        setTimeout(() => callback(), smtp.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  smtp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return smtp;
}
