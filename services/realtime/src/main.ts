import { loadConfigOrExit } from '@turumba/platform/config';
import { onShutdownSignal } from '@turumba/platform/http';
import { createLogger } from '@turumba/platform/logger';
import { loadConfig } from './config';
import { startRealtime } from './start';

const config = loadConfigOrExit(() => loadConfig());
const logger = createLogger({ name: 'realtime', level: config.LOG_LEVEL });
const service = await startRealtime(config, { logger });
logger.info({ url: service.url, path: config.SOCKET_PATH }, 'realtime listening');
onShutdownSignal(() => service.close(), logger);
