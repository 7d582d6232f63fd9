// Inlay hints after each layer call: output shape and parameters, as VS Code's own inlay hint
// command returns them; the two settings switch either part off.

import * as assert from "assert";
import * as vscode from "vscode";
import { openModel, workspaceFile } from "./helpers";

async function hints(uri: vscode.Uri): Promise<{ line: number; label: string }[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const result = await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", uri, range);
  return result
    .map((hint) => ({
      line: hint.position.line + 1,
      label: typeof hint.label === "string" ? hint.label : hint.label.map((part) => part.value).join(""),
    }))
    .sort((a, b) => a.line - b.line);
}

async function setting(key: string, value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration("nnStudio").update(key, value, vscode.ConfigurationTarget.Global);
}

const ROWS: { file: string; hints: { line: number; label: string }[] }[] = [
  {
    file: "examples/mnist.nn.ts",
    hints: [
      { line: 8, label: "[26, 26, 32] · 320 params" },
      { line: 9, label: "[13, 13, 32]" },
      { line: 10, label: "[11, 11, 64] · 18,496 params" },
      { line: 11, label: "[5, 5, 64]" },
      { line: 12, label: "[1600]" },
      { line: 13, label: "[1600]" },
      { line: 14, label: "[10] · 16,010 params" },
    ],
  },
  {
    // Three layers from one `repeat` call share one hint.
    file: "examples/spiral.nn.ts",
    hints: [
      { line: 9, label: "[32] · 96 params → [32] · 1,056 params → [32] · 1,056 params" },
      { line: 10, label: "[1] · 33 params" },
    ],
  },
  {
    // Unknown sizes after a negative dimension show as "?", never as a guess.
    file: "broken/negative-dimension.nn.ts",
    hints: [
      { line: 8, label: "[?, ?, 8] · 400 params" },
      { line: 9, label: "[?]" },
      { line: 10, label: "[2] · ? params" },
    ],
  },
];

describe("inlay hints", () => {
  afterEach(async () => {
    await setting("inlayHints.shapes", undefined);
    await setting("inlayHints.parameters", undefined);
  });

  for (const row of ROWS) {
    it(`${row.file}: shape and parameters after each layer`, async () => {
      const uri = workspaceFile(row.file);
      await openModel(uri);
      assert.deepStrictEqual(await hints(uri), row.hints);
    });
  }

  it("the hint sits after the layer call's trailing comma", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    const { document } = await openModel(uri);
    const range = new vscode.Range(0, 0, document.lineCount, 0);
    const [first] = await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", uri, range);
    const line = document.lineAt(first.position.line).text;
    assert.strictEqual(line.slice(0, first.position.character).trimStart(), 'conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),');
  });

  it("nnStudio.inlayHints.parameters: false leaves the shapes", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    await openModel(uri);
    await setting("inlayHints.parameters", false);
    assert.deepStrictEqual(
      (await hints(uri)).map((hint) => hint.label),
      ["[26, 26, 32]", "[13, 13, 32]", "[11, 11, 64]", "[5, 5, 64]", "[1600]", "[1600]", "[10]"],
    );
  });

  it("nnStudio.inlayHints.shapes: false leaves the parameters", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    await openModel(uri);
    await setting("inlayHints.shapes", false);
    assert.deepStrictEqual((await hints(uri)).map((hint) => hint.label), ["320 params", "18,496 params", "16,010 params"]);
  });
});
