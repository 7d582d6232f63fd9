// The TypeScript server plugin: in a folder without node_modules, `import … from "nn-studio"`
// resolves to the extension's declarations, so TypeScript type-checks model files against them
// and completes layer options with their documentation.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { openModel, positionOf, workspaceFile, workspaceRoot } from "./helpers";

/** TypeScript's own diagnostics (not ours) for the file, once `accept` holds for them. */
function typescriptDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "ts");
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!accept(current())) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve(current());
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`TypeScript diagnostics never matched: ${current().map((diagnostic) => `${String(diagnostic.code)} ${diagnostic.message}`).join("; ")}`));
    }, 50_000);
    check();
  });
}

describe("TypeScript server plugin", function () {
  // tsserver starts on first use; on two shared cores that can take a while.
  this.timeout(60_000);

  it("the test folder has no nn-studio package of its own", () => {
    assert.ok(!fs.existsSync(path.join(workspaceRoot(), "node_modules")));
  });

  it('resolves "nn-studio" to the declarations: a wrong option type is a TypeScript error, and no module is missing', async () => {
    const uri = workspaceFile("typed.nn.ts");
    const { document } = await openModel(uri);
    const diagnostics = await typescriptDiagnostics(uri, (current) => current.some((diagnostic) => diagnostic.code === 2322));
    assert.deepStrictEqual(
      diagnostics.filter((diagnostic) => diagnostic.code === 2307 || diagnostic.code === 2792),
      [],
      "no 'Cannot find module' error",
    );
    const typeError = diagnostics.find((diagnostic) => diagnostic.code === 2322);
    assert.ok(typeError);
    assert.strictEqual(typeError.range.start.line, positionOf(document, 'filters: "8"').line);
  });

  it("completes conv2d's options with their documentation", async () => {
    const uri = workspaceFile("completions.nn.ts");
    const { document } = await openModel(uri);
    const position = positionOf(document, "kernelSize: 3, ", "kernelSize: 3, ".length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", uri, position, undefined, 200);
    const byName = new Map(list.items.map((item) => [typeof item.label === "string" ? item.label : item.label.label, item]));
    for (const option of ["strides", "padding", "dilationRate", "activation", "useBias"]) {
      assert.ok(byName.has(option) || byName.has(`${option}?`), `completion lists ${option}; got ${[...byName.keys()].slice(0, 40).join(", ")}`);
    }
    const padding = byName.get("padding") ?? byName.get("padding?");
    const documentation = typeof padding?.documentation === "string" ? padding.documentation : (padding?.documentation?.value ?? "");
    assert.ok(documentation.length > 0, "padding has documentation");
  });
});
