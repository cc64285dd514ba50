import type { Redis } from 'ioredis';

/** One event that needs a session: its visitor and when it happened (ms since the epoch). */
export interface SessionTouch {
  visitorId: string;
  at: number;
}

/**
 * Per visitor (`KEYS[1]`) its latest sessions as `id|first|last;…` (ms). ARGV: the timeout (ms), the key's
 * lifetime (s), how many sessions to keep, then the visitor's event times of one request, ascending. An event
 * within the timeout of a kept session joins it (widening it either way), otherwise it starts one; only the
 * sessions that ended last are kept. Atomic, so every ingest process agrees.
 */
const SESSION_SCRIPT = `
local timeout = tonumber(ARGV[1])
local keep = tonumber(ARGV[3])
local sessions = {}
local state = redis.call('GET', KEYS[1])
if state then
  for id, first, last in string.gmatch(state, '(%d+)|(%d+)|(%d+)') do
    sessions[#sessions + 1] = { id, tonumber(first), tonumber(last) }
  end
end
local out = {}
for i = 4, #ARGV do
  local t = tonumber(ARGV[i])
  local found
  for _, s in ipairs(sessions) do
    if t >= s[2] - timeout and t <= s[3] + timeout then found = s break end
  end
  if found then
    if t < found[2] then found[2] = t end
    if t > found[3] then found[3] = t end
  else
    found = { ARGV[i], t, t }
    sessions[#sessions + 1] = found
  end
  out[#out + 1] = found[1]
end
table.sort(sessions, function(a, b) return a[3] > b[3] end)
local parts = {}
for i = 1, math.min(keep, #sessions) do
  local s = sessions[i]
  parts[i] = s[1] .. '|' .. string.format('%.0f', s[2]) .. '|' .. string.format('%.0f', s[3])
end
redis.call('SET', KEYS[1], table.concat(parts, ';'), 'EX', ARGV[2])
return out
`;

/** Sessions kept per visitor: events arriving out of order (SDK retries, replays) still find theirs. */
const KEPT_SESSIONS = 4;

type SessionRedis = Redis & {
  visitorSession(
    key: string,
    timeoutMs: number,
    ttlSeconds: number,
    keep: number,
    ...times: number[]
  ): Promise<string[]>;
};

/**
 * Inactivity sessions for events that name none (`context.sessionId`): a visitor's session ends after
 * `timeoutMinutes` without an event, as in Google Analytics and Plausible. The session id is
 * `v:<visitor>:<first event's ms, base 36>`, decided in Redis (`visitor-session:<site>:<visitor>`), one script per
 * visitor, auto-pipelined into one round trip per request, so every ingest process gives a visitor's events the same session.
 * The state lives twice the timeout after its last write. Without Redis (or when it cannot answer) a
 * visitor's day is one session, as before (`v:<visitor>:<day>`).
 */
export class VisitorSessions {
  private readonly timeoutMs: number;
  private readonly ttlSeconds: number;

  constructor(
    timeoutMinutes: number,
    private readonly redis: Redis | undefined,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.timeoutMs = timeoutMinutes * 60_000;
    this.ttlSeconds = timeoutMinutes * 120;
    if (redis && !('visitorSession' in redis))
      redis.defineCommand('visitorSession', { numberOfKeys: 1, lua: SESSION_SCRIPT });
  }

  /** The session id of each touch, in order. */
  async resolve(site: string, touches: SessionTouch[]): Promise<string[]> {
    const daily = (touch: SessionTouch) =>
      `v:${touch.visitorId}:${new Date(touch.at).toISOString().slice(0, 10)}`;
    if (!this.redis || touches.length === 0) return touches.map(daily);
    const timesOf = new Map<string, number[]>();
    for (const { visitorId, at } of touches) {
      const times = timesOf.get(visitorId);
      if (times) times.push(at);
      else timesOf.set(visitorId, [at]);
    }
    const redis = this.redis as SessionRedis;
    // One call per visitor; the client's auto-pipelining sends a request's calls (and those of the requests
    // taken in the same tick) in one write.
    const visitors = [...timesOf.keys()];
    const replies = await Promise.allSettled(
      visitors.map((visitorId) => {
        const times = [...new Set(timesOf.get(visitorId))].sort((a, b) => a - b);
        timesOf.set(visitorId, times);
        return redis.visitorSession(
          `visitor-session:${site}:${visitorId}`,
          this.timeoutMs,
          this.ttlSeconds,
          KEPT_SESSIONS,
          ...times,
        );
      }),
    );
    const sessionOf = new Map<string, string>();
    replies.forEach((reply, index) => {
      if (reply.status === 'rejected' || !Array.isArray(reply.value)) {
        this.onError(reply.status === 'rejected' ? reply.reason : new Error('unexpected reply'));
        return;
      }
      const visitorId = visitors[index]!;
      const ids = reply.value;
      timesOf.get(visitorId)!.forEach((at, i) => {
        sessionOf.set(`${visitorId}|${at}`, `v:${visitorId}:${Number(ids[i]).toString(36)}`);
      });
    });
    return touches.map((touch) => sessionOf.get(`${touch.visitorId}|${touch.at}`) ?? daily(touch));
  }
}
