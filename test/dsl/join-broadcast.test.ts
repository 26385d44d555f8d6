import { joinSuite } from './join-suite.js';

// Default threshold: the small sides are broadcast.
joinSuite('dsl joins end to end (broadcast)', { shufflePartitions: 3 }, true);
