// The training panel as a webview view in the bottom panel. This class only hosts the webview:
// it sets the page (strict CSP, bundled files only), drops every message that fails the
// protocol's guard, and hands the rest to the controller. Messages are sent only to a webview
// that said `ready`; a webview that was hidden, moved or reloaded says `ready` again and the
// controller sends it everything it needs to draw itself anew.

import * as vscode from "vscode";
import { isPanelToExtensionMessage, type ExtensionToPanelMessage, type PanelToExtensionMessage } from "../../protocol/panel";
import type { Logger } from "../logger";
import { createNonce } from "../webviewPage";
import { panelHtml } from "./panelHtml";

export const TRAINING_VIEW_ID = "nnStudio.training";

export class TrainingPanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly onMessage: (message: PanelToExtensionMessage) => void,
  ) {
    this.disposables.push(vscode.window.registerWebviewViewProvider(TRAINING_VIEW_ID, this));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
    this.view = view;
    this.ready = false;
    const bundle = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    view.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    view.webview.html = panelHtml({
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(bundle, "training.js")).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(bundle, "training.css")).toString(),
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => {
        if (!isPanelToExtensionMessage(message)) {
          this.logger.warn(`training panel: ignored a message that is not part of the protocol: ${preview(message)}`);
          return;
        }
        if (message.type === "ready") this.ready = true;
        this.onMessage(message);
      }),
      // A hidden view's page is unloaded; it announces itself again when it is shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** Sends a message if a webview is listening; resolves to whether the webview received it. */
  async post(message: ExtensionToPanelMessage): Promise<boolean> {
    if (this.view === undefined || !this.ready) return false;
    return this.view.webview.postMessage(message);
  }

  /** Opens the bottom panel on the training view (its page then says `ready`). */
  async reveal(preserveFocus = true): Promise<void> {
    if (this.view !== undefined) {
      this.view.show(preserveFocus);
      return;
    }
    await vscode.commands.executeCommand(`${TRAINING_VIEW_ID}.focus`, { preserveFocus });
  }

  dispose(): void {
    for (const disposable of [...this.viewDisposables.splice(0), ...this.disposables.splice(0)]) disposable.dispose();
    this.view = undefined;
  }
}

function preview(message: unknown): string {
  try {
    return JSON.stringify(message).slice(0, 200);
  } catch {
    return String(message);
  }
}
