#!/usr/bin/env node
// Entry point of the `dockside` command: runs the compiled CLI (built by `npm ci` through `prepare`).
const { main } = require('../dist/gateway/cli/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
