// New Model: pick a template, name the model, and get a `.nn.ts` file in the workspace, opened.
// Tests (and other commands) may pass the template id and the target file to skip the prompts.

import * as path from "path";
import * as vscode from "vscode";
import { MODEL_TEMPLATES, renderTemplate } from "./templates";

export async function newModel(templateId?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const template =
    MODEL_TEMPLATES.find((candidate) => candidate.id === templateId) ??
    (
      await vscode.window.showQuickPick(
        MODEL_TEMPLATES.map((candidate) => ({ label: candidate.label, detail: candidate.description, template: candidate })),
        { title: "New Model", placeHolder: "Start from a template" },
      )
    )?.template;
  if (template === undefined) return undefined;

  const file = target ?? (await askForFile(template.id));
  if (file === undefined) return undefined;
  const name = path.basename(file.path).replace(/\.nn\.ts$/, "");
  try {
    await vscode.workspace.fs.stat(file);
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(file)} already exists; choose another name.`);
    return undefined;
  } catch {
    // No such file: the usual case.
  }
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(renderTemplate(template, name)));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  return file;
}

async function askForFile(suggestion: string): Promise<vscode.Uri | undefined> {
  const folder = folderForNewFile();
  if (folder === undefined) {
    void vscode.window.showErrorMessage("Open a folder first: New Model creates its file in the workspace.");
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    title: "New Model",
    prompt: `File name, in ${vscode.workspace.asRelativePath(folder)}`,
    value: `${suggestion}.nn.ts`,
    valueSelection: [0, suggestion.length],
    validateInput: (value) =>
      /^[\w.-]+$/.test(value.replace(/\.nn\.ts$/, "")) ? undefined : "Use letters, digits, '.', '-' and '_' only.",
  });
  if (name === undefined || name === "") return undefined;
  return vscode.Uri.joinPath(folder, name.endsWith(".nn.ts") ? name : `${name}.nn.ts`);
}

/** The active file's folder when it is in the workspace, else the first workspace folder. */
function folderForNewFile(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active !== undefined && active.scheme === "file" && vscode.workspace.getWorkspaceFolder(active) !== undefined) {
    return vscode.Uri.joinPath(active, "..");
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}
