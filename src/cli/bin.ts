/** Executable entry point of the `psoxy` command. */
import { buildProgram } from "./main.js";

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`psoxy: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
