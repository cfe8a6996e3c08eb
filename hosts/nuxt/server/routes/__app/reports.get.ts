// What the app's receiver verified, for the tests (an app would read its database).
import { defineEventHandler } from 'h3';
import { received } from '../../utils/fyno';

export default defineEventHandler(() => received);
