import { loadConfigOrExit } from '@turumba/platform/config';
import { onShutdownSignal } from '@turumba/platform/http';
import { createLogger } from '@turumba/platform/logger';
import { loadConfig } from './config';
import { startGateway } from './start';

const config = loadConfigOrExit(() => loadConfig());
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
const service = await startGateway(config, { logger });
logger.info({ url: service.url }, 'gateway listening');
onShutdownSignal(() => service.close(), logger);
