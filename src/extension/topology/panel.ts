// The topology panel's controller: one webview beside the editor that draws the model file the
// user is working on. It follows the active model editor, re-sends the shared analysis (debounced)
// as the document changes, forwards cursor moves, reveals a layer's source when its node is
// clicked, and saves exports. It holds no analysis logic: it projects the core's results into
// messages (src/protocol/topology.ts) and validates every message the webview sends back.

import * as vscode from "vscode";
import {
  isWebviewMessage,
  topologyUpdate,
  type DrawnMessage,
  type HostMessage,
  type TopologyModel,
  type WebviewMessage,
} from "../../protocol/topology";
import { toRange } from "../convert";
import { isModelDocument } from "../documents";
import type { ExtensionServices } from "../services";
import { createNonce, topologyHtml } from "./html";

export const TOPOLOGY_VIEW_TYPE = "nnStudio.topology";
/** How long typing must pause before the drawing follows; the analysis itself is shared and cached. */
const UPDATE_DELAY_MS = 200;

export class TopologyPanel implements vscode.Disposable {
  private static current: TopologyPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  /** The models last sent, so a reveal request is answered from the extension's own data. */
  private models: TopologyModel[] = [];
  private sentVersion = -1;
  private pendingModel: string | undefined;
  private readonly drawn = new vscode.EventEmitter<DrawnMessage>();
  /** Fires when the webview has drawn a version of the document. */
  readonly onDidDraw = this.drawn.event;
  /** The webview's last acknowledgement, if it has drawn anything yet. */
  lastDrawn: DrawnMessage | undefined;

  /** Opens the panel for the document (or brings it forward and switches it there). */
  static show(services: ExtensionServices, document: vscode.TextDocument, model?: string): TopologyPanel {
    const existing = TopologyPanel.current;
    if (existing !== undefined) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      existing.track(document, model);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      TOPOLOGY_VIEW_TYPE,
      "Topology",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(services.extensionUri, "dist", "webview")] },
    );
    TopologyPanel.current = new TopologyPanel(services, panel, document, model);
    return TopologyPanel.current;
  }

  /** The open panel, if any (for tests and commands that act on it). */
  static get active(): TopologyPanel | undefined {
    return TopologyPanel.current;
  }

  private constructor(
    private readonly services: ExtensionServices,
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    model: string | undefined,
  ) {
    this.pendingModel = model;
    const webview = panel.webview;
    const base = vscode.Uri.joinPath(services.extensionUri, "dist", "webview");
    webview.html = topologyHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, "topology.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(base, "topology.css")).toString(),
    });
    this.setTitle();

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      // A webview that was hidden reloads its page; it says "ready" again and gets the drawing.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule();
      }),
      services.analyses.onDidAnalyze((event) => {
        if (event.document === this.document && event.document.version !== this.sentVersion) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor !== undefined && isModelDocument(editor.document) && editor.document !== this.document) this.track(editor.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document && event.selections.length > 0) {
          this.post({ type: "cursor", offset: this.document.offsetAt(event.selections[0].active) });
        }
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed === this.document) this.panel.dispose();
      }),
    );
  }

  /** The document the panel draws. */
  get trackedDocument(): vscode.TextDocument {
    return this.document;
  }

  private track(document: vscode.TextDocument, model?: string): void {
    if (model !== undefined) this.pendingModel = model;
    if (document !== this.document) {
      this.document = document;
      this.sentVersion = -1;
      this.setTitle();
      void this.send();
    } else if (model !== undefined) {
      this.post({ type: "showModel", model });
    }
  }

  private setTitle(): void {
    const name = this.document.uri.path.split("/").pop() ?? "model";
    this.panel.title = `Topology: ${name.replace(/\.nn\.ts$/, "")}`;
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, UPDATE_DELAY_MS);
  }

  /** Sends the analysis of the document's current version (computed once and shared with the editor). */
  private async send(): Promise<void> {
    if (!this.ready) return;
    const document = this.document;
    const version = document.version;
    try {
      const analysis = await this.services.analyses.analyze(document);
      // Typed past while it ran, or switched documents: the newer request will send.
      if (document !== this.document || document.version !== version) return;
      const update = topologyUpdate(analysis, version);
      this.models = update.models;
      this.sentVersion = version;
      this.post(update);
      if (this.pendingModel !== undefined) {
        this.post({ type: "showModel", model: this.pendingModel });
        this.pendingModel = undefined;
      }
    } catch (error) {
      this.services.logger.error(`topology: analysis of ${document.uri.toString()} failed: ${String(error)}`);
    }
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** The entry point of every webview message (public so tests can send what a webview would). */
  async receive(message: unknown): Promise<void> {
    if (!isWebviewMessage(message)) {
      this.services.logger.warn(`topology: ignored an invalid message from the webview: ${describe(message)}`);
      return;
    }
    await this.handle(message);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case "ready":
        this.ready = true;
        this.sentVersion = -1;
        await this.send();
        return;
      case "reveal":
        await this.reveal(message.model, message.layer);
        return;
      case "export":
        await this.save(message.format, message.data, message.fileName);
        return;
      case "drawn":
        this.services.logger.debug(`topology: drew ${message.model} v${message.version} (${message.labels.length} nodes)`);
        this.lastDrawn = message;
        this.drawn.fire(message);
        return;
    }
  }

  /** Selects the layer's call (or the input's) in an editor showing the document. */
  private async reveal(exportName: string, layer: number): Promise<void> {
    const model = this.models.find((m) => m.exportName === exportName);
    const span = layer === -1 ? model?.inputSpan : model?.layers[layer]?.span;
    if (span === undefined || span === null || span.end > this.document.getText().length) return;
    const range = toRange(this.document, span);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
      selection: range,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(format: "svg" | "png", data: string, fileName: string): Promise<void> {
    const folder = vscode.Uri.joinPath(this.document.uri, "..");
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName),
      filters: format === "svg" ? { "SVG image": ["svg"] } : { "PNG image": ["png"] },
      title: `Export topology as ${format.toUpperCase()}`,
    });
    if (target === undefined) return;
    const bytes = format === "svg" ? new TextEncoder().encode(data) : Buffer.from(data, "base64");
    await vscode.workspace.fs.writeFile(target, bytes);
    this.services.logger.info(`topology: exported ${target.toString()} (${bytes.byteLength} bytes)`);
    void vscode.window.showInformationMessage(`Topology exported to ${vscode.workspace.asRelativePath(target)}.`);
  }

  dispose(): void {
    if (TopologyPanel.current === this) TopologyPanel.current = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.drawn.dispose();
    this.panel.dispose();
  }
}

/** A short, safe description of a rejected message for the log. */
function describe(message: unknown): string {
  if (typeof message !== "object" || message === null) return typeof message;
  const type = (message as { type?: unknown }).type;
  return typeof type === "string" ? `type "${type.slice(0, 40)}"` : "an object without a type";
}
