import type { ChannelType } from '@turumba/contracts';
import { Icon, type IconName } from './icons';

export const channelLabels: Record<ChannelType, string> = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  sms: 'SMS',
  email: 'Email',
  webchat: 'Web chat',
};

const look: Record<ChannelType, { color: string; icon: IconName }> = {
  telegram: { color: '#229ed9', icon: 'send' },
  whatsapp: { color: '#1fa855', icon: 'phone' },
  messenger: { color: '#7c4dff', icon: 'zap' },
  sms: { color: '#e07b00', icon: 'message' },
  email: { color: '#475467', icon: 'mail' },
  webchat: { color: '#4f46e5', icon: 'globe' },
};

/** A small brand-coloured tile with the channel's glyph, labelled for screen readers. */
export function ChannelIcon({ type, size = 18 }: { type: ChannelType | string; size?: number }) {
  const known = look[type as ChannelType] ?? { color: '#667085', icon: 'message' as IconName };
  const label = channelLabels[type as ChannelType] ?? type;
  return (
    <span
      className="channel-icon"
      role="img"
      aria-label={label}
      title={label}
      style={{ background: known.color, width: size, height: size, borderRadius: Math.round(size / 3.6) }}
    >
      <Icon name={known.icon} size={Math.round(size * 0.6)} strokeWidth={2.4} />
    </span>
  );
}
