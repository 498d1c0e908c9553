import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Agent } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';

/** Admins: the workspace's agents and their roles (GET /agents). */
export default function AgentsScreen() {
  const { t, tv } = useI18n();
  const agents = useQuery({
    queryKey: ['agents'],
    queryFn: async () => (await api<{ items: Agent[] }>('/agents')).data.items,
  });
  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">{t('agents.title')}</h1>
      {agents.isPending ? (
        <Loading />
      ) : agents.isError ? (
        <LoadError error={agents.error} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('agents.name')}</th>
                <th scope="col">{t('agents.email')}</th>
                <th scope="col">{t('agents.role')}</th>
                <th scope="col">{t('agents.teams')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.data.map((agent) => (
                <tr key={agent.id}>
                  <td>{agent.name}</td>
                  <td>{agent.email}</td>
                  <td>{tv('role', agent.role)}</td>
                  <td>{agent.teams.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
