/** The photo's own time as the entry's modification time; now when the data has no valid date. */
export function entryDate(createdAt: unknown): Date {
  const time = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  return Number.isNaN(time) ? new Date() : new Date(time);
}
