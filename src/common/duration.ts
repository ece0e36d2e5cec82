const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** '30m', '8h', '7d' -> seconds; undefined for anything else, which callers refuse, never guess. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d{1,6})\s*([smhd])$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}
