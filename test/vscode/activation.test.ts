import * as assert from "assert";
import * as vscode from "vscode";
import { EXTENSION_ID, openModel, workspaceFile } from "./helpers";

describe("activation", () => {
  it("activates for a workspace with model files", async () => {
    const { diagnostics } = await openModel(workspaceFile("examples/mnist.nn.ts"));
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(Array.isArray(diagnostics));
  });
});
