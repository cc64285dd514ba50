/**
 * Tick labels for a time axis in the shop's locale and time zone (uPlot's own labels are US English).
 * The label's precision follows the distance between ticks: seconds, minutes, days or months.
 */
export function timeTickFormatter(
  locale: string,
  timeZone: string,
): (seconds: number, incrSeconds: number) => string {
  const make = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone });
  const withSeconds = make({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const time = make({ hour: '2-digit', minute: '2-digit' });
  const dayAndTime = make({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const day = make({ day: 'numeric', month: 'short' });
  const month = make({ month: 'short', year: 'numeric' });
  return (seconds, incr) => {
    const date = new Date(seconds * 1000);
    if (incr < 60) return withSeconds.format(date);
    if (incr < 3600 * 6) return time.format(date);
    if (incr < 86_400) return dayAndTime.format(date);
    if (incr < 86_400 * 28) return day.format(date);
    return month.format(date);
  };
}

/** Tick steps that are whole multiples of the report's bucket, so a daily chart never ticks at 6 am. */
export function tickIncrements(bucketSeconds: number): number[] {
  const multiples = [1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
  return multiples.map((m) => m * bucketSeconds);
}
