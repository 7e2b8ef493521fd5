import { runBusContract } from './contract';
import { InProcessBus } from './in-process-bus';

runBusContract('in-process', async () => {
  const bus = new InProcessBus({ retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  return {
    bus,
    deadLetters: async () => bus.deadLetters(),
    dispose: () => bus.close(),
  };
});
