import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

// Peers and core stay imports: one Nest (one DI container) and one `Fyno` class per app.
// With @swc/core installed and `emitDecoratorMetadata` in tsconfig, tsup compiles decorated files
// with swc; esbuild alone would drop `design:paramtypes` and Nest would inject `undefined`.
export default defineConfig(packageBuild([/^@nestjs\//, 'reflect-metadata', /^rxjs(\/|$)/, /^@fyno-kit\/core(\/|$)/], { splitting: false, treeshake: false }));
