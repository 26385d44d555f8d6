import { differentialSuite } from './differential-suite.js';

differentialSuite(1, 200);
