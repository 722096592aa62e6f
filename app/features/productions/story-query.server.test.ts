import { describe, expect, it } from "vitest";
import { readStoryQuery } from "./story-query.server";

describe("the story's address", () => {
  it("reads a known family and a page", () => {
    expect(readStoryQuery(new URLSearchParams("kind=polls&page=3"))).toEqual({ kind: "polls", page: 3 });
  });
  it("reads anything else as the whole story, first page", () => {
    expect(readStoryQuery(new URLSearchParams("kind=../etc&page=-2"))).toEqual({ kind: undefined, page: 1 });
    expect(readStoryQuery(new URLSearchParams("kind=&page=abc"))).toEqual({ kind: undefined, page: 1 });
    expect(readStoryQuery(new URLSearchParams(""))).toEqual({ kind: undefined, page: 1 });
  });
});
