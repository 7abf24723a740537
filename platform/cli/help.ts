/** Prints usage and exits when the user asks for it; every command-line entry point calls this first. */
export function handleHelp(usage: string, argv: string[] = process.argv.slice(2)): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
}
