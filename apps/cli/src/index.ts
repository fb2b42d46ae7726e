export { buildProgram } from './program.ts';
export { CliError, EXIT, type ExitCode } from './exit-codes.ts';
