#!/usr/bin/env node
// `npx dataops-test …`: the run-data-tests engine as a local CLI (the committed bundle does the work).
import '../dist/run-data-tests/cli/index.js';
