/** The indexes an unordered insert refused as duplicates; any other failure is thrown on. */
export function duplicateFailures(error: unknown): number[] {
  const { duplicates, others } = insertFailures(error);
  if (others.length > 0) throw error;
  return duplicates;
}

/** The indexes an unordered insert refused, as duplicates and for other reasons; a failure of the whole insert is thrown on. */
export function insertFailures(error: unknown): { duplicates: number[]; others: number[] } {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const failures = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    code?: number;
    index: number;
  }[];
  if (failures.length === 0) throw error;
  return {
    duplicates: failures.filter((f) => f.code === 11000).map((f) => f.index),
    others: failures.filter((f) => f.code !== 11000).map((f) => f.index),
  };
}
