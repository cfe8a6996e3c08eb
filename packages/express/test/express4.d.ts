// The `express4` alias (express@4.22.3) has no types of its own; its API is the one @types/express describes.
declare module 'express4' {
  import express = require('express');
  export = express;
}
