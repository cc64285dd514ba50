import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatTime } from '../../lib/format';

/** How often a report whose range includes today asks again: today's figures keep growing. */
export const LIVE_RANGE_REFRESH_MS = 60_000;

/**
 * Asks every report on the screen again, and says when the figures were fetched. A range that includes
 * today also refreshes itself every minute.
 */
export function RefreshButton({
  includesToday,
  locale,
  timeZone,
}: {
  includesToday: boolean;
  locale: string;
  /** The report's zone (the shop's unless the URL asks for another): the time is written in it. */
  timeZone: string;
}) {
  const queryClient = useQueryClient();
  const fetching = useIsFetching() > 0;
  const [updatedAt, setUpdatedAt] = useState(() => new Date());

  useEffect(() => {
    if (!fetching) setUpdatedAt(new Date());
  }, [fetching]);

  useEffect(() => {
    if (!includesToday) return;
    const timer = setInterval(() => void queryClient.invalidateQueries(), LIVE_RANGE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [includesToday, queryClient]);

  const time = formatTime(updatedAt.toISOString(), { locale, timeZone });
  return (
    <div className="refresh">
      <button
        type="button"
        className="button button-small"
        onClick={() => void queryClient.invalidateQueries()}
        disabled={fetching}
      >
        {fetching ? 'Refreshing…' : 'Refresh'}
      </button>
      <span className="muted" aria-live="polite">
        {fetching ? '' : `Updated ${time}`}
      </span>
    </div>
  );
}
