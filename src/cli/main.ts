/**
 * The `psoxy` command tree. Sub-commands live in their own modules; this file only wires them up.
 * `bin.ts` is the executable entry point.
 */
import { Command } from "commander";
import { registerConnectorsCommand } from "./connectors-command.js";
import { registerRulesCommands } from "./rules-commands.js";
import { registerSanitizeCommand } from "./sanitize-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerTestCommand } from "./test-command.js";
import { VERSION } from "./version.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("psoxy")
    .description(
      "Pseudonymizing data-loss-prevention proxy, compatible with Psoxy rules, SALT and pseudonyms.\n" +
        "Sanitizes API responses and files with rules YAML; see `psoxy <command> --help`.",
    )
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)");
  registerRulesCommands(program);
  registerServeCommand(program);
  registerSanitizeCommand(program);
  registerConnectorsCommand(program);
  registerTestCommand(program);
  return program;
}
