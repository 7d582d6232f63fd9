// Code lenses above each model, and what their commands do in this version.

import * as assert from "assert";
import * as vscode from "vscode";
import { openModel, workspaceFile } from "./helpers";

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The second argument asks VS Code to resolve every lens, as the editor does before showing it.
  return vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri, 100);
}

describe("code lenses", () => {
  // `line` is 0-based: the line of `export default model(`.
  const rows: { file: string; line: number; titles: string[] }[] = [
    { file: "examples/mnist.nn.ts", line: 3, titles: ["$(play) Train", "Evaluate", "Show topology", "34,826 params"] },
    { file: "examples/cifar-cnn.nn.ts", line: 14, titles: ["$(play) Train", "Evaluate", "Show topology", "1,117,738 params"] },
    { file: "broken/negative-dimension.nn.ts", line: 3, titles: ["$(play) Train", "Evaluate", "Show topology", "? params"] },
  ];
  for (const row of rows) {
    it(`${row.file}: ${row.titles.join(" · ")} on line ${row.line + 1}`, async () => {
      const uri = workspaceFile(row.file);
      await openModel(uri);
      const found = (await lenses(uri)).filter((lens) => lens.command?.command.startsWith("nnStudio."));
      assert.deepStrictEqual(
        found.map((lens) => lens.command?.title),
        row.titles,
      );
      for (const lens of found) assert.strictEqual(lens.range.start.line, row.line);
    });
  }

  it("the parameter lens opens the model's summary", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    await openModel(uri);
    const lens = (await lenses(uri)).find((candidate) => candidate.command?.command === "nnStudio.showSummary");
    assert.ok(lens?.command);
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const subscription = vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.uri.scheme !== "nn-studio-summary") return;
        subscription.dispose();
        resolve(document);
      });
    });
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const summary = await opened;
    assert.ok(summary.getText().includes('Model: "mnist-convnet"'), summary.getText());
  });

  it("nnStudio.codeLens.enabled: false removes them", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    await openModel(uri);
    const settings = vscode.workspace.getConfiguration("nnStudio");
    await settings.update("codeLens.enabled", false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepStrictEqual((await lenses(uri)).filter((lens) => lens.command?.command.startsWith("nnStudio.")), []);
    } finally {
      await settings.update("codeLens.enabled", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
