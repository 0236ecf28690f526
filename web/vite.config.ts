import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
    plugins: [vue()],
    // vue-i18n's compile-time flags: the app uses the Composition API only, so the legacy API is left out.
    define: {
        __VUE_I18N_FULL_INSTALL__: true,
        __VUE_I18N_LEGACY_API__: false,
        __INTLIFY_PROD_DEVTOOLS__: false,
    },
    resolve: {
        // The contracts and the chaincode model are built as CommonJS for Node; the browser bundle takes
        // their TypeScript sources instead, as ES modules, so zod and the GS1 code can be tree-shaken.
        alias: {
            '@coldtrace/api/contract': source('../api/src/contract/index.ts'),
            '@coldtrace/telemetry/contract': source('../telemetry/src/contract/index.ts'),
            '@coldtrace/chaincode/model': source('../chaincode/src/model/index.ts'),
        },
    },
    server: {
        host: '127.0.0.1',
        proxy: Object.fromEntries(['/api', '/epcis'].map((path) => [path, { target: process.env.COLDTRACE_API ?? 'http://127.0.0.1:3000', changeOrigin: true }])),
    },
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 400 },
    test: {
        environment: 'happy-dom',
        include: ['src/**/*.test.ts'],
    },
});
