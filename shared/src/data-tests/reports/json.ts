/** The JSON report (output `report-path`): the whole DataTestReport, written atomically. */
import type { DataTestReport } from '../model.js';
import { writeAtomically } from './junit.js';

export async function writeJsonReport(report: DataTestReport, file: string): Promise<void> {
  await writeAtomically(file, `${JSON.stringify(report, null, 2)}\n`);
}
