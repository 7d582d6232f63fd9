// Command identifiers, as declared in package.json "contributes.commands". Features that link to
// a command (code lenses, the status bar) use these names, so a rename breaks the build, not a click.

export const COMMAND_IDS = {
  newModel: "nnStudio.newModel",
  showSummary: "nnStudio.showSummary",
  train: "nnStudio.train",
  evaluate: "nnStudio.evaluate",
  stopTraining: "nnStudio.stopTraining",
  showRuns: "nnStudio.showRuns",
  showTopology: "nnStudio.showTopology",
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];
