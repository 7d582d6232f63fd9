// The `nn-studio` command: one table of subcommands over the same core the editor uses.

import { runCheck } from "./check";
import { CliError } from "./errors";
import { type CommandIO, processIO } from "./io";
import { runSummary } from "./summary";
import { runEvaluateCommand } from "./evaluate";
import { runTrainCommand } from "./train";
import { didYouMean } from "../core/suggest";

interface Command {
  usage: string;
  description: string;
  run(argv: string[], io: CommandIO): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  check: {
    usage: "check <file|folder|glob>... [--json]",
    description: "Check model files; prints path:line:column: severity code: message. Exit 1 on any error.",
    run: runCheck,
  },
  summary: {
    usage: "summary <file> [--model NAME] [--json]",
    description: "Print each model as a Keras-style summary table.",
    run: runSummary,
  },
  train: {
    usage: "train <file> [--model NAME] [--epochs N] [--backend auto|tensorflow|wasm|cpu] [--threads N] [--json]",
    description: "Train a model in a worker process and save the run in .nn-studio/runs/; prints the test metrics. Exit 1 on failure.",
    run: (argv, io) => runTrainCommand(argv, io),
  },
  evaluate: {
    usage: "evaluate <file|runDir> [--model NAME] [--backend B] [--threads N] [--json] [--recompute]",
    description: "Print the test-split evaluation of a model's latest run (or of the run folder given).",
    run: (argv, io) => runEvaluateCommand(argv, io),
  },
};

function usage(): string {
  const lines = ["Usage: nn-studio <command> [options]", "", "Commands:"];
  for (const command of Object.values(COMMANDS)) lines.push(`  ${command.usage}`, `      ${command.description}`);
  return lines.join("\n");
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`nn-studio: unknown command '${name}'.${didYouMean(name, Object.keys(COMMANDS))}\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`nn-studio ${error.message}`);
      return error.exitCode;
    }
    // A bug of ours, not the user's: still one clear line, with a way to get the details.
    io.err(`nn-studio ${name}: internal error: ${(error as Error).message ?? String(error)}` + (process.env.NN_STUDIO_DEBUG ? `\n${(error as Error).stack}` : " (set NN_STUDIO_DEBUG=1 for details)"));
    return 3;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`nn-studio: ${String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
