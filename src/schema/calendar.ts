/** True when year `y`, month `m` (1–12) and day `d` name a day of the proleptic Gregorian calendar, year 1 on. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  // There is no year 0 (PostgreSQL refuses it; the year before 1 is 1 BC).
  if (y < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC reads years 0–99 as 1900–1999.
  if (y < 100) date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
