import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Agent, Role } from '../api/types';
import { EditButton, FormActions, FormField } from '../forms/form-field';
import { useSubmit } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];
const LIST_KEY = ['agents'];
const splitTeams = (text: string) =>
  text
    .split(',')
    .map((team) => team.trim())
    .filter(Boolean);

/** A new agent (POST /agents) or a change of one (PATCH /agents/:id: name, role, teams). */
function AgentForm({ agent, done }: { agent: Agent | null; done: () => void }) {
  const { t, tv } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState(agent?.name ?? '');
  const [role, setRole] = useState<Role>(agent?.role ?? 'agent');
  const [teams, setTeams] = useState(agent?.teams.join(', ') ?? '');
  const { errors, busy, submit } = useSubmit(['email', 'password', 'name', 'role', 'teams'], LIST_KEY);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const fields = { name, role, teams: splitTeams(teams) };
    const saved = await submit(() =>
      agent
        ? api(`/agents/${agent.id}`, { method: 'PATCH', body: fields })
        : api('/agents', { method: 'POST', body: { ...fields, email, password } }),
    );
    if (saved) done();
  };
  const title = agent ? t('agents.editTitle', { name: agent.name }) : t('agents.newTitle');
  return (
    <form className="card admin-form" onSubmit={(e) => void save(e)} aria-label={title}>
      <h2>{title}</h2>
      {!agent && (
        <FormField label={t('agents.email')} error={errors.email}>
          {(control) => <input {...control} value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
      )}
      <FormField label={t('agents.name')} error={errors.name}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <FormField label={t('agents.role')} error={errors.role}>
        {(control) => (
          <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tv('role', r)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t('agents.teamsHint')} error={errors.teams}>
        {(control) => <input {...control} value={teams} onChange={(e) => setTeams(e.target.value)} />}
      </FormField>
      {!agent && (
        <FormField label={t('agents.password')} error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </FormField>
      )}
      <FormActions error={errors['']} busy={busy} cancel={done} />
    </form>
  );
}

/** Admins: the workspace's agents and their roles (GET /agents), added and changed here. */
export default function AgentsScreen() {
  const { t, tv } = useI18n();
  const agents = useQuery({
    queryKey: LIST_KEY,
    queryFn: async () => (await api<{ items: Agent[] }>('/agents')).data.items,
  });
  // null: no form open; 'new': the new agent's form; else the agent being changed.
  const [editing, setEditing] = useState<Agent | 'new' | null>(null);
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
                <th scope="col">
                  <span className="visually-hidden">{t('form.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.data.map((agent) => (
                <tr key={agent.id}>
                  <td>{agent.name}</td>
                  <td>{agent.email}</td>
                  <td>{tv('role', agent.role)}</td>
                  <td>{agent.teams.join(', ')}</td>
                  <td>
                    <EditButton name={agent.name} onClick={() => setEditing(agent)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing === null ? (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('agents.add')}
        </button>
      ) : (
        <AgentForm
          key={editing === 'new' ? 'new' : editing.id}
          agent={editing === 'new' ? null : editing}
          done={() => setEditing(null)}
        />
      )}
    </section>
  );
}
