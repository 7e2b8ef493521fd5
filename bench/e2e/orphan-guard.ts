/**
 * Preloaded (`--import`) into every service the end-to-end bench forks: when the bench dies
 * without cleaning up (SIGKILL, crash), the IPC channel closes and the service shuts down
 * gracefully instead of running on as an orphan. Services themselves are not changed.
 */
if (process.send) {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
