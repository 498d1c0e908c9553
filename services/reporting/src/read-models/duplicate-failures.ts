/** The indexes an unordered insert refused as duplicates; any other failure is thrown on. */
export function duplicateFailures(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const failures = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    code?: number;
    index: number;
  }[];
  if (failures.length === 0 || failures.some((f) => f.code !== 11000)) throw error;
  return failures.map((f) => f.index);
}
