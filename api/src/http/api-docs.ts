import { dirname } from 'node:path';
import express, { type Router } from 'express';

/**
 * `GET /api/docs`: the OpenAPI document rendered by Swagger UI from its npm package, served by the
 * API itself, so the docs work offline.
 */
export function apiDocs(openApiPath: string): Router {
    const router = express.Router();
    const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
    router.get('/swagger-initializer.js', (_req, res) => {
        res.type('application/javascript').send(
            `window.onload = () => { window.ui = SwaggerUIBundle({ url: ${JSON.stringify(openApiPath)}, dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' }); };`,
        );
    });
    router.use(express.static(swaggerDir, { index: 'index.html' }));
    return router;
}
