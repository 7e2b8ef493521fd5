/** A short two-tone beep through WebAudio (no sound file to ship or load). */
export function beep(context?: AudioContext): void {
  const Ctor =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return;
  const ctx = context ?? new Ctor();
  const start = ctx.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.16, 1320],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.15);
  }
  if (!context) window.setTimeout(() => void ctx.close(), 600);
}

export const canNotify = () => typeof window !== 'undefined' && 'Notification' in window;

/** Asks for permission; browsers only allow this from a user gesture (a click). */
export async function requestDesktopPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!canNotify()) return 'unsupported';
  return Notification.requestPermission();
}

/** Shows a desktop notification when allowed; a click focuses the tab and runs `onClick`. */
export function showDesktopNotification(title: string, body: string, onClick: () => void): void {
  if (!canNotify() || Notification.permission !== 'granted') return;
  const notification = new Notification(title, { body, tag: title + body, icon: '/favicon.svg' });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
