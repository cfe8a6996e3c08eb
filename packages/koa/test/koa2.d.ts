// The Koa 2 alias (`koa2: npm:koa@2`), typed as Koa: the adapter uses what both majors share.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
