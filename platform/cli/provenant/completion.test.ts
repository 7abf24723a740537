import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command } from './command';
import { bashCompletion, optionsOf } from './completion';

const command = (name: string, usage: string, aliases?: string[]): Command => ({ name, aliases, summary: '', usage, run: async () => 0 });

test("a command's options are those its --help names, with -o beside --output", () => {
  assert.deepEqual(optionsOf(command('models list', 'Usage: provenant models list [-o F]\n  -o, --output F  table\n  --url URL\n  --token T')), ['--help', '--output', '--token', '--url', '-o']);
});

test('the bash script completes groups, their subcommands and aliases, and each command\'s options', () => {
  const script = bashCompletion([command('runs start', 'Usage: --model M --watch', ['pipeline start']), command('approve', 'Usage: --comment C')]);
  assert.match(script, /compgen -W "approve pipeline runs --help"/);
  assert.match(script, /runs\) if \[ "\$COMP_CWORD" -eq 2 \]; then COMPREPLY=\(\$\(compgen -W "start"/);
  assert.match(script, /"pipeline start"\) options="--help --model --watch" ;;/);
  assert.match(script, /"approve"\) options="--comment --help" ;;/);
  assert.match(script, /^complete -o default -F _provenant_completions provenant$/m);
});
