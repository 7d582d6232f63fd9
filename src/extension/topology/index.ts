// The "NN Studio: Show Topology" command. Registered from the extension's command table as
// `[COMMAND_IDS.showTopology, showTopology(services)]`; code lenses call it with the model's
// file and export name, the palette with no arguments (the active model editor is drawn).

import * as vscode from "vscode";
import { isModelDocument } from "../documents";
import type { ExtensionServices } from "../services";
import { TopologyPanel } from "./panel";

export { TopologyPanel, TOPOLOGY_VIEW_TYPE } from "./panel";

/** The command's handler; it returns the panel (integration tests drive it through the result). */
export function showTopology(services: ExtensionServices): (uri?: unknown, exportName?: unknown) => Promise<TopologyPanel | undefined> {
  return async (uri?: unknown, exportName?: unknown) => {
    const document = await targetDocument(uri);
    if (document === undefined) {
      void vscode.window.showInformationMessage("Open a model file (.nn.ts) to show its topology.");
      return undefined;
    }
    return TopologyPanel.show(services, document, typeof exportName === "string" ? exportName : undefined);
  };
}

/** The document named by the command's argument, else the active editor's model file. */
async function targetDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) {
    const document = await vscode.workspace.openTextDocument(uri);
    return isModelDocument(document) ? document : undefined;
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active !== undefined && isModelDocument(active)) return active;
  return vscode.window.visibleTextEditors.map((editor) => editor.document).find(isModelDocument);
}
