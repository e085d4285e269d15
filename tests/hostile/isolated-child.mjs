// Runs one case that may freeze the event loop, in a process the parent kills if it does:
//   node tests/hostile/isolated-child.mjs loop "<case name>" | stall | wear
// Prints one line of JSON.
import * as lib from '../../pkg/node.js';
import { runLoopCase, runStallCase, runWearCase } from './cases.mjs';

process.on('uncaughtException', () => {}); // counted by the parent through the outcome, not fatal here
const [kind, name] = process.argv.slice(2);
const result = kind === 'loop' ? await runLoopCase(lib, name) : kind === 'stall' ? await runStallCase(lib) : runWearCase(lib);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
