import { describe, expect, it } from "vitest";
import {
  CONCEPT_LABELS,
  conceptLabel,
} from "../../../app/modules/matching/concept-labels";
import {
  CONCEPTS,
  withAncestors,
} from "../../../app/modules/matching/synonyms";

// Every id the lexicon defines, with the ancestors reasons may also name.
const ids = [
  ...new Set([...CONCEPTS.keys()].flatMap((id) => withAncestors(id))),
];

describe("concept labels", () => {
  it("enumerates the lexicon", () => {
    expect(ids.length).toBeGreaterThan(100);
  });

  it.each(ids)("%s has a French and an English label", (id) => {
    for (const locale of ["fr", "en"] as const) {
      const label = conceptLabel(id, locale);
      expect(label, `${id} (${locale})`).toBeTypeOf("string");
      expect(label!.trim(), `${id} (${locale})`).not.toBe("");
    }
  });

  it("labels carry no ids, underscores or prefixes", () => {
    for (const [id, labels] of Object.entries(CONCEPT_LABELS)) {
      for (const label of [labels.fr, labels.en]) {
        expect(label, id).not.toContain("_");
        expect(label, id).not.toMatch(/amb:|w:/);
      }
    }
  });

  it("has no label for an unknown id", () => {
    expect(conceptLabel("not_a_concept", "fr")).toBeUndefined();
    expect(conceptLabel("w:gourdes", "en")).toBeUndefined();
    expect(conceptLabel("toString", "fr")).toBeUndefined();
  });

  it("labels IT support and office space", () => {
    expect(conceptLabel("it_support", "fr")).toBe("soutien informatique");
    expect(conceptLabel("it_support", "en")).toBe("IT support");
    expect(conceptLabel("office_space", "fr")).toBe("espace de bureau");
    expect(conceptLabel("office_space", "en")).toBe("office space");
  });
});
