// The extension's state lives here, not in module globals: the context object creates every
// service and feature, registers them with VS Code, and disposes all of it on deactivation.

import * as vscode from "vscode";
import { ModelAnalyses } from "./analyses";
import { type CommandServices, registerCommands } from "./commands";
import { CONFIG_SECTION, type Config, readConfig } from "./config";
import { MODEL_SELECTOR } from "./documents";
import { ModelQuickFixes } from "./features/codeActions";
import { ModelCodeLenses } from "./features/codeLenses";
import { DiagnosticsController } from "./features/diagnostics";
import { ModelSymbols } from "./features/documentSymbols";
import { ModelHovers } from "./features/hovers";
import { ModelInlayHints } from "./features/inlayHints";
import { ModelStatusItem } from "./features/statusBar";
import { SUMMARY_SCHEME, SummaryDocuments } from "./features/summaryDocument";
import { createLogger, type Logger } from "./logger";
import { TrainingController } from "./training/trainingController";

export class NnStudio implements CommandServices, vscode.Disposable {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  readonly analyses: ModelAnalyses;
  readonly summaries: SummaryDocuments;
  readonly training: TrainingController;
  private readonly configChanged = new vscode.EventEmitter<Config>();
  readonly onDidChangeConfig = this.configChanged.event;
  private currentConfig: Config;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const started = performance.now();
    this.extensionUri = context.extensionUri;
    this.logger = createLogger();
    this.currentConfig = readConfig();
    this.analyses = new ModelAnalyses(this.logger);
    this.summaries = new SummaryDocuments(this);
    this.training = new TrainingController(this);

    const inlayHints = new ModelInlayHints(this);
    const codeLenses = new ModelCodeLenses(this);
    this.disposables.push(
      this.logger,
      this.configChanged,
      this.analyses,
      this.summaries,
      this.training,
      inlayHints,
      codeLenses,
      new DiagnosticsController(this),
      new ModelStatusItem(this),
      vscode.languages.registerInlayHintsProvider(MODEL_SELECTOR, inlayHints),
      vscode.languages.registerHoverProvider(MODEL_SELECTOR, new ModelHovers(this)),
      vscode.languages.registerCodeLensProvider(MODEL_SELECTOR, codeLenses),
      vscode.languages.registerCodeActionsProvider(MODEL_SELECTOR, new ModelQuickFixes(this), ModelQuickFixes.metadata),
      vscode.languages.registerDocumentSymbolProvider(MODEL_SELECTOR, new ModelSymbols(this), { label: "NN Studio" }),
      vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, this.summaries),
      ...registerCommands(this),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(CONFIG_SECTION)) return;
        this.currentConfig = readConfig();
        this.configChanged.fire(this.currentConfig);
        inlayHints.refresh();
        codeLenses.refresh();
      }),
      // A changed CSV changes shapes without an edit to the model: ask for fresh hints and lenses.
      this.analyses.onDidInvalidate(() => {
        inlayHints.refresh();
        codeLenses.refresh();
      }),
    );
    this.logger.info(
      `NN Studio ${String(context.extension.packageJSON.version)} active (set up in ${(performance.now() - started).toFixed(1)} ms)`,
    );
  }

  config(): Config {
    return this.currentConfig;
  }

  dispose(): void {
    // Last in, first out: features go before the services they use.
    for (const disposable of this.disposables.reverse()) disposable.dispose();
    this.disposables.length = 0;
  }
}
