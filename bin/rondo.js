#!/usr/bin/env node
// The `rondo` command: a thin launcher for the compiled CLI.
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2)));
