import { strict as assert } from "assert";
import { closest, editDistance } from "../../src/core/suggest";

describe("suggest", () => {
  const distances: { a: string; b: string; distance: number }[] = [
    { a: "filter", b: "filters", distance: 1 },
    { a: "kernalSize", b: "kernelSize", distance: 1 },
    { a: "unitss", b: "units", distance: 1 },
    { a: "relu", b: "rleu", distance: 1 },
    { a: "abc", b: "xyz", distance: 3 },
  ];
  for (const row of distances) {
    it(`distance(${row.a}, ${row.b}) = ${row.distance}`, () => assert.equal(editDistance(row.a, row.b), row.distance));
  }
  const suggestions: { name: string; candidates: string[]; expected: string | undefined }[] = [
    { name: "filter", candidates: ["filters", "kernelSize", "strides"], expected: "filters" },
    { name: "kernel_size", candidates: ["filters", "kernelSize", "strides"], expected: "kernelSize" },
    { name: "banana", candidates: ["filters", "kernelSize", "strides"], expected: undefined },
    { name: "Conv2D", candidates: ["conv2d", "conv1d"], expected: "conv2d" },
  ];
  for (const row of suggestions) {
    it(`closest(${row.name}) = ${row.expected}`, () => assert.equal(closest(row.name, row.candidates), row.expected));
  }
});
