// The topology panel inside a real VS Code: Show Topology opens it beside the active model and
// its webview draws it; an edit of `filters` reaches the drawn node's label; a reveal request
// from the webview (what a click on a node sends) moves the editor's selection to that layer.
// The webview's own click → reveal path is tested in headless Chromium (test/webview).

import * as assert from "assert";
import * as vscode from "vscode";
import type { DrawnMessage } from "../../src/protocol/topology";
import type { TopologyPanel } from "../../src/extension/topology/panel";
import { openModel, revert, workspaceFile } from "./helpers";

/** Resolves with the first drawing that satisfies `accept`: the last one already made, or the next. */
function waitForDrawing(panel: TopologyPanel, accept: (drawn: DrawnMessage) => boolean, timeoutMs = 20_000): Promise<DrawnMessage> {
  return new Promise((resolve, reject) => {
    if (panel.lastDrawn !== undefined && accept(panel.lastDrawn)) {
      resolve(panel.lastDrawn);
      return;
    }
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matching drawing within ${timeoutMs} ms; last: ${JSON.stringify(panel.lastDrawn)}`));
    }, timeoutMs);
    const subscription = panel.onDidDraw((drawn) => {
      if (!accept(drawn)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(drawn);
    });
  });
}

/** Resolves once the extension host's copy of the document holds `text` (edits reach it by event). */
function waitForText(document: vscode.TextDocument, text: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (document.getText() === text) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the document did not return to its saved text within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document !== document || document.getText() !== text) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

describe("topology panel", () => {
  let panel: TopologyPanel | undefined;

  after(() => panel?.dispose());

  it("Show Topology opens the panel beside the active model and draws every layer", async () => {
    const { document } = await openModel(workspaceFile("examples/mnist.nn.ts"));
    panel = await vscode.commands.executeCommand<TopologyPanel | undefined>("nnStudio.showTopology");
    assert.ok(panel, "the command returns the panel");
    assert.strictEqual(panel.panel.viewType, "nnStudio.topology");
    assert.strictEqual(panel.panel.title, "Topology: mnist");
    assert.strictEqual(panel.trackedDocument.uri.toString(), document.uri.toString());
    const drawn = await waitForDrawing(panel, (d) => d.version === document.version);
    assert.deepStrictEqual(drawn.labels, [
      "input",
      "conv2d · 32 filters · 3×3 · relu",
      "maxPool2d · 2×2",
      "conv2d_1 · 64 filters · 3×3 · relu",
      "maxPool2d_1 · 2×2",
      "flatten",
      "dropout · rate 0.5",
      "dense · 10 units · softmax",
    ]);
  });

  it("editing filters updates the node's label", async () => {
    assert.ok(panel);
    const document = panel.trackedDocument;
    const text = document.getText();
    const at = text.indexOf("filters: 32");
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + "filters: 32".length)), "filters: 48");
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const drawn = await waitForDrawing(panel, (d) => d.version === document.version);
      assert.strictEqual(drawn.labels[1], "conv2d · 48 filters · 3×3 · relu");
    } finally {
      await revert(document);
    }
    // The revert command returns before the extension host sees the reverted text.
    await waitForText(document, text);
    const restored = await waitForDrawing(panel, (d) => d.version === document.version);
    assert.strictEqual(restored.labels[1], "conv2d · 32 filters · 3×3 · relu");
  });

  it("a node's reveal request selects its layer in the editor", async () => {
    assert.ok(panel);
    const document = panel.trackedDocument;
    await panel.receive({ type: "reveal", model: "default", layer: 2 });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.strictEqual(editor.document.uri.toString(), document.uri.toString());
    assert.ok(document.getText(editor.selection).startsWith("conv2d({ filters: 64"), document.getText(editor.selection));
  });

  it("ignores a message that isn't valid", async () => {
    assert.ok(panel);
    const before = vscode.window.activeTextEditor?.selection;
    await panel.receive({ type: "reveal", model: "default", layer: "2; rm -rf" });
    assert.deepStrictEqual(vscode.window.activeTextEditor?.selection, before);
  });
});
