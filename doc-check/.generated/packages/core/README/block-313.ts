import { Fyno } from '@fyno-kit/core';

const fyno = new Fyno({ logger: console });
