/** The job summary: appended as markdown, written once per action run. */
import * as core from '@actions/core';

/** Appends markdown to the step summary; a runner without a summary file just logs it. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(markdown);
    return;
  }
  await core.summary.addRaw(markdown, true).write();
}

/** Link to the job's summary page, where comments point for their full text. */
export function summaryLink(runUrl: string): string {
  return `${runUrl}#summary`;
}
