/** `time` as Flowwise writes its date-times: ISO 8601 in UTC, to the second (`2024-12-03T14:30:00Z`). */
export function isoSeconds(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
