// The palette commands: New Model from each template (a complete model without problems), Show
// Model Summary in a read-only document. (Train and Evaluate are tested in training.test.ts.)

import * as assert from "assert";
import * as vscode from "vscode";
import { codeOf, openModel, waitForDiagnosticsEvent, workspaceFile } from "./helpers";

const TEMPLATES = ["convnet", "mlp", "regression"];

describe("commands", () => {
  it("every command in the manifest is registered", async () => {
    await openModel(workspaceFile("examples/mnist.nn.ts"));
    const manifest = vscode.extensions.getExtension("nn-studio.nn-studio")?.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of manifest.contributes.commands) assert.ok(registered.has(command), command);
  });

  for (const template of TEMPLATES) {
    it(`New Model (${template}) writes a model file that checks without errors or warnings`, async () => {
      const target = workspaceFile(`new-${template}.nn.ts`);
      const analysed = waitForDiagnosticsEvent(target);
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>("nnStudio.newModel", template, target);
      assert.strictEqual(created?.toString(), target.toString());
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), "the new file is opened");
      const problems = (await analysed).filter((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Information);
      assert.deepStrictEqual(problems.map(codeOf), []);
      assert.ok(vscode.window.activeTextEditor?.document.getText().includes(`name: "new-${template}"`));
    });
  }

  it("New Model refuses to overwrite an existing file", async () => {
    const target = workspaceFile("examples/mnist.nn.ts");
    const before = (await vscode.workspace.fs.readFile(target)).toString();
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>("nnStudio.newModel", "mlp", target);
    assert.strictEqual(created, undefined);
    assert.strictEqual((await vscode.workspace.fs.readFile(target)).toString(), before);
  });

  it("Show Model Summary opens the table of the active model in a virtual document", async () => {
    await openModel(workspaceFile("examples/lenet5.nn.ts"));
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const subscription = vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.uri.scheme !== "nn-studio-summary") return;
        subscription.dispose();
        resolve(document);
      });
    });
    await vscode.commands.executeCommand("nnStudio.showSummary");
    const summary = await opened;
    const text = summary.getText();
    for (const expected of ['Model: "lenet5"', "zeroPadding2d", "[32, 32, 1]", "Total params: 61,706"]) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    // A document from a content provider: VS Code shows it read-only, and it is no file to save.
    assert.strictEqual(summary.uri.scheme, "nn-studio-summary");
    assert.strictEqual(summary.isUntitled, false);
  });
});
