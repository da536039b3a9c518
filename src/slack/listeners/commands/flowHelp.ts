import { buildHelp } from '../../blocks/help.js';
import type { FlowHandler } from './flowRequest.js';

export const flowHelp: FlowHandler = async () => buildHelp();
