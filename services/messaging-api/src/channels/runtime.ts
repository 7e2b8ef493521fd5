import type { ModuleDeps } from '../module-deps';
import { createAdapters } from './adapters';
import { createChannelStore } from './channel-store';
import { createCredentialCipher } from './credential-cipher';

/** What the channel pipeline shares: one adapter per type (provider bases from config), the cipher, the store. */
export function createChannelRuntime(deps: ModuleDeps) {
  const { config } = deps;
  const adapters = createAdapters({
    telegramApiBase: config.TELEGRAM_API_BASE,
    whatsappApiBase: config.WHATSAPP_API_BASE,
    messengerApiBase: config.MESSENGER_API_BASE,
    twilioApiBase: config.TWILIO_API_BASE,
    clock: deps.clock,
    ids: deps.ids,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
  const cipher = createCredentialCipher(
    config.CREDENTIALS_ENCRYPTION_KEY,
    config.CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS,
  );
  return { adapters, cipher, channels: createChannelStore({ db: deps.db, cipher }) };
}
export type ChannelRuntime = ReturnType<typeof createChannelRuntime>;
