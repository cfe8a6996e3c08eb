// What `main-fastify.ts` boots in the README recipe: any of the modules here.
export { AppModule } from './jwt.module';
