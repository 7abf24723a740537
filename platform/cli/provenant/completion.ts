import { UsageError, onePositional, parseCommand, print, type Command } from './command';

const SHELLS = ['bash', 'zsh'] as const;

/** Every name a command answers to. */
function namesOf(command: Command): string[] {
  return [command.name, ...(command.aliases ?? [])];
}

/** The options a command's --help names, so completion offers exactly what --help documents. */
export function optionsOf(command: Command): string[] {
  const options = new Set(command.usage.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []);
  if (options.has('--output')) options.add('-o');
  return [...options, '--help'].sort();
}

/** One bash function completing command words, then each command's options, then -o's formats. */
export function bashCompletion(commands: Command[]): string {
  const names = commands.flatMap(namesOf);
  const firstWords = [...new Set(names.map((name) => name.split(' ')[0]))].sort();
  const groups = firstWords
    .map((first) => ({ first, seconds: names.filter((name) => name.startsWith(`${first} `)).map((name) => name.split(' ')[1]) }))
    .filter((group) => group.seconds.length > 0);
  const optionCase = (indent: string) => (name: string) => `${indent}"${name}") options="${optionsOf(commands.find((command) => namesOf(command).includes(name))!).join(' ')}" ;;`;
  const twoWords = names.filter((name) => name.includes(' '));
  const oneWord = names.filter((name) => !name.includes(' '));
  return `# provenant shell completion for bash. Load it with:
#   source <(provenant completion bash)
# or save it to a file your shell reads, e.g. ~/.local/share/bash-completion/completions/provenant
_provenant_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local first="\${COMP_WORDS[1]}" second="\${COMP_WORDS[2]}" options=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${firstWords.join(' ')} --help" -- "$cur"))
    return
  fi
  case "$first" in
${groups.map((group) => `    ${group.first}) if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "${group.seconds.join(' ')}" -- "$cur")); return; fi ;;`).join('\n')}
  esac
  case "$prev" in
    -o|--output) COMPREPLY=($(compgen -W "table json yaml" -- "$cur")); return ;;
    --env|--deploy) COMPREPLY=($(compgen -W "STAGING PRODUCTION" -- "$cur")); return ;;
  esac
  case "$first $second" in
${twoWords.map(optionCase('    ')).join('\n')}
  esac
  if [ -z "$options" ]; then
    case "$first" in
${oneWord.map(optionCase('      ')).join('\n')}
    esac
  fi
  COMPREPLY=($(compgen -W "$options" -- "$cur"))
}
complete -o default -F _provenant_completions provenant
`;
}

/** zsh runs the bash function through its bash completion layer, so both shells complete alike. */
export function zshCompletion(commands: Command[]): string {
  return `#compdef provenant
# provenant shell completion for zsh. Load it with:
#   source <(provenant completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(commands).split('\n').filter((line) => !line.startsWith('#')).join('\n')}`;
}

export function completionCommand(commands: () => Command[]): Command {
  return {
    name: 'completion',
    summary: 'print a shell completion script (bash or zsh)',
    usage: `
Usage: provenant completion bash|zsh

Prints a script that completes provenant's commands, their options and the values of
-o and --env. Load it in the current shell with \`source <(provenant completion bash)\`
(or zsh), or add that line to ~/.bashrc or ~/.zshrc.
`,
    async run(argv) {
      const { positionals } = parseCommand(this, argv, {});
      const shell = onePositional(positionals, 'SHELL (bash or zsh)');
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`no completion for ${JSON.stringify(shell)}; shells: ${SHELLS.join(', ')}`);
      print(shell === 'bash' ? bashCompletion(commands()) : zshCompletion(commands()));
      return 0;
    },
  };
}
