import { loadConfigOrExit } from '@turumba/platform/config';
import { onShutdownSignal } from '@turumba/platform/http';
import { createLogger } from '@turumba/platform/logger';
import { loadConfig } from './config';
import { startMessagingApi } from './start';

const config = loadConfigOrExit(() => loadConfig());
const logger = createLogger({ name: 'messaging-api', level: config.LOG_LEVEL });
const service = await startMessagingApi(config, { logger });
logger.info({ url: service.url }, 'messaging api listening');
onShutdownSignal(() => service.close(), logger);
