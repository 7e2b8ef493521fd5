/** `npm start`: the whole product in one process; see scripts/stack.ts. */
import { onShutdownSignal } from '@turumba/platform/http';
import { createLogger } from '@turumba/platform/logger';
import { demoUsers } from '../services/account-api/src/seed/demo';
import { startStack } from './stack';

const logger = createLogger({ name: 'turumba', level: process.env.LOG_LEVEL ?? 'info' });
const stack = await startStack(process.env, logger);
const publicUrl = process.env.PUBLIC_URL ?? stack.gatewayUrl;
const password = stack.demoPassword
  ? `${stack.demoPassword}   (generated; shown only this once)`
  : process.env.DEMO_PASSWORD
    ? 'the value of DEMO_PASSWORD'
    : 'the one printed on the first start';

console.log(`
Turumba Support is running.
  Web app:   ${publicUrl}/
  REST API:  ${publicUrl}/v1/...    docs: ${publicUrl}/docs
  Sockets:   ${publicUrl}  (Socket.IO, path /ws)
Demo logins: ${demoUsers.map((u) => u.email).join(', ')}
Password:    ${password}
`);
onShutdownSignal(() => stack.close(), logger);
