// The suite's control routes (mount, unmount, sync).
import { defineEventHandler, toWebRequest } from 'h3';
import { suite } from '../../utils/suite';

export default defineEventHandler((event) => suite.fetch(toWebRequest(event), event));
