import { describe, expect, it } from "vitest";
import { bodyLimitOf, DEFAULT_BODY_LIMIT, isTooLarge, MiB, sizeLabel, tooLargeResponse } from "./body-limit";

describe("body limits", () => {
  it("is the default unless a matched route declares more, and then the largest", () => {
    expect(bodyLimitOf([])).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitOf([undefined, { other: 1 }, { bodyLimit: "9" }])).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitOf([{ bodyLimit: 6 * MiB }, undefined, { bodyLimit: 8 * MiB }])).toBe(8 * MiB);
    // A route cannot lower the limit of the forms of text it holds below the default.
    expect(bodyLimitOf([{ bodyLimit: 10 }])).toBe(DEFAULT_BODY_LIMIT);
  });

  it("answers 413 with the limit and the asker's language", async () => {
    const res = tooLargeResponse(6 * MiB, "fr");
    expect(res.status).toBe(413);
    const data: unknown = await res.json();
    expect(isTooLarge(data)).toBe(true);
    expect(data).toEqual({ message: "tooLarge", limit: 6 * MiB, locale: "fr" });
    expect(isTooLarge({ message: "tooLarge", limit: 1, locale: "xx" })).toBe(false);
  });

  it("says sizes as people read them", () => {
    expect(sizeLabel(256 * 1024, "en")).toBe("256 kB");
    expect(sizeLabel(256 * 1024, "fr")).toBe("256 ko");
    expect(sizeLabel(6 * MiB, "en")).toBe("6 MB");
    expect(sizeLabel(6.5 * MiB, "fr")).toBe("6,5 Mo");
  });
});
