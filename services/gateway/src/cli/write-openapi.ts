/**
 * Writes the agent API's OpenAPI document (the one GET /api/v1/openapi.json serves) to a file,
 * for the console's generated client: `node dist/cli/write-openapi.js <file>`.
 */
import { writeFileSync } from 'node:fs';
import { gatewayOpenApiDocument } from '../openapi/gateway-openapi';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: write-openapi <file>\n');
  process.exit(2);
}
writeFileSync(file, `${JSON.stringify(gatewayOpenApiDocument(), null, 2)}\n`);
