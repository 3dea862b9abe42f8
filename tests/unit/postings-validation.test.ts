import { CATEGORIES, TITLE_MAX, type Category } from "~/modules/postings/constants";
import { formToPostingRaw, parseDecimal, toNumber, validatePosting, type ValidationResult } from "~/modules/postings/validation";

/** A complete, valid form entry for each category: its own fields filled in. */
const VALID: Record<Category, Record<string, unknown>> = {
  research: { attributes: { topic: "Décarbonation du camionnage", deliverable: "study" }, budgetMax: "60000" },
  office_space: { region: "montreal", startDate: "2027-02-01", quantity: "4", unit: "desks", attributes: { amenities: ["meeting_room", "furnished"] } },
  it_support: { quantity: "12", unit: "seats", attributes: { service: "helpdesk" } },
  joint_grant: { programme: "MEIE – Économie circulaire 2027", deadline: "2027-02-15", attributes: { role: "lead", amountSought: "250 000" } },
  expertise: { attributes: { domain: "Bilan GES" } },
  training: { quantity: "12", attributes: { topic: "Écoconception", format: "hybrid" } },
  equipment: { quantity: "30", unit: "hours", attributes: { item: "Imprimante 3D métal", access: "rental" } },
  events: { quantity: "60", attributes: { eventType: "networking", ecoResponsible: "true" } },
  group_purchasing: { quantity: "25", unit: "licences", attributes: { item: "Licences Microsoft 365" } },
  other: {},
};

/** The fields each category requires in the form (besides the common ones). */
const REQUIRED: Record<Category, string[]> = {
  research: ["attributes.topic", "attributes.deliverable"],
  office_space: ["region", "startDate", "quantity"],
  it_support: ["attributes.service"],
  joint_grant: ["programme", "deadline", "attributes.role"],
  expertise: ["attributes.domain"],
  training: ["attributes.topic", "attributes.format"],
  equipment: ["attributes.item", "attributes.access"],
  events: ["attributes.eventType"],
  group_purchasing: ["attributes.item"],
  other: [],
};

const base = { kind: "need", title: "Un titre clair", description: "Une description.", language: "fr" };
const entry = (category: Category, extra: Record<string, unknown> = {}) => ({ ...base, category, ...VALID[category], ...extra });

function fields(r: ValidationResult): Record<string, string> {
  return r.ok ? {} : Object.fromEntries(r.issues.map((i) => [i.field, i.key]));
}

function without(obj: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj, attributes: { ...((obj.attributes as object) ?? {}) } };
  if (path.startsWith("attributes.")) delete (copy.attributes as Record<string, unknown>)[path.slice(11)];
  else delete copy[path];
  return copy;
}

describe("posting validation: each category", () => {
  for (const category of CATEGORIES) {
    it(`${category}: a complete entry is valid`, () => {
      const r = validatePosting(entry(category));
      expect(fields(r)).toEqual({});
      expect(r.ok && r.data.category).toBe(category);
    });
    for (const field of REQUIRED[category]) {
      it(`${category}: ${field} is required`, () => {
        const r = validatePosting(without(entry(category), field));
        expect(r.ok).toBe(false);
        expect(fields(r)[field]).toBe("error.required");
      });
    }
  }

  it("office space: the unit is desks or m², nothing else", () => {
    expect(fields(validatePosting(entry("office_space", { unit: "seats" }))).unit).toBe("postings.error.unit");
    expect(fields(validatePosting(entry("office_space", { unit: "" }))).unit).toBe("postings.error.unitRequired");
    expect(validatePosting(entry("office_space", { quantity: "120", unit: "m2" })).ok).toBe(true);
  });

  it("office space: amenities must come from the list", () => {
    const r = validatePosting(entry("office_space", { attributes: { amenities: ["meeting_room", "jacuzzi"] } }));
    expect(fields(r)["attributes.amenities"]).toBe("error.choice");
  });

  it("it_support: the service must be one of the five", () => {
    expect(fields(validatePosting(entry("it_support", { attributes: { service: "catering" } })))["attributes.service"]).toBe("error.choice");
    for (const service of ["helpdesk", "licences", "hardware_purchase", "cybersecurity", "hosting"])
      expect(validatePosting(entry("it_support", { attributes: { service } })).ok).toBe(true);
  });

  it("joint_grant: the role is lead or partner, the amount a number", () => {
    expect(fields(validatePosting(entry("joint_grant", { attributes: { role: "boss" } })))["attributes.role"]).toBe("error.choice");
    expect(fields(validatePosting(entry("joint_grant", { attributes: { role: "lead", amountSought: "beaucoup" } })))["attributes.amountSought"]).toBe("error.number");
    const r = validatePosting(entry("joint_grant"));
    expect(r.ok && r.data.attributes).toEqual({ role: "lead", amountSought: 250000 });
  });

  it("a single possible unit is filled in (training: seats; events: guests)", () => {
    const training = validatePosting(entry("training"));
    expect(training.ok && training.data.unit).toBe("seats");
    const events = validatePosting(entry("events"));
    expect(events.ok && events.data).toMatchObject({ unit: "guests", attributes: { eventType: "networking", ecoResponsible: true } });
  });

  it("fields of other categories are dropped (programme outside joint grants, unknown attributes)", () => {
    const r = validatePosting(entry("expertise", { programme: "X", deadline: "2027-01-01", attributes: { domain: "RH", service: "helpdesk" } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data.programme).toBeUndefined();
      expect(r.data.deadline).toBeUndefined();
      expect(r.data.attributes).toEqual({ domain: "RH" });
    }
  });
});

describe("posting validation: bad input", () => {
  it("unknown category", () => {
    expect(fields(validatePosting({ ...base, category: "spaceships" })).category).toBe("postings.error.category");
  });
  it("an empty form reports every missing field at once, not only the category", () => {
    const f = fields(validatePosting({}));
    expect(f).toMatchObject({ category: "error.required", kind: expect.any(String), title: "error.required", description: "error.required", language: expect.any(String) });
  });
  it("missing category", () => {
    expect(fields(validatePosting({ ...base })).category).toBe("error.required");
  });
  it("end before start", () => {
    expect(fields(validatePosting(entry("other", { startDate: "2027-05-01", endDate: "2027-04-30" }))).endDate).toBe("postings.error.endBeforeStart");
    expect(validatePosting(entry("other", { startDate: "2027-05-01", endDate: "2027-05-01" })).ok).toBe(true);
  });
  it("end before start is reported together with the other errors", () => {
    const r = fields(validatePosting({ ...base, title: "", category: "research", startDate: "2027-05-01", endDate: "2027-01-01" }));
    expect(r).toMatchObject({ title: "error.required", endDate: "postings.error.endBeforeStart", "attributes.topic": "error.required" });
  });
  it("invalid dates", () => {
    expect(fields(validatePosting(entry("other", { startDate: "2027-02-30" }))).startDate).toBe("error.date");
    expect(fields(validatePosting(entry("other", { endDate: "demain" }))).endDate).toBe("error.date");
  });
  it("negative or zero quantity", () => {
    expect(fields(validatePosting(entry("it_support", { quantity: "-5" }))).quantity).toBe("postings.error.positive");
    expect(fields(validatePosting(entry("it_support", { quantity: "0" }))).quantity).toBe("postings.error.positive");
  });
  it("budget not a number, or negative", () => {
    expect(fields(validatePosting(entry("other", { budgetMax: "cinq mille" }))).budgetMax).toBe("error.number");
    expect(fields(validatePosting(entry("other", { budgetMax: "-1" }))).budgetMax).toBe("postings.error.negative");
    expect(fields(validatePosting(entry("other", { budgetMax: "Infinity" }))).budgetMax).toBe("error.number");
  });
  it("numbers written the French way are understood", () => {
    expect(toNumber("1 500,50")).toBe(1500.5);
    expect(toNumber("12,5")).toBe(12.5);
    expect(toNumber("450 $")).toBe(450);
    expect(Number.isNaN(toNumber("12abc") as number)).toBe(true);
  });
  it(`title over ${TITLE_MAX} characters`, () => {
    const r = validatePosting(entry("other", { title: "x".repeat(TITLE_MAX + 1) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.find((i) => i.field === "title")).toMatchObject({ key: "error.tooLong", params: { max: TITLE_MAX } });
    expect(validatePosting(entry("other", { title: "x".repeat(TITLE_MAX) })).ok).toBe(true);
  });
  it("description over 5 000 characters", () => {
    expect(fields(validatePosting(entry("other", { description: "x".repeat(5001) }))).description).toBe("error.tooLong");
  });
  it("HTML and script are kept as plain text (escaped when rendered)", () => {
    const title = `<script>alert("x")</script> <b>Bureaux</b>`;
    const r = validatePosting(entry("other", { title, description: `<img src=x onerror=alert(1)>` }));
    expect(r.ok && r.data.title).toBe(title);
    expect(r.ok && r.data.description).toBe(`<img src=x onerror=alert(1)>`);
  });
  it("unknown region, kind, visibility, language", () => {
    const r = fields(validatePosting({ ...entry("other"), region: "atlantis", kind: "gift", visibility: "public", language: "de" }));
    expect(r).toMatchObject({ region: "postings.error.region", kind: "error.choice", visibility: "error.choice", language: "error.choice" });
  });
  it("too many or too long tags", () => {
    expect(fields(validatePosting(entry("other", { tags: Array.from({ length: 16 }, (_, i) => `t${i}`).join(",") }))).tags).toBe("postings.error.tooManyTags");
    expect(fields(validatePosting(entry("other", { tags: "ok, " + "x".repeat(41) }))).tags).toBe("postings.error.tagTooLong");
    const r = validatePosting(entry("other", { tags: "helpdesk, TI; helpdesk" }));
    expect(r.ok && r.data.tags).toEqual(["helpdesk", "TI"]);
  });
});

describe("posting validation: import level", () => {
  it("category fields the interchange format does not carry may be absent", () => {
    const r = validatePosting({ kind: "need", category: "it_support", title: "Helpdesk", description: "…" }, "import");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data.language).toBeUndefined();
  });
  it("joint grants still need their programme and deadline", () => {
    const f = fields(validatePosting({ kind: "need", category: "joint_grant", title: "Demande", description: "…" }, "import"));
    expect(f).toMatchObject({ programme: "error.required", deadline: "error.required" });
  });
  it("present category fields are still checked", () => {
    const f = fields(validatePosting({ kind: "need", category: "it_support", title: "T", description: "D", attributes: { service: "nope" } }, "import"));
    expect(f["attributes.service"]).toBe("error.choice");
  });
  it("a quantity needs a unit", () => {
    expect(fields(validatePosting({ kind: "offer", category: "other", title: "T", description: "D", quantity: 3 }, "import")).unit).toBe("postings.error.unitRequired");
  });
});

describe("form fields -> raw posting", () => {
  it("nests attributes.* fields", () => {
    expect(formToPostingRaw({ title: "T", "attributes.service": "helpdesk", "attributes.amenities": ["a"] })).toEqual({
      title: "T",
      attributes: { service: "helpdesk", amenities: ["a"] },
    });
  });
});

describe("decimal numbers in both locales (docs/decisions/061)", () => {
  const same: [string, number][] = [
    ["1 500,50", 1500.5],
    ["1 500.50", 1500.5],
    ["1,500.50", 1500.5],
    ["1.500,50", 1500.5],
    ["1\u00a0500,50", 1500.5],
    ["1\u202f500,50 $", 1500.5],
    ["$1,500.50", 1500.5],
    ["1500,5", 1500.5],
    ["1500.05", 1500.05],
    ["1,500,000", 1_500_000],
    ["1.500.000", 1_500_000],
    ["1 500 000", 1_500_000],
    ["0,500".slice(0, 4), 0.5],
    ["12", 12],
    ["-3", -3],
  ];
  it.each(same)("%s → %d", (text, n) => expect(parseDecimal(text)).toBe(n));
  const refused: [string, string][] = [
    ["1e9", "error.number"],
    ["1E3", "error.number"],
    ["12abc", "error.number"],
    ["Infinity", "error.number"],
    ["1,500", "postings.error.ambiguousNumber"],
    ["2.250", "postings.error.ambiguousNumber"],
    ["1500,505", "postings.error.decimals"],
    ["0,500", "postings.error.decimals"],
    ["1 500,505", "postings.error.decimals"],
    ["15 00", "error.number"],
    ["1,50,0", "error.number"],
    ["1.500.50", "error.number"],
    ["1,500.50.25", "error.number"],
    ["1500.", "error.number"],
    ["1 500.000,50", "error.number"],
  ];
  it.each(refused)("%s is refused (%s)", (text, key) => expect(parseDecimal(text)).toBe(key));
  it("numbers from a JSON file keep their cents, and more decimals are refused", () => {
    expect(parseDecimal(1500.5)).toBe(1500.5);
    expect(parseDecimal(0.1 + 0.2)).toBe(0.3); // a float's noise is not a third decimal
    expect(parseDecimal(12.345)).toBe("postings.error.decimals");
    expect(parseDecimal(19.99)).toBe(19.99);
    expect(parseDecimal(Number.NaN)).toBe("error.number");
  });
  it("the budget keeps its cents; 1e9 and an ambiguous amount are errors next to the field", () => {
    const ok = validatePosting(entry("other", { budgetMax: "1 500,50" }));
    expect(ok.ok && ok.data.budgetMax).toBe(1500.5);
    expect(fields(validatePosting(entry("other", { budgetMax: "1e9" }))).budgetMax).toBe("error.number");
    expect(fields(validatePosting(entry("other", { budgetMax: "1,500" }))).budgetMax).toBe("postings.error.ambiguousNumber");
    expect(fields(validatePosting(entry("other", { budgetMax: "2 000 000 000" }))).budgetMax).toBe("error.tooBig");
    expect(fields(validatePosting(entry("it_support", { quantity: "1,5" }))).quantity).toBeUndefined();
  });
});

describe("the budget's basis", () => {
  it("a budget without a unit is a total (the only choice)", () => {
    const r = validatePosting(entry("research"));
    expect(r.ok && r.data.budgetBasis).toBe("total");
  });
  it("with a capacity unit, the form asks: a total or a price per unit", () => {
    const withBudget = entry("equipment", { budgetMax: "3000" }); // 30 hours of a machine
    expect(fields(validatePosting(withBudget)).budgetBasis).toBe("postings.error.basisRequired");
    const total = validatePosting({ ...withBudget, budgetBasis: "total" });
    expect(total.ok && total.data).toMatchObject({ budgetMax: 3000, budgetBasis: "total", unit: "hours" });
    const hourly = validatePosting({ ...withBudget, budgetBasis: "per_hour" });
    expect(hourly.ok && hourly.data.budgetBasis).toBe("per_hour");
  });
  it("a basis that does not fit the unit, or a per-unit price without a quantity, is refused", () => {
    expect(fields(validatePosting(entry("equipment", { budgetMax: "3000", budgetBasis: "per_seat" }))).budgetBasis).toBe("postings.error.basis");
    expect(fields(validatePosting(entry("other", { budgetMax: "3000", budgetBasis: "per_day" }))).budgetBasis).toBe("postings.error.basisNeedsUnit");
    expect(fields(validatePosting(entry("other", { budgetMax: "3000", budgetBasis: "weekly" }))).budgetBasis).toBe("postings.error.basis");
  });
  it("a category's only unit counts (training: seats)", () => {
    const r = validatePosting(entry("training", { budgetMax: "350", budgetBasis: "per_seat" }));
    expect(r.ok && r.data).toMatchObject({ unit: "seats", budgetBasis: "per_seat" });
  });
  it("a file without a basis gets the interchange format's, from the unit", () => {
    const base = { kind: "offer", category: "office_space", title: "Bureaux", description: "…", quantity: 4, unit: "desks", budgetMax: 400 };
    const r = validatePosting(base, "import");
    expect(r.ok && r.data.budgetBasis).toBe("per_desk_month");
    const t = validatePosting({ ...base, budgetBasis: "total" }, "import");
    expect(t.ok && t.data.budgetBasis).toBe("total");
    const none = validatePosting({ kind: "need", category: "research", title: "Étude", description: "…", budgetMax: 60000 }, "import");
    expect(none.ok && none.data.budgetBasis).toBe("total");
  });
  it("no amount, no basis", () => {
    const r = validatePosting(entry("equipment", { budgetBasis: "per_hour" }));
    expect(r.ok && r.data.budgetBasis).toBeUndefined();
  });
});

describe("drafts save with only a title; publishing applies every rule", () => {
  it("a title alone is a valid draft", () => {
    const r = validatePosting({ title: "Idée à préciser" }, "draft");
    expect(r.ok && r.data).toMatchObject({ title: "Idée à préciser", description: "", tags: [] });
    expect(r.ok && [r.data.kind, r.data.category]).toEqual([undefined, undefined]);
  });
  it("a draft still needs its title, and what it contains must be readable", () => {
    expect(fields(validatePosting({ description: "…" }, "draft")).title).toBe("error.required");
    const f = fields(validatePosting({ title: "T", budgetMax: "beaucoup", startDate: "2027-02-30", category: "teleportation", attributes: {} }, "draft"));
    expect(f).toMatchObject({ budgetMax: "error.number", startDate: "error.date", category: "postings.error.category" });
  });
  it("a draft's category fields are checked when given, not required", () => {
    expect(validatePosting({ title: "T", category: "it_support", attributes: {} }, "draft").ok).toBe(true);
    expect(fields(validatePosting({ title: "T", category: "it_support", attributes: { service: "catering" } }, "draft"))["attributes.service"]).toBe("error.choice");
  });
  it("the same draft cannot be published as it is", () => {
    const f = fields(validatePosting({ title: "Idée à préciser" }));
    expect(f).toMatchObject({ kind: "error.required", description: "error.required", category: "error.required" });
  });
});

describe("a period that has ended", () => {
  const today = "2027-06-15";
  it("is refused for a posting to be open", () => {
    const r = validatePosting(entry("other", { startDate: "2025-01-01", endDate: "2025-03-31" }), "form", { today });
    expect(r.ok ? null : r.issues.find((i) => i.field === "endDate")).toMatchObject({ key: "postings.error.periodEnded", params: { date: "2025-03-31" } });
  });
  it("a period ending today, or without an end, is fine", () => {
    expect(validatePosting(entry("other", { startDate: "2027-01-01", endDate: today }), "form", { today }).ok).toBe(true);
    expect(validatePosting(entry("other", { startDate: "2020-01-01" }), "form", { today }).ok).toBe(true);
  });
  it("a draft may keep an ended period (to be corrected before publishing)", () => {
    expect(validatePosting({ title: "T", endDate: "2020-01-01" }, "draft").ok).toBe(true);
  });
});
