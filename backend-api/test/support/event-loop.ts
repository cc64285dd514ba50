/**
 * Watches how long this process's event loop goes without running a timer, and how much CPU the process
 * itself spent in that stretch. On a shared machine a stretch can be long because other processes had
 * the cores; only the CPU this process burnt in it says whether its own work held the loop.
 */
export function watchEventLoop(tickMs = 5) {
  let longestStretchMs = 0;
  let longestBusyMs = 0;
  let last = performance.now();
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    longestStretchMs = Math.max(longestStretchMs, now - last);
    longestBusyMs = Math.max(longestBusyMs, (used.user + used.system) / 1000);
    last = now;
  }, tickMs);
  return {
    stop() {
      clearInterval(timer);
      return { longestStretchMs, longestBusyMs };
    },
  };
}
