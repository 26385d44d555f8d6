import { differentialSuite } from './differential-suite.js';

differentialSuite(7, 1500);
