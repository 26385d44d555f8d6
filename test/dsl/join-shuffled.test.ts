import { joinSuite } from './join-suite.js';

// Broadcast disabled: every equi-join shuffles both sides.
joinSuite('dsl joins end to end (shuffled)', { shufflePartitions: 3, broadcastThresholdBytes: 0 }, false);
