#!/usr/bin/env node
// `npx dataops-actions …`: the committed bundle (dist/cli, built from shared/src/pin/cli.ts) does the work.
import '../dist/cli/index.js';
