import type { OutboundMessage } from '../types';

/** Buttons as numbered lines, for channels without buttons (SMS, email): "1. Yes". */
export function renderButtons(message: OutboundMessage): string {
  const buttons = message.interactive?.buttons ?? [];
  const lines = buttons.map((b, i) => `${i + 1}. ${b.title}`);
  return [message.text, lines.join('\n')].filter(Boolean).join('\n\n');
}
