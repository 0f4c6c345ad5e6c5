import { openMemoryStore } from '../../../src/store/index.js';
import { runStoreContract } from './contract.js';

runStoreContract('memory', (options) => openMemoryStore({ watch: options?.watch }));
