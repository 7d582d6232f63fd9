// Every quick fix, applied through VS Code's own code action command and workspace edit, removes
// the diagnostic it was offered for. Rows name the fixture, the code and the fix's title.

import * as assert from "assert";
import * as vscode from "vscode";
import { codeOf, describe as describeDiagnostics, openModel, revert, waitForDiagnostics, workspaceFile } from "./helpers";

const ROWS: { file: string; code: string; fix: string; after?: string }[] = [
  { file: "broken/dense-on-spatial.nn.ts", code: "nn/dense-on-spatial", fix: "Insert flatten() before this layer", after: "    flatten(),\n    dense({ units: 10" },
  { file: "broken/negative-dimension.nn.ts", code: "nn/negative-dimension", fix: 'Use padding: "same"', after: 'padding: "same"' },
  { file: "broken/negative-dimension.nn.ts", code: "nn/negative-dimension", fix: "Use kernelSize: 5", after: "kernelSize: 5" },
  { file: "broken/option-typo.nn.ts", code: "nn/unknown-option", fix: "Rename 'activaton' to 'activation'", after: 'activation: "relu"' },
  { file: "broken/wrong-units.nn.ts", code: "nn/output-target-mismatch", fix: "Set units to 10", after: "dense({ units: 10, activation: \"softmax\" })" },
  { file: "broken/loss-activation.nn.ts", code: "nn/loss-activation", fix: 'Use loss "categoricalCrossentropy"', after: 'loss: "categoricalCrossentropy"' },
  { file: "broken/loss-activation.nn.ts", code: "nn/loss-activation", fix: 'Use activation "sigmoid" on dense', after: 'activation: "sigmoid"' },
  { file: "broken/data-input.nn.ts", code: "nn/data-input-mismatch", fix: "Set the input shape to [28, 28, 1]", after: "input([28, 28, 1])" },
  { file: "broken/unknown-name.nn.ts", code: "nn/unknown-name", fix: "Import 'conv2d' instead", after: "import { model, input, conv2d, flatten" },
];

describe("quick fixes", () => {
  for (const row of ROWS) {
    it(`${row.file}: "${row.fix}" removes ${row.code}`, async () => {
      const uri = workspaceFile(row.file);
      const { document } = await openModel(uri);
      try {
        const diagnostics = await waitForDiagnostics(uri, (current) => current.some((diagnostic) => codeOf(diagnostic) === row.code));
        const target = diagnostics.find((diagnostic) => codeOf(diagnostic) === row.code);
        assert.ok(target);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          "vscode.executeCodeActionProvider",
          uri,
          target.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const action = actions.find((candidate) => candidate.title === row.fix);
        assert.ok(action?.edit, `offered: ${actions.map((candidate) => candidate.title).join(" | ")}`);
        assert.ok(await vscode.workspace.applyEdit(action.edit));
        if (row.after !== undefined) assert.ok(document.getText().includes(row.after), document.getText());
        const remaining = await waitForDiagnostics(uri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === row.code));
        assert.ok(!remaining.some((diagnostic) => codeOf(diagnostic) === row.code), describeDiagnostics(remaining));
      } finally {
        await revert(document);
      }
    });
  }

  it("the first fix of a diagnostic is the preferred one", async () => {
    const uri = workspaceFile("broken/negative-dimension.nn.ts");
    await openModel(uri);
    const [diagnostic] = await waitForDiagnostics(uri, (current) => current.length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, diagnostic.range);
    const preferred = (title: string) => actions.find((action) => action.title === title)?.isPreferred === true;
    assert.strictEqual(preferred('Use padding: "same"'), true);
    assert.strictEqual(preferred("Use kernelSize: 5"), false);
  });
});
