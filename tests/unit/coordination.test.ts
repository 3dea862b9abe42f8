/** Pure pieces of the coordinator's work: delivery errors in plain words, the batch's percent, shortcuts vs typing. */
import { describe, expect, it } from "vitest";
import { isTyping } from "~/components/brokering/queue";
import { plainDeliveryError } from "~/modules/brokering/delivery";
import { progressPercent } from "~/modules/matching/runs.server";

describe("delivery errors in plain words", () => {
  it.each([
    ["connect ECONNREFUSED 127.0.0.1:2", "unreachable"],
    ["Connection timeout", "timeout"],
    ["getaddrinfo ENOTFOUND smtp.example", "dns"],
    ["Invalid login: 535 5.7.8 Username and Password not accepted", "auth"],
    ["self-signed certificate in certificate chain", "tls"],
    ["550 5.1.1 <x@y.example>: Recipient address rejected: User unknown", "recipient"],
    ["552 5.2.2 Mailbox full", "mailbox_full"],
    ["554 5.7.1 Message rejected as spam", "rejected"],
    ["421 4.7.0 Try again later", "temporary"],
    ["something odd", "other"],
    [null, "other"],
  ])("%s → %s", (raw, problem) => {
    expect(plainDeliveryError(raw)).toBe(problem);
  });
});

describe("the batch's percent", () => {
  it("spreads each phase over its share, never reaching its end on an estimate", () => {
    expect(progressPercent("loading", 0, 1000)).toBe(0);
    expect(progressPercent("loading", 500, 1000)).toBe(15);
    expect(progressPercent("loading", 5000, 1000)).toBeLessThan(30);
    expect(progressPercent("matching", 0, 0)).toBe(30); // a first run: no estimate, the phase's start
    expect(progressPercent("matching", 100, 200)).toBe(58);
  });
});

describe("keyboard shortcuts never fire while typing", () => {
  const el = (tagName: string, type?: string, isContentEditable = false) => ({ tagName, type, isContentEditable }) as unknown as EventTarget;
  it("treats text fields, selects, text areas and editable content as typing; buttons and checkboxes not", () => {
    for (const t of [el("INPUT", "text"), el("INPUT", "search"), el("INPUT", "date"), el("INPUT"), el("TEXTAREA"), el("SELECT"), el("DIV", undefined, true)]) expect(isTyping(t)).toBe(true);
    for (const t of [el("INPUT", "checkbox"), el("INPUT", "radio"), el("BUTTON"), el("LI"), null]) expect(isTyping(t)).toBe(false);
  });
});
