import { loadConfigOrExit } from '@turumba/platform/config';
import { onShutdownSignal } from '@turumba/platform/http';
import { createLogger } from '@turumba/platform/logger';
import { loadConfig } from './config';
import { startAccountApi } from './start';

const config = loadConfigOrExit(() => loadConfig());
const logger = createLogger({ name: 'account-api', level: config.LOG_LEVEL });
const service = await startAccountApi(config, { logger });
logger.info({ url: service.url }, 'account api listening');
if (service.demoPassword) {
  logger.info(
    { emails: ['admin@demo.local', 'agent1@demo.local', 'agent2@demo.local'] },
    'demo account created',
  );
  console.log(`Demo password (shown once): ${service.demoPassword}`);
}
onShutdownSignal(() => service.close(), logger);
