// Every command of the extension, from one table: a command is a small factory that gets the
// extension's services and returns the handler. Arguments come from the palette (none), code
// lenses and the status bar (the model file's URI and the model's export name), or tests.

import * as vscode from "vscode";
import { COMMAND_IDS, type CommandId } from "./commandIds";
import { newModel } from "./features/newModel";
import type { SummaryDocuments } from "./features/summaryDocument";
import type { ExtensionServices } from "./services";
import { showTopology } from "./topology";

export interface CommandServices extends ExtensionServices {
  readonly summaries: SummaryDocuments;
}

type CommandFactory = (services: CommandServices) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<CommandId, CommandFactory> = {
  [COMMAND_IDS.newModel]: () => (templateId, target) =>
    newModel(typeof templateId === "string" ? templateId : undefined, target instanceof vscode.Uri ? target : undefined),
  [COMMAND_IDS.showSummary]: (services) => (source, exportName) =>
    services.summaries.show(source instanceof vscode.Uri ? source : undefined, typeof exportName === "string" ? exportName : undefined),
  [COMMAND_IDS.train]: () => () => notAvailableYet("Training"),
  [COMMAND_IDS.evaluate]: () => () => notAvailableYet("Evaluation"),
  [COMMAND_IDS.showTopology]: (services) => showTopology(services),
};

/**
 * Says plainly that a feature is still being built, instead of pretending to run it. Returns
 * the message, so a caller (or a test) can tell what the user was shown.
 */
function notAvailableYet(feature: string): string {
  const message = `${feature} is not available yet in this version of NN Studio.`;
  void vscode.window.showInformationMessage(message);
  return message;
}

export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandId[]).map((id) => {
    const handler = COMMANDS[id](services);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        services.logger.error(`${id} failed`, error instanceof Error ? error : String(error));
        void vscode.window.showErrorMessage(`NN Studio: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  });
}
