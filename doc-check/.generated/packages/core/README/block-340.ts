import * as api from '@opentelemetry/api';
import { Fyno } from '@fyno-kit/core';

const fyno = new Fyno({ openTelemetry: api }); // explicit: e.g. when your bundler inlines node_modules
