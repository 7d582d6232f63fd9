// Every command of the extension, from one table: a command is a small factory that gets the
// extension's services and returns the handler. Arguments come from the palette (none), code
// lenses and the status bar (the model file's URI and the model's export name), or tests.

import * as vscode from "vscode";
import { COMMAND_IDS, type CommandId } from "./commandIds";
import { newModel } from "./features/newModel";
import type { SummaryDocuments } from "./features/summaryDocument";
import type { ExtensionServices } from "./services";
import { showTopology } from "./topology";
import type { TrainingController } from "./training/trainingController";

export interface CommandServices extends ExtensionServices {
  readonly summaries: SummaryDocuments;
  readonly training: TrainingController;
}

type CommandFactory = (services: CommandServices) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<CommandId, CommandFactory> = {
  [COMMAND_IDS.newModel]: () => (templateId, target) =>
    newModel(typeof templateId === "string" ? templateId : undefined, target instanceof vscode.Uri ? target : undefined),
  [COMMAND_IDS.showSummary]: (services) => (source, exportName) =>
    services.summaries.show(source instanceof vscode.Uri ? source : undefined, typeof exportName === "string" ? exportName : undefined),
  [COMMAND_IDS.train]: (services) => (source, exportName) => services.training.train(source, exportName),
  [COMMAND_IDS.evaluate]: (services) => (source, exportName) => services.training.evaluate(source, exportName),
  [COMMAND_IDS.stopTraining]: (services) => () => services.training.stop(),
  [COMMAND_IDS.showRuns]: (services) => (source, exportName) => services.training.showRuns(source, exportName),
  [COMMAND_IDS.showTopology]: (services) => showTopology(services),
};

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
