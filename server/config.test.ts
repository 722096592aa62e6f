import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

describe("PROCESSES", () => {
  it("is one process unless told, and a number of processes sharing a real port", () => {
    expect(readConfig({}).processes).toBe(1);
    expect(readConfig({ PROCESSES: "2" }).processes).toBe(2);
    for (const bad of ["0", "two", "1.5", "-1", "65"]) {
      expect(() => readConfig({ PROCESSES: bad }), bad).toThrow(/PROCESSES/);
    }
    expect(() => readConfig({ PROCESSES: "2", PORT: "0" })).toThrow("PROCESSES: more than one process needs a PORT other than 0");
    expect(readConfig({ PROCESSES: "1", PORT: "0" }).port).toBe(0);
  });
});
