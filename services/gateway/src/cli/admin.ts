/**
 * `threadline admin`: operators' commands against the gateway's store.
 * Usage: MONGO_URL=… MONGO_DATABASE=threadline_gateway node dist/cli/admin.js create-workspace --workspace acme …
 * (in Docker: docker compose run --rm gateway node services/gateway/dist/cli/admin.js …; on Kubernetes: k8s/jobs/).
 */
import { runAdminCommand } from './admin-command';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };

runAdminCommand(process.argv.slice(2), process.env, io).then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.err(`threadline admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
