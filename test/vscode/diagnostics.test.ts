// Diagnostics in a real editor: codes, severities and ranges (1-based line:column, end exclusive)
// for broken models; none for the examples; unsaved text is what gets checked, including the
// unsaved text of a CSV the model reads; every code links to its section of the docs.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { codeOf, describe as describeDiagnostics, nnDiagnostics, openModel, positionOf, rangeText, revert, waitForDiagnostics, workspaceFile } from "./helpers";

interface Expected {
  code: string;
  severity: "error" | "warning" | "information";
  range: string;
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
} as const;

/** Errors and warnings each broken fixture must show, exactly (information is checked apart). */
const BROKEN: { file: string; expected: Expected[] }[] = [
  { file: "broken/negative-dimension.nn.ts", expected: [{ code: "nn/negative-dimension", severity: "error", range: "8:38-8:39" }] },
  {
    file: "broken/dense-on-spatial.nn.ts",
    expected: [
      { code: "nn/dense-on-spatial", severity: "warning", range: "9:5-9:48" },
      { code: "nn/output-target-mismatch", severity: "error", range: "9:5-9:48" },
    ],
  },
  { file: "broken/option-typo.nn.ts", expected: [{ code: "nn/unknown-option", severity: "warning", range: "8:42-8:51" }] },
  {
    file: "broken/wrong-units.nn.ts",
    expected: [
      { code: "nn/output-target-mismatch", severity: "error", range: "10:20-10:21" },
      { code: "nn/loss-activation", severity: "warning", range: "13:37-13:62" },
    ],
  },
  { file: "broken/loss-activation.nn.ts", expected: [{ code: "nn/loss-activation", severity: "warning", range: "12:37-12:57" }] },
  { file: "broken/data-input.nn.ts", expected: [{ code: "nn/data-input-mismatch", severity: "error", range: "6:16-6:27" }] },
  { file: "broken/unknown-name.nn.ts", expected: [{ code: "nn/unknown-name", severity: "error", range: "2:24-2:30" }] },
];

const EXAMPLES = ["churn", "cifar-cnn", "imdb-lstm", "lenet5", "mnist", "spiral"];

function shown(diagnostics: readonly vscode.Diagnostic[]): Expected[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Information)
    .map((diagnostic) => ({
      code: codeOf(diagnostic),
      severity: diagnostic.severity === vscode.DiagnosticSeverity.Error ? ("error" as const) : ("warning" as const),
      range: rangeText(diagnostic.range),
    }))
    .sort((a, b) => a.range.localeCompare(b.range) || a.code.localeCompare(b.code));
}

describe("diagnostics", () => {
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  for (const row of BROKEN) {
    it(`${row.file}: ${row.expected.map((expected) => expected.code).join(", ")}`, async () => {
      const uri = workspaceFile(row.file);
      await openModel(uri);
      const diagnostics = await waitForDiagnostics(uri, (current) => current.length > 0);
      assert.deepStrictEqual(shown(diagnostics), row.expected, describeDiagnostics(diagnostics));
      for (const diagnostic of diagnostics) assert.strictEqual(diagnostic.source, "nn-studio");
    });
  }

  for (const name of EXAMPLES) {
    it(`examples/${name}.nn.ts has no errors or warnings`, async () => {
      const uri = workspaceFile(`examples/${name}.nn.ts`);
      const { diagnostics } = await openModel(uri);
      assert.deepStrictEqual(shown(diagnostics), [], describeDiagnostics(diagnostics));
    });
  }

  it("reports information diagnostics with their own severity (pool truncation in mnist)", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    const { document } = await openModel(uri);
    const truncation = nnDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === "nn/pool-truncation");
    assert.strictEqual(truncation.length, 1);
    assert.strictEqual(truncation[0].severity, SEVERITY.information);
    assert.strictEqual(document.getText(truncation[0].range), "maxPool2d({ poolSize: 2 })");
  });

  it("links each code to its section of docs/diagnostics.md in the extension", async () => {
    const docs = new Map<string, { file: string; line: number }>();
    for (const row of BROKEN) {
      const uri = workspaceFile(row.file);
      await openModel(uri);
      for (const diagnostic of await waitForDiagnostics(uri, (current) => current.length > 0)) {
        assert.ok(typeof diagnostic.code === "object", "the code carries a target");
        const target = diagnostic.code.target;
        assert.strictEqual(target.scheme, "file");
        assert.strictEqual(path.basename(target.fsPath), "diagnostics.md");
        // A line fragment, which VS Code's editor honours: the line of the code's section.
        const line = /^L(\d+)$/.exec(target.fragment);
        assert.ok(line, target.fragment);
        docs.set(String(diagnostic.code.value), { file: target.fsPath, line: Number(line[1]) });
      }
    }
    for (const [code, { file, line }] of docs) {
      const text = fs.readFileSync(file, "utf8").split(/\r?\n/)[line - 1];
      assert.ok(text.startsWith(`## ${code} `), `${code} → line ${line}: ${text}`);
    }
    assert.ok(docs.size >= 7, [...docs.keys()].join(", "));
  });

  it("checks the unsaved text as it is typed, and clears the problem when it is undone", async () => {
    const uri = workspaceFile("examples/mnist.nn.ts");
    const { document, editor } = await openModel(uri);
    const kernel = positionOf(document, "kernelSize: 3", "kernelSize: ".length);
    await editor.edit((edit) => edit.replace(new vscode.Range(kernel, kernel.translate(0, 1)), "30"));
    const broken = await waitForDiagnostics(uri, (current) => current.some((diagnostic) => codeOf(diagnostic) === "nn/negative-dimension"));
    const negative = broken.find((diagnostic) => codeOf(diagnostic) === "nn/negative-dimension");
    assert.ok(negative);
    assert.strictEqual(document.getText(negative.range), "30");
    assert.match(negative.message, /floor\(\(28 − 30\) \/ 1\) \+ 1 = −1/);
    assert.ok(document.isDirty, "nothing was saved");

    await vscode.commands.executeCommand("undo");
    await waitForDiagnostics(uri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === "nn/negative-dimension"));
  });

  it("reads a CSV from its open, unsaved editor before the disk", async () => {
    const modelUri = workspaceFile("points.nn.ts");
    const { diagnostics } = await openModel(modelUri);
    assert.deepStrictEqual(shown(diagnostics), []);

    const csv = await vscode.workspace.openTextDocument(workspaceFile("data/points.csv"));
    const csvEditor = await vscode.window.showTextDocument(csv, { preview: false });
    // A third feature column, typed but not saved: the model's input([2]) no longer fits.
    await csvEditor.edit((edit) => {
      for (let line = 0; line < csv.lineCount; line++) {
        if (csv.lineAt(line).text === "") continue;
        edit.insert(new vscode.Position(line, 0), line === 0 ? "x0," : "0.5,");
      }
    });
    const mismatch = await waitForDiagnostics(modelUri, (current) => current.some((diagnostic) => codeOf(diagnostic) === "nn/data-input-mismatch"));
    assert.match(mismatch.find((diagnostic) => codeOf(diagnostic) === "nn/data-input-mismatch")?.message ?? "", /\[3\]/);

    await revert(csv);
    await waitForDiagnostics(modelUri, (current) => !current.some((diagnostic) => codeOf(diagnostic) === "nn/data-input-mismatch"));
  });
});
