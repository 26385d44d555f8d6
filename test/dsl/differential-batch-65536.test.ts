import { differentialSuite } from './differential-suite.js';

differentialSuite(65536, 1500);
