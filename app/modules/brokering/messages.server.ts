/**
 * What brokering writes to people: introduction, reminder, "everyone is in" emails and in-app
 * notifications. Every function takes the caller's transaction (the outbox row commits with the
 * change that causes it) and writes each email in its recipient's language.
 */
import type { Tx } from "@db/client.server";
import type { Match } from "@db/schema";
import { appUrl } from "~/modules/config.server";
import { formatDate, translator, type Locale, type MessageKey, type Translate } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify, type NotificationInput } from "~/modules/notifications/notifications.server";
import { partyContacts, type Contact, type Party } from "./parties.server";
import { reasonContext, reasonText, sortedReasons, type ReasonLike, type ReasonPosting } from "./reasons";
import { joinNames, renderTemplate } from "./templates";

export interface Coordinator {
  id: string;
  name: string;
  email: string;
}

export const introductionLink = (matchId: string) => `/introductions/${matchId}`;
export const coordinationLink = (matchId: string) => `/coordination/matches/${matchId}`;

const SIGNATURE = "\n\n— Maillage";

/** One posting in a line: "Need — « Title » (Category)". */
export function postingLine(t: Translate, p: Pick<Party["posting"], "kind" | "title" | "category">): string {
  return t("mail.brokering.postingLine", { kind: t(`kind.${p.kind}` as MessageKey), title: p.title, category: t(`category.${p.category}` as MessageKey) });
}

/** The reasons with points, best first, as bullet lines (at most `max`). */
export function reasonLines(t: Translate, locale: Locale, reasons: readonly ReasonLike[], postings: readonly ReasonPosting[], max = 5): string {
  const ctx = reasonContext(postings);
  return sortedReasons(reasons)
    .filter((r) => r.weight > 0 || r.code === "pool_kind")
    .slice(0, max)
    .map((r) => `• ${reasonText(t, locale, r, ctx)}`)
    .join("\n");
}

export interface IntroductionInput {
  match: Match;
  parties: Party[];
  coordinator: Coordinator;
  note: string | null;
  templates: Record<Locale, string>;
  /** Write only to these parties (a merge introduces the newcomers; the others were introduced before). */
  onlyPostings?: string[];
}

export interface SentIntroduction {
  postingId: string;
  contact: Contact;
}

/** Email and notify every party's contacts; returns who was written to (for the introductions record). */
export async function sendIntroductions(tx: Tx, input: IntroductionInput): Promise<SentIntroduction[]> {
  const { match, parties, coordinator, note, templates } = input;
  const contacts = new Map<string, Contact[]>();
  for (const p of parties) contacts.set(p.postingId, await partyContacts(tx, p));
  const link = `${appUrl()}${introductionLink(match.id)}`;
  const sent: SentIntroduction[] = [];
  const notifications: NotificationInput[] = [];
  const seen = new Set<string>();
  for (const party of parties) {
    if (input.onlyPostings && !input.onlyPostings.includes(party.postingId)) continue;
    const others = parties.filter((p) => p.postingId !== party.postingId);
    for (const contact of contacts.get(party.postingId) ?? []) {
      const key = `${party.postingId}|${contact.email.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const locale = contact.locale;
      const t = translator(locale);
      const otherNames = joinNames(locale, others.map((o) => o.cluster.name));
      const blocks: string[] = [renderTemplate(templates[locale], { recipient: contact.name, coordinator: coordinator.name, parties: otherNames })];
      if (note) blocks.push(`${t("mail.introduction.note", { coordinator: coordinator.name })}\n${note}`);
      blocks.push(`${t("mail.introduction.yourPosting")}\n${postingLine(t, party.posting)}\n${appUrl()}/postings/${party.posting.id}`);
      const otherBlocks = others.map((o) => {
        const people = (contacts.get(o.postingId) ?? []).map((c) => `${c.name} <${c.email}>`).join(", ");
        return [
          `• ${o.cluster.name} — ${postingLine(t, o.posting)}`,
          `  ${appUrl()}/postings/${o.posting.id}`,
          `  ${people ? t("mail.introduction.contacts", { people }) : t("mail.introduction.noContact")}`,
        ].join("\n");
      });
      blocks.push(`${t("mail.introduction.otherParties")}\n${otherBlocks.join("\n")}`);
      const reasons = reasonLines(t, locale, match.reasons, parties.map((p) => p.posting));
      if (reasons) blocks.push(`${t("mail.introduction.why")}\n${reasons}`);
      blocks.push(t("mail.introduction.reply", { link, coordinator: coordinator.name }));
      await sendEmail(tx, {
        to: contact.email,
        cc: contact.email.toLowerCase() === coordinator.email.toLowerCase() ? [] : [coordinator.email],
        replyTo: coordinator.email,
        subject: t("mail.introduction.subject", { title: party.posting.title, parties: otherNames }),
        text: blocks.join("\n\n") + SIGNATURE,
        kind: "introduction",
      });
      sent.push({ postingId: party.postingId, contact });
      if (contact.userId) {
        notifications.push({
          userId: contact.userId,
          kind: "brokering_introduction",
          payload: { coordinator: coordinator.name, parties: otherNames, title: party.posting.title },
          link: introductionLink(match.id),
        });
      }
    }
  }
  await notify(tx, notifications);
  return sent;
}

export interface Recipient {
  postingId: string;
  userId: string | null;
  email: string;
  name: string;
  locale: Locale;
}

/** Everyone who was introduced, for messages sent later about the same match. */
export function otherNamesFor(locale: Locale, parties: Party[], postingId: string): string {
  return joinNames(
    locale,
    parties.filter((p) => p.postingId !== postingId).map((p) => p.cluster.name),
  );
}

/** "Everyone is interested": an email to every introduced person, the coordinator in copy. */
export async function sendInProgress(tx: Tx, match: Match, parties: Party[], recipients: Recipient[], coordinator: Coordinator | null): Promise<void> {
  const link = `${appUrl()}${introductionLink(match.id)}`;
  for (const r of recipients) {
    const t = translator(r.locale);
    const party = parties.find((p) => p.postingId === r.postingId);
    const title = party?.posting.title ?? "";
    await sendEmail(tx, {
      to: r.email,
      cc: coordinator && coordinator.email.toLowerCase() !== r.email.toLowerCase() ? [coordinator.email] : [],
      replyTo: coordinator?.email,
      subject: t("mail.inProgress.subject", { title }),
      text: t("mail.inProgress.body", { name: r.name, title, parties: otherNamesFor(r.locale, parties, r.postingId), link }) + SIGNATURE,
      kind: "brokering",
    });
  }
}

/** A reminder to one party's introduced contacts. */
export async function sendReminder(tx: Tx, match: Match, parties: Party[], recipients: Recipient[], coordinator: Coordinator | null): Promise<void> {
  const link = `${appUrl()}${introductionLink(match.id)}`;
  for (const r of recipients) {
    const t = translator(r.locale);
    const party = parties.find((p) => p.postingId === r.postingId);
    const title = party?.posting.title ?? "";
    await sendEmail(tx, {
      to: r.email,
      cc: coordinator && coordinator.email.toLowerCase() !== r.email.toLowerCase() ? [coordinator.email] : [],
      replyTo: coordinator?.email,
      subject: t("mail.reminder.subject", { title }),
      text:
        t("mail.reminder.body", {
          name: r.name,
          coordinator: coordinator?.name ?? t("brokering.coordination"),
          parties: otherNamesFor(r.locale, parties, r.postingId),
          date: match.decidedAt ? formatDate(r.locale, match.decidedAt) : "",
          title,
          link,
        }) + SIGNATURE,
      kind: "reminder",
    });
  }
  await notify(
    tx,
    recipients
      .filter((r) => r.userId)
      .map((r) => ({ userId: r.userId!, kind: "brokering_reminder", payload: { title: parties.find((p) => p.postingId === r.postingId)?.posting.title ?? "" }, link: introductionLink(match.id) })),
  );
}

/** A merge: the people already introduced hear who joins them (email, coordinator in copy, and in-app). */
export async function sendJoined(tx: Tx, match: Match, parties: Party[], newcomers: string[], recipients: Recipient[], coordinator: Coordinator): Promise<void> {
  const link = `${appUrl()}${introductionLink(match.id)}`;
  const joining = parties.filter((p) => newcomers.includes(p.postingId));
  const notifications: NotificationInput[] = [];
  for (const r of recipients) {
    if (newcomers.includes(r.postingId)) continue;
    const t = translator(r.locale);
    const party = parties.find((p) => p.postingId === r.postingId);
    const title = party?.posting.title ?? "";
    const names = joinNames(r.locale, joining.map((j) => j.cluster.name));
    const lines = joining.map((j) => `• ${j.cluster.name} — ${postingLine(t, j.posting)}\n  ${appUrl()}/postings/${j.posting.id}`).join("\n");
    await sendEmail(tx, {
      to: r.email,
      cc: coordinator.email.toLowerCase() !== r.email.toLowerCase() ? [coordinator.email] : [],
      replyTo: coordinator.email,
      subject: t("mail.joined.subject", { title, parties: names }),
      text: t("mail.joined.body", { name: r.name, coordinator: coordinator.name, title, parties: names, lines, link }) + SIGNATURE,
      kind: "brokering",
    });
    if (r.userId) notifications.push({ userId: r.userId, kind: "brokering_joined", payload: { parties: names, title }, link: introductionLink(match.id) });
  }
  await notify(tx, notifications);
}
