import { describe, expect, it } from "vitest";
import { z } from "zod";
import { confirmMatches, newPasswordFields, parseFormData } from "~/modules/validation/form.server";

const fd = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.append(k, v);
  return f;
};

describe("parseFormData", () => {
  const schema = confirmMatches(z.object({ email: z.string().email(), name: z.string().min(2).max(5), ...newPasswordFields }));

  it("maps zod issues to dictionary keys per field and keeps entries but not passwords", () => {
    const r = parseFormData(fd({ email: "nope", name: "abcdefg", password: "short", confirm: "x" }), schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.email?.key).toBe("error.email");
    expect(r.errors.name).toEqual({ key: "error.tooLong", params: { max: 5 } });
    expect(r.errors.password).toEqual({ key: "error.passwordTooShort", params: { min: 12 } });
    expect(r.values).toEqual({ email: "nope", name: "abcdefg" });
  });

  it("treats blank fields as missing", () => {
    const r = parseFormData(fd({ email: "  ", name: "Jo", password: "a-long-enough-password", confirm: "a-long-enough-password" }), schema);
    expect(!r.ok && r.errors.email?.key).toBe("error.required");
  });

  it("flags a mismatched confirmation on the confirmation field", () => {
    const r = parseFormData(fd({ email: "a@b.ca", name: "Jo", password: "a-long-enough-password", confirm: "different-password" }), schema);
    expect(!r.ok && r.errors.confirm?.key).toBe("error.passwordMismatch");
  });

  it("returns typed data when valid", () => {
    const r = parseFormData(fd({ email: "a@b.ca", name: "Jo", password: "a-long-enough-password", confirm: "a-long-enough-password" }), schema);
    expect(r.ok && r.data.email).toBe("a@b.ca");
  });
});
