// The outline (document symbols): each model with its input and layers, shapes as detail.

import * as assert from "assert";
import * as vscode from "vscode";
import { openModel, workspaceFile } from "./helpers";

async function modelSymbol(file: string, name: string): Promise<vscode.DocumentSymbol> {
  const uri = workspaceFile(file);
  await openModel(uri);
  // TypeScript contributes its own symbols for the same file; ours is the one named after the model.
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>("vscode.executeDocumentSymbolProvider", uri);
  const found = symbols.find((symbol) => symbol.name === name && symbol.kind === vscode.SymbolKind.Class);
  assert.ok(found, `symbols: ${symbols.map((symbol) => symbol.name).join(", ")}`);
  return found;
}

describe("outline", () => {
  it("mnist: the model, its input and its layers with their output shapes", async () => {
    const symbol = await modelSymbol("examples/mnist.nn.ts", "mnist-convnet");
    assert.strictEqual(symbol.detail, "[28, 28, 1] → [10] · 34,826 params");
    assert.deepStrictEqual(
      symbol.children.map((child) => [child.name, child.detail]),
      [
        ["input", "[28, 28, 1]"],
        ["conv2d", "[26, 26, 32]"],
        ["maxPool2d", "[13, 13, 32]"],
        ["conv2d_1", "[11, 11, 64]"],
        ["maxPool2d_1", "[5, 5, 64]"],
        ["flatten", "[1600]"],
        ["dropout", "[1600]"],
        ["dense", "[10]"],
      ],
    );
    // Each layer's symbol selects its function name, so the outline jumps to the call.
    const document = await vscode.workspace.openTextDocument(workspaceFile("examples/mnist.nn.ts"));
    assert.strictEqual(document.getText(symbol.children[1].selectionRange), "conv2d");
    assert.strictEqual(symbol.children[1].range.start.line, 7);
  });

  it("a model with unknown sizes shows them as ?", async () => {
    const symbol = await modelSymbol("broken/negative-dimension.nn.ts", "kernel-too-large");
    assert.strictEqual(symbol.detail, "[5, 5, 1] → [2] · ? params");
    assert.deepStrictEqual(symbol.children.map((child) => child.detail), ["[5, 5, 1]", "[?, ?, 8]", "[?]", "[2]"]);
  });
});
