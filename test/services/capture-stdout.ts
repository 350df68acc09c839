/**
 * Captures what in-process code prints to stdout (where @actions/core writes workflow commands)
 * and reads it back as the runner would: annotations, masks and the rendered log.
 */
import { jest } from '@jest/globals';
import { parseWorkflowCommands, type ParsedLog } from '../harness/workflow-commands.js';

export interface Captured {
  text(): string;
  parsed(): ParsedLog;
  warnings(): string[];
  restore(): void;
}

export function captureStdout(): Captured {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write);
  const text = () => chunks.join('');
  return {
    text,
    parsed: () => parseWorkflowCommands(text()),
    warnings: () =>
      parseWorkflowCommands(text())
        .annotations.filter((a) => a.level === 'warning')
        .map((a) => a.message),
    restore: () => spy.mockRestore(),
  };
}
