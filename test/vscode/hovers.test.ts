// Hovers on layers (shape, trainable and frozen parameters, FLOPs, per-axis arithmetic) and on
// `model` (the summary table), as VS Code's hover command returns them.

import * as assert from "assert";
import * as vscode from "vscode";
import { hoverText, openModel, positionOf, workspaceFile } from "./helpers";

async function hoverAt(file: string, needle: string, offset = 1): Promise<string> {
  const uri = workspaceFile(file);
  const { document } = await openModel(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, positionOf(document, needle, offset));
  return hoverText(hovers);
}

const ROWS: { title: string; file: string; at: string; contains: string[] }[] = [
  {
    title: "conv2d: shape, params, FLOPs and the arithmetic per axis",
    file: "examples/mnist.nn.ts",
    at: "conv2d({ filters: 32",
    contains: [
      "Output shape: `[26, 26, 32]` (input `[28, 28, 1]`)",
      "Parameters: 320 (320 trainable, 0 not trainable)",
      "FLOPs: 389,376",
      "height: floor((28 − 3) / 1) + 1 = 26",
      "width:  floor((28 − 3) / 1) + 1 = 26",
    ],
  },
  {
    title: "maxPool2d: the pooling arithmetic and no parameters",
    file: "examples/mnist.nn.ts",
    at: "maxPool2d({ poolSize: 2 }),\n    conv2d",
    contains: ["Output shape: `[13, 13, 32]`", "Parameters: 0", "height: floor((26 − 2) / 2) + 1 = 13"],
  },
  {
    title: "batchNorm: half of its parameters are not trainable",
    file: "examples/cifar-cnn.nn.ts",
    at: "batchNorm()",
    contains: ["Output shape: `[32, 32, 32]`", "Parameters: 128 (64 trainable, 64 not trainable)"],
  },
  {
    title: "a negative dimension shows the arithmetic that went wrong",
    file: "broken/negative-dimension.nn.ts",
    at: "conv2d({ filters: 8",
    contains: ["Output shape: `[?, ?, 8]`", "height: floor((5 − 7) / 1) + 1 = −1"],
  },
  {
    title: "model: the Keras-style summary table",
    file: "examples/mnist.nn.ts",
    at: "model({\n  name",
    contains: ['Model: "mnist-convnet"', "Total params: 34,826", "Trainable params: 34,826", "Non-trainable params: 0", "conv2d_1 (conv2d)"],
  },
];

describe("hovers", () => {
  for (const row of ROWS) {
    it(row.title, async () => {
      const text = await hoverAt(row.file, row.at);
      for (const expected of row.contains) assert.ok(text.includes(expected), `hover contains ${JSON.stringify(expected)}:\n${text}`);
    });
  }

  it("says nothing of its own outside models and layers", async () => {
    const text = await hoverAt("examples/mnist.nn.ts", "import {", 2);
    assert.ok(!text.includes("Output shape"), text);
    assert.ok(!text.includes("Total params"), text);
  });
});
